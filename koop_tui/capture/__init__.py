"""Touchpoints from the user's own mail and calendars, read locally: Maildir, mbox, IMAP, .ics and CalDAV.

Pure: no Textual. The CLI (`koop capture`) and the app's Captured screen drive capture.run.
"""
