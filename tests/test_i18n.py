"""The user's language: every message in the German catalog, plurals by the language's rule, dates and numbers
as the language writes them, and the choice of language (config.toml, then the environment)."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from koop_tui import i18n
from koop_tui.words import plural
from tools import catalog

ROOT = Path(__file__).resolve().parents[1]
GERMAN = catalog.LOCALE / "de" / "LC_MESSAGES" / "koop.po"
CALLS = {"_": 1, "N_": 1, "NP_": 2, "ngettext": 2, "pgettext": 2, "plural": 3}  # name -> how many leading text arguments


@pytest.fixture(scope="module")
def template():
    return catalog.extract()


def test_every_message_of_the_source_is_translated_in_german(template):
    """Missing, empty or fuzzy German entries, and a .mo not compiled from the .po (tools/catalog.py fixes)."""
    assert len(template) > 20
    assert catalog.problems(GERMAN, template) == []


def test_german_messages_keep_the_placeholders_of_the_english(template):
    german = catalog.read(GERMAN)
    for message in template:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        found = german.get(message.id, context=message.context)
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        wanted = set(re.findall(r"\{[^{}]*\}", " ".join(ids)))
        for text in strings:
            assert set(re.findall(r"\{[^{}]*\}", text)) == wanted, (message.id, text)


def _text_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in CALLS and (name != "plural" or len(node.args) == 3):
                yield name, node


def test_messages_are_literals_outside_f_strings():
    """A message built at run time (an f-string, a variable) or a call inside an f-string is never extracted:
    it would stay English. Placeholders are filled with .format() after the lookup."""
    bad = []
    for path in sorted((ROOT / "koop_tui").rglob("*.py")):
        if path.name in ("i18n.py", "words.py"):  # where the functions are defined: they pass texts on
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_f = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
        for name, call in _text_calls(tree):
            where = f"{path.relative_to(ROOT)}:{call.lineno} {name}()"
            texts = call.args[1:] if name == "plural" else call.args[:CALLS[name]]
            if id(call) in inside_f:
                bad.append(f"{where} inside an f-string")
            elif not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in texts):
                bad.append(f"{where} with a text that is not a literal")
    assert bad == []


# Every counted noun: (English singular, English plural, German singular, German plural) for n = 1, 2.
NOUNS = [
    ("{n} file", "{n} files", "{n} Datei", "{n} Dateien"),
    ("{n} partner", "{n} partners", "{n} Partner", "{n} Partner"),
    ("{n} item", "{n} items", "{n} Eintrag", "{n} Einträge"),
    ("{n} warning", "{n} warnings", "{n} Warnung", "{n} Warnungen"),
    ("{n} error", "{n} errors", "{n} Fehler", "{n} Fehler"),
    ("{n} event", "{n} events", "{n} Termin", "{n} Termine"),
    ("{n} auto-reply", "{n} auto-replies", "{n} automatische Antwort", "{n} automatische Antworten"),
    # what a sync received and sent (tests/sync/test_sync_german.py has the whole summary)
    ("{n} touchpoint", "{n} touchpoints", "{n} Kontaktpunkt", "{n} Kontaktpunkte"),
    ("{n} follow-up", "{n} follow-ups", "{n} Wiedervorlage", "{n} Wiedervorlagen"),
    ("{n} new contact", "{n} new contacts", "{n} neuer Kontakt", "{n} neue Kontakte"),
    ("{n} changed partner", "{n} changed partners", "{n} geänderter Partner", "{n} geänderte Partner"),
    ("pushed {n} commit", "pushed {n} commits", "{n} Commit hochgeladen", "{n} Commits hochgeladen"),
]


@pytest.mark.parametrize("one, many, ein, viele", NOUNS, ids=[n[1] for n in NOUNS])
def test_plurals_of_0_1_2_in_both_languages(one, many, ein, viele):
    assert [plural(n, one, many) for n in (0, 1, 2)] == [many.format(n=0), one.format(n=1), many.format(n=2)]
    i18n.use("de")
    assert [plural(n, one, many) for n in (0, 1, 2)] == [viele.format(n=0), ein.format(n=1), viele.format(n=2)]


def test_every_counted_message_for_0_1_2_in_both_languages(template):
    """Beyond the nouns above: each plural message of the source takes the singular for 1 only, in English and
    in German (whose catalog says nplurals=2; plural=(n != 1))."""
    german = catalog.read(GERMAN)
    counted = [m for m in template if isinstance(m.id, tuple)]
    assert len(counted) >= len(NOUNS)
    for message in counted:
        one, many = message.id
        ein, viele = german.get(one).string
        assert [i18n.ngettext(one, many, n) for n in (0, 1, 2)] == [many, one, many]
        i18n.use("de")
        assert [i18n.ngettext(one, many, n) for n in (0, 1, 2)] == [viele, ein, viele]
        i18n.use("en")


def test_counts_and_dates_as_the_language_writes_them():
    day = date(2026, 12, 31)
    assert (plural(1200, "{n} item", "{n} items"), i18n.day(day), i18n.weekday_day(day), i18n.decimal(1.5),
            i18n.percent(0.42), i18n.month_name(day)) == ("1,200 items", "2026-12-31", "Thu 12-31", "1.5", "42%", "Dec")
    i18n.use("de")
    assert (plural(1200, "{n} item", "{n} items"), i18n.day(day), i18n.weekday_day(day), i18n.decimal(1.5),
            i18n.percent(0.42), i18n.month_name(day)) == ("1.200 Einträge", "31.12.2026", "Do 31.12.", "1,5", "42 %",
                                                          "Dez")
    with i18n.using("en"):
        assert i18n.day(day) == "2026-12-31"
    assert i18n.language() == "de"


def test_a_year_before_1000_is_written_with_four_digits_in_both_languages():
    """The C library's %Y pads no year: 0999-01-05 was shown as "999-01-05", which reads as no date."""
    old = date(999, 1, 5)
    assert i18n.day(old) == "0999-01-05" == old.isoformat()
    with i18n.using("de"):
        assert i18n.day(old) == "05.01.0999"


