"""The locator asked for some paths stops at the last of them and places them as a full scan does."""

from koop_tui.store.locate import Locator

TEXT = """slug = "acme"
name = "Acme"

[[contacts]]
id = "ann"
email = "a@x.de"

[[contacts]]
id = "bob"
email = "a@x.de"

[[touchpoints]]
id = "t1"
note = \"\"\"
email = "not a key"
\"\"\"

[[touchpoints]]
id = "t2"
"""


def test_wanted_paths_are_placed_as_by_a_full_scan():
    full = Locator(TEXT)
    for wanted in ({("contacts", 1, "email")}, {("contacts", 0, "email"), ("touchpoints", 1, "id")},
                   {("touchpoints", 0, "note")}, {("nowhere", 3)}):
        few = Locator(TEXT, wanted)
        assert [few.find(path) for path in wanted] == [full.find(path) for path in wanted]


def test_it_stops_at_the_last_wanted_path():
    few = Locator(TEXT, {("contacts", 1, "email")})
    assert few.find(("contacts", 1, "email")) == (10, 1)
    assert ("touchpoints", 0) not in few.positions
    assert ("touchpoints", 1, "id") in Locator(TEXT, {("nowhere",)}).positions  # not found: to the end
