"""Which contacts a mail or an event is matched to, by their addresses."""

from __future__ import annotations

from datetime import date

from koop_tui.capture.config import CaptureConfig
from koop_tui.capture.match import Directory, match
from koop_tui.capture.seen import Seen
from koop_tui.model import Contact, Partner, Workspace
from koop_tui.settings import default_settings


def test_an_email_written_by_hand_that_is_no_address_matches_no_mail():
    """`email = "ole@nord"` (koop check warns: no address) matched a mail from ole@nord to Ole; an address
    with blanks around it is still Ole's, as koop check accepts it."""
    nord = Partner(slug="nord", name="Nord Design", contacts=[
        Contact(id="ole", name="Ole", email="ole@nord"), Contact(id="ida", name="Ida", email=" ida@nord.example "),
        Contact(id="bo", name="Bo", email="bo", emails=["bo@nord.example"])])
    directory = Directory(Workspace(default_settings(), {"nord": nord}))

    def contacts(address: str) -> list[list[str]]:
        seen = Seen(source=f"mail:<{address}>", kind="mail", thread=address, day=date(2026, 11, 20),
                    sender=address, people=[(address, "")])
        return [p.contacts for p in match(seen, directory, CaptureConfig())]

    assert contacts("ole@nord") == []
    assert contacts("ida@nord.example") == [["ida"]]
    assert contacts("bo") == []
    assert contacts("bo@nord.example") == [["bo"]]
