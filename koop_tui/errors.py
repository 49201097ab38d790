"""Errors koop reports to people: one or two lines, never a traceback."""

from __future__ import annotations

from koop_tui.i18n import _


class KoopError(Exception):
    """A problem the user can act on; the CLI prints it and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message + "\n  " + _("hint: {hint}").format(hint=self.hint) if self.hint else self.message


class UsageError(KoopError):
    """Bad arguments on the command line (exit 2)."""

    exit_code = 2


class InvalidValue(KoopError):
    """A change would write a value the file may not hold (an unknown anchoring, an empty name): what was typed
    is wrong, so a command that typed it says so as a usage error (`koop set`)."""


class ConflictError(KoopError):
    """A file changed on disk since it was read; the write was refused."""


class FieldConflict(ConflictError):
    """Fields a caller changed that also changed on disk since the caller read them; nothing was written.

    `clashes` holds (key, value the caller read, value on disk now, value the caller wanted) for each."""

    def __init__(self, who: str, clashes: list[tuple[str, object, object, object]]) -> None:
        keys = ", ".join(clash[0] for clash in clashes)
        super().__init__(_("{keys} of {who} changed on disk since you read it; not saved").format(keys=keys, who=who),
                         _("choose mine, theirs, or edit again"))
        self.clashes = clashes
