"""Slugs and contact ids for names in every alphabet: transliterated after the German ä -> ae step, never
changed once given."""

from __future__ import annotations

import pytest

from koop_tui.slugs import slugify


@pytest.mark.parametrize(("name", "slug"), [
    ("Łódź Studio", "lodz-studio"),                      # Polish
    ("Świętokrzyskie Żagle Sp. z o.o.", "swietokrzyskie-zagle-sp-z-o-o"),
    ("Ærø Design", "aero-design"),                       # Danish, Norwegian
    ("Øster Bau", "oster-bau"),
    ("Åse Ødegård", "ase-odegard"),
    ("Þórunn Ólafsdóttir", "thorunn-olafsdottir"),       # Icelandic
    ("Björk & Älv AB", "bjoerk-aelv-ab"),                # Swedish: the German step comes first
    ("Dvořák & Syn s.r.o.", "dvorak-syn-s-r-o"),         # Czech
    ("Ústí nad Labem Tisk", "usti-nad-labem-tisk"),
    ("Şişecam İstanbul Iğdır", "sisecam-istanbul-igdir"),  # Turkish, dotted and dotless i
    ("Αθήνα Γραφιστική", "athina-grafistiki"),           # Greek
    ("Москва Дизайн", "moskva-dizayn"),                  # Russian
    ("Щука Київ", "shchuka-kiiv"),                      # Russian and Ukrainian letters
    ("Müller & Söhne", "mueller-soehne"),                # German as before
    ("Straße der Café-Kultur", "strasse-der-cafe-kultur"),
    ("Café 😀 ★ Bar", "cafe-bar"),                       # symbols and emoji separate, no ":grinning:"
    ("サントリー Holdings", "holdings"),                 # kana stay out, the Latin part remains
])
def test_names_in_every_alphabet(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["日本商事", "山田太郎", "漢字の名前", "ソニー", "北京设计", "😀", "★ ☆"])
def test_a_name_without_a_latin_spelling_has_no_slug(name):
    with pytest.raises(ValueError, match="cannot make a file name"):
        slugify(name)


@pytest.fixture
def root(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    return root


def test_cli_names_files_and_ids_in_latin(koop_inproc, root):
    assert koop_inproc("add", "partner", "Łódź Studio", cwd=root).returncode == 0
    assert koop_inproc("add", "contact", "lodz", "Łukasz Nowak", cwd=root).returncode == 0
    assert koop_inproc("add", "contact", "lodz", "Ørjan Ås", cwd=root).returncode == 0
    assert koop_inproc("add", "partner", "Москва Дизайн", cwd=root).returncode == 0
    assert koop_inproc("add", "contact", "moskva", "Юлия Жукова", cwd=root).returncode == 0
    assert sorted(p.name for p in (root / "partners").iterdir()) == ["lodz-studio.toml", "moskva-dizayn.toml"]
    text = (root / "partners/lodz-studio.toml").read_text()
    assert 'id = "lukasz"\nname = "Łukasz Nowak"' in text and 'id = "orjan"\nname = "Ørjan Ås"' in text
    assert 'id = "yuliya"\nname = "Юлия Жукова"' in (root / "partners/moskva-dizayn.toml").read_text()
    assert koop_inproc("log", "lodz-studio/lukasz", "call", cwd=root).returncode == 0
    refused = koop_inproc("add", "partner", "北京设计", cwd=root)
    assert refused.returncode == 2 and "--slug" in refused.stderr


def test_existing_slugs_and_ids_never_change(koop_inproc, root):
    """A partner and a contact named by the old rule (letters outside German dropped) keep their file and id."""
    (root / "partners/odz-studio.toml").write_text(
        'name = "Łódź Studio"\nslug = "odz-studio"\nstage = "active"\n\n'
        '[[contacts]]\nid = "ukasz"\nname = "Łukasz Nowak"\n')
    assert koop_inproc("log", "Łódź/ukasz", "call", "--note", "still here", cwd=root).returncode == 0
    assert koop_inproc("set", "odz-studio/ukasz", "role=CEO", cwd=root).returncode == 0
    assert koop_inproc("add", "contact", "odz-studio", "Łucja Nowak", cwd=root).returncode == 0
    assert [p.name for p in (root / "partners").iterdir()] == ["odz-studio.toml"]
    text = (root / "partners/odz-studio.toml").read_text()
    assert 'slug = "odz-studio"' in text and 'id = "ukasz"' in text and 'id = "lucja"' in text
    assert 'contacts = ["ukasz"]' in text
    assert koop_inproc("check", cwd=root).returncode == 0


@pytest.mark.parametrize(("args", "error"), [
    (("add", "partner", "Bauer", "--slug", "Bad Slug"), "koop: --slug: 'Bad Slug' is not usable as a file name\n"),
    (("add", "partner", "Bauer", "--slug", "con"), "koop: --slug: 'con' is not usable as a file name\n"),
    (("add", "contact", "acme", "Ida Roth", "--id", "Ida R"), "koop: --id: 'Ida R' is not usable as a contact id\n"),
])
def test_a_typed_slug_or_id_that_cannot_be_one_is_a_usage_error(koop_inproc, acme, args, error):
    """They were refused by the store with exit 1, where a name koop cannot make one of is a usage error (2)."""
    before = sorted(p.name for p in (acme / "partners").iterdir())
    run = koop_inproc(*args, cwd=acme)
    assert run.returncode == 2 and run.stderr.startswith(error)
    assert "  hint: use a-z, 0-9 and -, at most 63 characters, e.g. --" in run.stderr
    assert sorted(p.name for p in (acme / "partners").iterdir()) == before


def test_a_contacts_id_leaves_out_titles_as_an_import_does(koop_inproc, acme):
    """`Dr. Eva Müller` got the id `dr` from `koop add contact` (an import made it `eva`)."""
    for name in ("Dr. Eva Müller", "Prof. Dr. Jan Roth", "Dr."):
        assert koop_inproc("add", "contact", "acme", name, cwd=acme).returncode == 0
    text = (acme / "partners" / "acme.toml").read_text()
    assert 'id = "eva"\nname = "Dr. Eva Müller"' in text and 'id = "jan"\nname = "Prof. Dr. Jan Roth"' in text
    assert 'id = "dr"\nname = "Dr."' in text  # a title alone is the name
