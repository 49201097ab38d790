"""`koop import FILE.vcf|FILE.csv`: preview what will be created, merged or skipped, then write it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from koop_tui.cli.common import after_change, refuse_broken_settings, say, today, workspace_root, write_json
from koop_tui.cli.targets import refuse_control_characters
from koop_tui.errors import KoopError, UsageError
from koop_tui.i18n import N_, NP_, Said, _, shown, translated, os_reason
from koop_tui.model import STAGES
from koop_tui.words import plural, stage_word

LARGE = 200  # records from which a progress bar is worth showing


def configure(parser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help=_("a .vcf (vCard 2.1/3.0/4.0) or .csv (Google, Outlook, plain)"))
    parser.add_argument("--stage", choices=STAGES, default="imported",
                        help=_("stage of partners the import creates (default: imported, to sort with koop triage)"))
    parser.add_argument("--tag", action="append", default=[], metavar="T", help=_("tag partners the import creates"))
    parser.add_argument("--owner", metavar="O", help=_("owner of partners the import creates"))
    parser.add_argument("-n", "--dry-run", action="store_true", help=_("print the preview, change nothing"))
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print only the summary"))
    parser.add_argument("--json", action="store_true",
                        help=_("with --dry-run: the preview as one JSON object (file, format, records, changes)"))


class ProgressBar:
    """A one-line text bar on stderr, redrawn only when the percentage changes."""

    def __init__(self, label: str, stream: TextIO, width: int = 30) -> None:
        self.label, self.stream, self.width, self.last = label, stream, width, -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent == self.last:
            return
        self.last = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label:<9}[{bar}] {percent:3d}% {done}/{total}")
        self.stream.flush()
        if done >= total:
            self.stream.write("\n")


def progress_for(label: str, total: int):
    """A progress callback when stderr is a terminal and the file is large; else None."""
    if total < LARGE or not sys.stderr.isatty():
        return None
    return ProgressBar(label, sys.stderr)


MAX_IMPORT = 256 << 20  # an export of many contacts with photos; beyond it the source is not one (/dev/zero)


def read_records(path: Path):
    """Records of a vCard or CSV file, the format's name and the encoding found."""
    from koop_tui.importers.csv_ import parse_csv
    from koop_tui.importers.records import decode_text
    from koop_tui.importers.vcard import parse_vcards

    try:
        with open(path, "rb") as source:  # a pipe too (koop import <(curl ...)); a device is read up to the cap
            data = source.read(MAX_IMPORT + 1)
    except FileNotFoundError:
        raise KoopError(_("no such file: {path}").format(path=path)) from None
    except (IsADirectoryError, PermissionError, OSError) as exc:
        raise KoopError(_("cannot read {path}: {error}").format(path=path, error=os_reason(exc))) from None
    if len(data) > MAX_IMPORT:
        raise KoopError(_("{path}: larger than {size} MB; not read").format(path=path, size=MAX_IMPORT >> 20),
                        _("export fewer contacts at a time, or without photos"))
    text, encoding = decode_text(data)
    suffix = path.suffix.lower()
    is_vcard = suffix in (".vcf", ".vcard") or (suffix != ".csv" and "BEGIN:VCARD" in text[:4096].upper())
    if is_vcard:
        records = parse_vcards(text)
        if not records:
            raise KoopError(_("{file}: no vCard in it (no BEGIN:VCARD line); nothing was imported").format(
                file=path.name), _("export the contacts again as vCard (.vcf), or import a CSV file"))
        return records, "vCard", encoding
    layout, records = parse_csv(text)
    if not records:
        raise KoopError(_("{file}: no records in it (empty, or a header line only); nothing was imported").format(
            file=path.name))
    return records, layout.name, encoding


# What the preview does to each file or record: the --json `action` (English), and its label on screen.
ACTIONS = {"create": NP_("import", "create"), "add": NP_("import", "add"), "merge": NP_("import", "merge"),
           "kept": NP_("import", "kept"), "warn": NP_("import", "warn"), "skip": NP_("import", "skip")}


def changes(plan) -> list[tuple[str, str]]:
    """The preview as (action, text): one per partner file written, merge, kept value, warning and skipped
    record. A text is an i18n.Said: English as a str (--json), shown in the user's language."""
    out: list[tuple[str, str]] = []
    for pp in plan.partners.values():
        out.extend(_partner_lines(pp))
    out.extend(("warn", Said(N_("{where}: {text}"), where=where, text=text)) for where, text in plan.warnings)
    out.extend(("skip", Said(N_("{where}: {text}"), where=where, text=reason)) for where, reason in plan.skipped)
    return out


def report_lines(plan, quiet: bool = False) -> list[str]:
    """The preview in the user's language, its labels aligned (the summary of counts is printed only once they
    are true: after writing, or for a dry run)."""
    if quiet:
        return []
    width = max(len(translated(label)) for label in ACTIONS.values()) + 2
    return [translated(ACTIONS[action]).ljust(width) + shown(text) for action, text in changes(plan)]


