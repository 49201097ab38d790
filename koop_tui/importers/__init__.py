"""Moving in and out: contacts from vCard and CSV exports into partner files, and all contacts out as vCard."""
