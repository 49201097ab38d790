"""Keep the translation catalogs in step with the source: extract, merge, compile.

    python tools/catalog.py          extract every message of koop_tui/, add the new ones to each catalog
                                     (koop_tui/locale/<lang>/LC_MESSAGES/koop.po) untranslated, drop the ones the
                                     source no longer has, and compile each .po to its .mo
    python tools/catalog.py --check  only say what is missing, fuzzy or stale (exit 1 if anything is)

Needs Babel (in the test extras). Translate the new entries in the .po, then run it again to compile.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "koop_tui"
LOCALE = SOURCE / "locale"
DOMAIN = "koop"
# gettext's names, koop_tui.words.plural(count, singular, plural) and koop_tui.i18n.NP_(context, message)
KEYWORDS = {**DEFAULT_KEYWORDS, "plural": (2, 3), "NP_": ((1, "c"), 2)}


def extract() -> Catalog:
    """Every message the source marks, with where it is used."""
    template = Catalog(project="koop", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        template.add(message, None, [(f"koop_tui/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def catalogs() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=path.parent.parent.name, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update(path: Path, template: Catalog) -> None:
    catalog = read(path)
    created = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = created  # the header stays as it was: a diff shows only messages
    out = io.BytesIO()
    # sorted by message, without source lines: a change elsewhere in a file leaves the catalog alone, and two
    # branches adding messages rarely touch the same lines
    write_po(out, catalog, width=120, no_location=True, sort_output=True, include_previous=False)
    path.write_bytes(out.getvalue())
    path.with_suffix(".mo").write_bytes(compiled(read(path)))


def problems(path: Path, template: Catalog) -> list[str]:
    """What keeps a catalog from being complete: messages missing, empty or fuzzy, and a stale .mo."""
    catalog = read(path)
    out = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = (found.string if isinstance(found.string, tuple | list) else (found.string,)) if found else ()
        if found is None:
            out.append(f"missing: {message.id!r}")
        elif found.fuzzy:
            out.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            out.append(f"untranslated: {message.id!r}")
    mo = path.with_suffix(".mo")
    if not mo.is_file() or mo.read_bytes() != compiled(catalog):
        out.append(f"{mo.relative_to(ROOT)} is not compiled from {path.name}: run python tools/catalog.py")
    return out


def main(argv: list[str]) -> int:
    template = extract()
    bad = 0
    for path in catalogs():
        if "--check" not in argv:
            update(path, template)
        found = problems(path, template)
        for line in found:
            print(f"{path.relative_to(ROOT)}: {line}")
        bad += len(found)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
