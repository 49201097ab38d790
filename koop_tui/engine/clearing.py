"""How each kind of due item is cleared, in the app and with the CLI: the last part of every explanation.

A due item tells what to do and why; this says how to make it go away, so nobody has to guess which key or
command clears a debrief or an agreement review. `x` on the due list clears the selected item of any kind
(docs/app.md); the commands name the item's own partner and record, ready to run.
"""

from __future__ import annotations

from koop_tui.i18n import N_, _, translated

# {t}: the item's target as the CLI names it (PARTNER or PARTNER/ID); {p}: the partner alone.
WAYS = {
    "contact": N_("log a touch (x) or koop log {t} KIND"),
    "followup": N_("done (x) or koop done {t}"),
    "handover": N_("add the new contact (x) or koop add contact {p} NAME"),
    "vetting": N_("fill in the checklist (x or V) or koop set {p} vetting.contribution=… vetting.anchoring=… "
                  "(references: V)"),
    "debrief": N_("done or not now (x), or koop log {p} meeting, or koop snooze {p} --until D"),
    "agreement": N_("reviewed (x) or koop reviewed {t} --next +1y"),
    "warmup": N_("proposed or not now (x), or koop log {p} meeting, or koop snooze {p} --until D"),
    "birthday": N_("log a touch on the day (x) or koop log {t} KIND"),
    "anniversary": N_("log a touch on the day (x) or koop log {p} KIND"),
    "campaign": N_("x on the Campaigns screen or koop log {p} {touch}"),
    "fair": N_("log meeting them (x) or koop log {p} meeting"),
    "triage": N_("a stage or not a partner (on the triage list: enter on its due row) or koop triage {p} --stage S "
                 "(--archive: not a partner)"),
    "problem": N_("fix the file (e) until koop check is clean"),
    "conflict": N_("enter opens the partner, r resolves; or set the value in the file (e) and delete its "
                   "[[conflicts]] entry"),
}


def target(key: str) -> tuple[str, str]:
    """(PARTNER or PARTNER/ID, PARTNER) of an item key: `followup:muster/f3c2` -> ("muster/f3c2", "muster");
    a campaign's key names the campaign first (`campaign:xmas/muster`)."""
    rest = key.split(":", 1)[1]
    if key.startswith(("campaign:", "fair:")):
        rest = rest.split("/", 1)[1]
    return rest, rest.split("/", 1)[0]


def way_out(kind: str, key: str, **extra: str) -> str:
    """"to clear: done (x) or koop done muster/f3c2"; "" for a kind without a known way."""
    text = WAYS.get(kind)
    if text is None:
        return ""
    t, p = target(key)
    return _("to clear: {way}").format(way=translated(text).format(t=t, p=p, **extra))


def with_way_out(explanation: str, kind: str, key: str, **extra: str) -> str:
    """The explanation, ending with how its item is cleared."""
    way = way_out(kind, key, **extra)
    return f"{explanation}; {way}" if way and explanation else (way or explanation)
