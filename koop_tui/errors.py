"""Errors koop reports to people: one or two lines, never a traceback."""

from __future__ import annotations


class KoopError(Exception):
    """A problem the user can act on; the CLI prints it and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class UsageError(KoopError):
    """Bad arguments on the command line (exit 2)."""

    exit_code = 2


class ConflictError(KoopError):
    """A file changed on disk since it was read; the write was refused."""