def summary(counts: dict[str, int]) -> str:
    """"2 partners and 5 contacts created, 1 merged, 3 unchanged, 1 skipped"."""
    partners = plural(counts["partners"], "{n} partner", "{n} partners")
    return plural(counts["contacts"], "{partners} and {n} contact created, {merged} merged, {unchanged} unchanged, "
                                      "{skipped} skipped",
                  "{partners} and {n} contacts created, {merged} merged, {unchanged} unchanged, {skipped} skipped",
                  partners=partners, merged=counts["merged"], unchanged=counts["unchanged"],
                  skipped=counts["skipped"])


class _Stage(Said):
    """A stage as the file names it (--json), shown as the language says it."""

    def shown(self) -> str:
        return stage_word(str(self))


def _partner_lines(pp) -> list[tuple[str, str]]:
    partner = pp.partner
    where = f"partners/{partner.slug}.toml"
    if pp.new:
        names = ", ".join(c.name for c in partner.contacts) or Said(N_("no contacts"))
        return [("create", Said(N_("{where}: {partner} ({stage}): {names}"), where=where, partner=partner.name,
                                stage=_Stage(partner.stage), names=names))]
    out: list[tuple[str, str]] = []
    if pp.new_contacts:
        out.append(("add", f"{where}: " + ", ".join(c.name for c in pp.new_contacts)))
    if pp.fields:
        out.append(("merge", f"{where}: {partner.name}: " + ", ".join(sorted(pp.fields))))
    for m in pp.merges:
        if m.changes:
            out.append(("merge", f"{where}: {m.contact.name}: " + ", ".join(m.changes)))
        out.extend(("kept", Said(N_("{where}: {name}: existing {kept}"), where=where, name=m.contact.name, kept=k))
                   for k in m.kept)
    out.extend(("kept", Said(N_("{where}: {name}: {kept}"), where=where, name=partner.name, kept=k)) for k in pp.kept)
    return out


def _journal_import(root: Path, message: str) -> None:
    """An import writes many files at once: `koop undo` stops at it rather than undoing what came before."""
    from koop_tui.store import journal

    try:
        journal.append(root, "change", "", message, [{"table": "import", "id": None, "before": None, "after": None}])
    except OSError:
        pass


def run(args) -> int:
    from koop_tui.importers.plan import ImportStopped, Options, apply_plan, build_plan
    from koop_tui.slugs import is_slug
    from koop_tui.index import workspace as load_workspace

    refuse_control_characters(args)  # --owner is written into the partners it creates
    for tag in args.tag:
        if not is_slug(tag):
            raise UsageError(_("not a valid tag: {tag} (use lowercase letters, digits and dashes)").format(
                tag=repr(tag)))
    root = workspace_root(args)
    path = Path(args.file)
    records, fmt, encoding = read_records(path)
    workspace = load_workspace(root)
    refuse_broken_settings(workspace.problems)
    with_errors = list(workspace.file_errors())  # the import could merge into one, or miss a match in it
    if with_errors:
        shown = ", ".join(with_errors[:3]) + (" …" if len(with_errors) > 3 else "")
        raise KoopError(_("not importing while partner files have problems: {files}").format(files=shown),
                        _("fix them first (`koop check`), so that the import can match against them"))
    options = Options(stage=args.stage, tags=tuple(args.tag), owner=args.owner or "", imported=today(args))
    plan = build_plan(workspace, records, options, progress_for(_("planning"), len(records)))
    if args.json:
        if not args.dry_run:
            raise UsageError(_("--json previews only: add --dry-run"))
        preview = [{"action": action, "text": str(text)} for action, text in changes(plan)]
        write_json({"file": path.name, "format": fmt, "encoding": encoding, "records": len(records),
                    "counts": plan.count(), "partner_files": len(plan.changed), "changes": preview, "written": False})
        return 0
    say(plural(len(records), "{file}: {format}, {n} record ({encoding})", "{file}: {format}, {n} records ({encoding})",
               file=path.name, format=translated(fmt), encoding=encoding))
    for line in report_lines(plan, args.quiet):
        say(line)
    changed = plan.changed
    if args.dry_run or not changed:
        say(summary(plan.count()))
        say(_("dry run: nothing written") if args.dry_run else _("nothing to do"))
        return 0
    try:
        paths = apply_plan(root, workspace, plan, progress_for(_("writing"), len(changed)))
    except ImportStopped as exc:
        if exc.written:
            stopped = Said(N_("{change} (stopped early)"), change=_commit_message(plan, path.name))
            after_change(root, exc.written, stopped)
            _journal_import(root, stopped)
        raise
    after_change(root, paths, _commit_message(plan, path.name))
    _journal_import(root, _commit_message(plan, path.name))
    say(summary(plan.count()))
    say(plural(len(paths), "wrote {n} partner file", "wrote {n} partner files"))
    return 0


def _commit_message(plan, file_name: str) -> str:
    counts = plan.count()
    contacts = counts["contacts"] + sum(1 for p in plan.partners.values() for m in p.merges if m.changes)
    if contacts:
        return Said.plural(contacts, "Import {n} contact from {file}", "Import {n} contacts from {file}",
                           file=file_name)
    return Said.plural(len(plan.changed), "Import {n} partner from {file}", "Import {n} partners from {file}",
                       file=file_name)