@pytest.mark.parametrize("env, config, wanted", [
    ({}, None, "en"),
    ({"LANG": "de_DE.UTF-8"}, None, "de"),
    ({"LANG": "de_AT.UTF-8", "LC_ALL": "en_US.UTF-8"}, None, "en"),  # LC_ALL before LANG
    ({"LANGUAGE": "de:en", "LANG": "en_US.UTF-8"}, None, "de"),  # LANGUAGE first, as gettext reads it
    ({"LANGUAGE": "en_GB:de"}, None, "en"),  # English is a language koop speaks: it stops there
    ({"LANGUAGE": "fr:de"}, None, "de"),
    ({"LC_MESSAGES": "de_CH.UTF-8"}, None, "de"),
    ({"LANG": "C.UTF-8"}, None, "en"),
    ({"LANG": "de_DE.UTF-8"}, 'language = "en"', "en"),  # the config forces English
    ({}, 'language = "de"', "de"),
    ({}, 'language = "fr"', "en"),  # a language koop does not speak: English
    ({"LANG": "de_DE.UTF-8"}, 'language = "fr"', "en"),  # named in koop's own config: English, and said (below)
    ({"LANG": "de_DE.UTF-8"}, "language = 5", "en"),  # no language at all: the same
    ({"LANG": "de_DE.UTF-8"}, "language = [", "de"),  # a broken config is reported elsewhere; the locale decides
    ({"KOOP_LANGUAGE": "de", "LC_ALL": "C"}, 'language = "en"', "de"),  # passed on by the koop that runs git
    ({"KOOP_LANGUAGE": "en", "LANG": "de_DE.UTF-8"}, None, "en"),
])
def test_language_from_config_then_environment(tmp_path, env, config, wanted):
    path = tmp_path / "config.toml"
    if config is not None:
        path.write_text(config + "\n")
    assert i18n.choose(env, path) == wanted


@pytest.mark.parametrize("env, config, said", [
    ({}, 'language = "fr"', '{path}: language "fr" is not available (koop speaks en, de); going on in English'),
    ({"LANG": "de_DE.UTF-8"}, "language = 5", "{path}: language 5 is not available (koop speaks en, de); going on "
                                              "in English"),
    ({"KOOP_LANGUAGE": "pt_BR"}, None, '$KOOP_LANGUAGE: language "pt_BR" is not available (koop speaks en, de); '
                                       "going on in English"),
    ({}, 'language = "de_AT.UTF-8"', ""),
    ({}, 'language = "en"', ""),
    ({}, 'language = "C"', ""),
    ({}, 'language = ""', ""),
    ({}, None, ""),
    ({"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"}, None, ""),  # the environment's: gettext's silent fallback
    ({"KOOP_LANGUAGE": "de"}, 'language = "fr"', ""),  # what koop passed on to git stands; the config is not read
])
def test_a_language_koop_does_not_speak_named_in_its_own_settings_is_said(tmp_path, env, config, said):
    """`language = "fr"` in config.toml gave English without a word."""
    path = tmp_path / "config.toml"
    if config is not None:
        path.write_text(config + "\n")
    assert i18n.unspoken(env, path) == said.format(path=path)


def test_the_language_is_chosen_from_the_user_config_at_the_first_message(monkeypatch):
    from koop_tui import userdirs

    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    i18n.use(None)
    assert i18n.language() == "de"
    userdirs.config_dir().mkdir(parents=True, exist_ok=True)
    (userdirs.config_dir() / "config.toml").write_text('language = "en"\n')
    assert i18n.language() == "de"  # kept once chosen
    i18n.use(None)
    assert i18n.language() == "en"


def test_a_kind_in_a_change_message_is_english_in_the_commit_and_the_users_word_when_shown():
    from koop_tui.model import Kind, kind_shown, kind_word

    said = i18n.Said.plural(2, "Log {kind} with {n} partner ({campaign})", "Log {kind} with {n} partners ({campaign})",
                            kind=kind_word("card"), campaign="Weihnachtskarten")
    assert str(said) == "Log card with 2 partners (Weihnachtskarten)"  # the commit and the journal's line
    i18n.use("de")
    assert said.shown() == "Karte mit 2 Partnern eintragen (Weihnachtskarten)"
    assert i18n.Said.from_json(said.to_json()).shown() == said.shown()  # read back from the journal
    own = {"fair-visit": Kind("fair-visit", 1.0, label="Messebesuch"), "card": Kind("card", 0.5, label="Card")}
    assert (kind_shown("fair-visit", own), kind_shown("card", own), kind_shown("jour-fixe")) == (
        "messebesuch", "Karte", "Jour fixe")  # a label of the workspace's own is its word; the shipped one is not
