"""What a failing fetch or push means is read from git's verdict, never from numbers or words in the URL."""

from __future__ import annotations

import pytest

from koop_tui.sync.remote import Remote, explain_remote_error

ORIGIN = Remote("origin", "main", True)

CASES = [
    # the port 40139 holds "401" and once read as a refusal of access
    ("fatal: unable to access 'http://127.0.0.1:40139/x.git/': Failed to connect to 127.0.0.1 port 40139 after 0 ms:"
     " Couldn't connect to server", "cannot reach"),
    ("fatal: unable to access 'http://127.0.0.1:40312/x.git/': Failed to connect to 127.0.0.1 port 40312 after 0 ms:"
     " Connection refused", "cannot reach"),
    ("fatal: unable to access 'https://git.example.com/team.git/': The requested URL returned error: 403",
     "refused access"),
    ("error: RPC failed; HTTP 401 curl 22 The requested URL returned error: 401", "refused access"),
    ("remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://git.example.com/t.git/'",
     "refused access"),
    ("git@example.com: Permission denied (publickey).\nfatal: Could not read from remote repository.",
     "refused access"),
    ("fatal: '/srv/git/gone.git' does not appear to be a git repository", "does not exist"),
    ("fatal: repository 'https://git.example.com/gone.git/' not found", "does not exist"),
    ("ssh: Could not resolve host: git.example.com\nfatal: Could not read from remote repository.",
     "cannot reach"),
    # words in the path are the user's, not git's verdict
    ("fatal: unable to access 'https://example.com/permission denied/x.git/': Could not resolve host: example.com",
     "cannot reach"),
    ("fatal: '/srv/timed out/x.git' does not appear to be a git repository", "does not exist"),
    ("fatal: something new went wrong at 'https://example.com/403/x.git'", "could not fetch"),
]


@pytest.mark.parametrize(("said", "meaning"), CASES)
def test_the_failure_is_named_by_what_git_said(said, meaning):
    message, hint = explain_remote_error(ORIGIN, said)
    assert meaning in message.splitlines()[0]
    assert "committed locally" in hint
    assert said.splitlines()[0] in message or said.splitlines()[-1] in message
