"""Every user action, declared once: its stable id, default key, footer label and help text.

Bindings, the command palette, the help screen and user rebinding (`[keys]` in config.toml) all read
this table, so a key is never declared twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from koop_tui.i18n import N_


@dataclass(frozen=True)
class Action:
    """One thing a person can do; `id` is part of the user's config and must stay stable."""

    id: str
    key: str
    action: str
    label: str
    help: str
    scope: str
    show: bool = True


# Where an action works: the help screen's sections
EVERYWHERE = N_("Everywhere")
LISTS = N_("Lists")
DUE = N_("Due")
PARTNERS = N_("Partners")
PARTNER = N_("Partner")
CAMPAIGNS = N_("Campaigns")
CAPTURED = N_("Captured")
DIALOGS = N_("Dialogs")
REPORT = N_("Report")
WHO_CAN = N_("Who can")
TRIAGE = N_("Triage")


ACTIONS: dict[str, Action] = {
    a.id: a
    for a in (
        Action("show-due", "1", "app.switch('due')", N_("Due"), N_("Show who is due, and why"), EVERYWHERE, show=False),
        Action("show-partners", "2", "app.switch('partners')", N_("Partners"), N_("Show all partners"), EVERYWHERE, show=False),
        Action("show-campaigns", "3", "app.switch('campaigns')", N_("Campaigns"), N_("Show campaigns (e.g. Christmas cards)"), EVERYWHERE, show=False),
        Action("show-report", "4", "app.switch('report')", N_("Report"), N_("Show the report: months, owners, cooling"),
               EVERYWHERE, show=False),
        Action("show-captured", "5", "app.switch('captured')", N_("Captured"), N_("Capture from mail and calendars; review what was unsure"), EVERYWHERE, show=False),
        Action("who", "w", "app.who", N_("Who can"), N_("Find partners by know-how"), EVERYWHERE, show=False),
        Action("search", "ctrl+f,slash", "app.search", N_("Search"), N_("Search names, contacts, emails, notes and skills"),
               EVERYWHERE, show=False),
        Action("problems", "exclamation_mark", "app.problems", N_("Problems"), N_("List broken files and other problems"), EVERYWHERE, show=False),
        Action("sync", "S", "app.sync", N_("Sync"), N_("Commit, fetch, merge and push the workspace"), EVERYWHERE, show=False),
        Action("help", "question_mark", "app.help", N_("Help"), N_("List every key"), EVERYWHERE),
        Action("undo", "u", "app.undo", N_("Undo"), N_("Undo koop's last change (a new change reversing it)"), EVERYWHERE, show=False),
        Action("redo", "ctrl+r", "app.redo", N_("Redo"), N_("Redo the change undone last"), EVERYWHERE, show=False),
        Action("quit", "ctrl+q,q", "app.quit", N_("Quit"), N_("Quit koop (q only outside a text box)"), EVERYWHERE, show=False),
        Action("open", "enter", "open", N_("Open"), N_("Open the selected partner"), LISTS, show=False),
        Action("back", "escape", "back", N_("Back"), N_("Go back; in a text box: leave it (or clear it)"), LISTS, show=False),
        Action("row-down", "j", "cursor_down", N_("Down"), N_("Next row (also down)"), LISTS, show=False),
        Action("row-up", "k", "cursor_up", N_("Up"), N_("Previous row (also up)"), LISTS, show=False),
        Action("first-row", "g,home", "scroll_top", N_("First"), N_("First row"), LISTS, show=False),
        Action("last-row", "G,end", "scroll_bottom", N_("Last"), N_("Last row"), LISTS, show=False),
        Action("log-touch", "l", "log_touch", N_("Log"), N_("Log a touchpoint with the selected contact or partner"), LISTS),
        Action("add-followup", "f", "add_followup", N_("Follow-up"), N_("Add a follow-up"), LISTS),
        Action("followup-done", "x", "followup_done", N_("Done"), N_("Mark the selected follow-up done; on the due list, clear the selected item (agreement reviewed, vetting checklist, debrief or proposal done / not now)"), LISTS, show=False),
        Action("snooze", "s", "snooze", N_("Snooze"), N_("Snooze the selected contact or partner"), LISTS),
        Action("new", "n", "new", N_("New"), N_("New partner (on a partner: new contact)"), LISTS, show=False),
        Action("edit-file", "e", "edit_file", N_("Edit"), N_("Open the partner file in $EDITOR"), LISTS, show=False),
        Action("filter", "slash", "filter", N_("Filter"), N_("In Who can and the search: back to the box, to type more words"),
               LISTS),
        Action("toggle-mine", "m", "toggle_mine", N_("Mine/all"), N_("Show my partners or everyone's (due list, campaigns)"), DUE),
        Action("pick-owner", "O", "pick_owner", N_("Owner"), N_("Show one owner's due list; owners listed with their counts"),
               DUE, show=False),
        Action("sort", "o", "sort", N_("Sort"), N_("Sort by staleness or by name"), PARTNERS, show=False),
        Action("filter-to-list", "down", "to_list", N_("To list"), N_("From the filter, move into the list"), PARTNERS,
               show=False),
        Action("edit-partner", "p", "edit_partner", N_("Edit partner"), N_("Edit the partner's fields"), PARTNER, show=False),
        Action("edit-contact", "c", "edit_contact", N_("Edit contact"), N_("Edit the selected contact"), PARTNER, show=False),
        Action("change-stage", "t", "change_stage", N_("Stage"), N_("Change the partner's stage"), PARTNER),
        Action("edit-record", "enter", "edit_record", N_("Edit"), N_("Edit the selected contact, touchpoint, follow-up, project or agreement"), PARTNER, show=False),
        Action("delete-record", "d", "delete_record", N_("Delete"), N_("Delete the selected contact, touchpoint, follow-up, project or agreement (asks)"), PARTNER, show=False),
        Action("vetting", "V", "vetting", N_("Vetting"), N_("Fill in the vetting checklist (contribution, references, anchoring, decision)"), PARTNER, show=False),
        Action("contact-left", "L", "contact_left", N_("Left"), N_("The selected contact left (with a successor)"), PARTNER, show=False),
        Action("add-project", "P", "add_project", N_("Project"), N_("Add a joint project"), PARTNER, show=False),
        Action("end-project", "E", "end_project", N_("End project"), N_("End the selected running project"), PARTNER, show=False),
        Action("add-agreement", "A", "add_agreement", N_("Agreement"), N_("Add an agreement"), PARTNER, show=False),
        Action("resolve-conflict", "r", "resolve_conflict", N_("Resolve"), N_("Resolve the selected merge conflict"), PARTNER),
        Action("campaign-done", "x", "campaign_done", N_("Mark done"), N_("Mark the campaign done for the selected partner"), CAMPAIGNS),
        Action("campaign-mark", "space", "campaign_mark", N_("Mark"), N_("Mark the selected partner; x then marks all marked done"), CAMPAIGNS),
        Action("next-campaign", "tab", "next_campaign", N_("Next campaign"), N_("Show the next campaign"), CAMPAIGNS, show=False),
        Action("capture-now", "c", "capture_now", N_("Capture"), N_("Read the configured mail and calendar sources now"), CAPTURED),
        Action("capture-mark", "space", "capture_mark", N_("Mark"), N_("Mark the selected proposal (to act on several)"), CAPTURED),
        Action("capture-accept", "a", "capture_accept", N_("Accept"), N_("Log the marked or selected proposals"), CAPTURED),
        Action("capture-reject", "r", "capture_reject", N_("Reject"), N_("Drop the marked or selected proposals for good"), CAPTURED),
        Action("capture-assign", "t", "capture_assign", N_("Assign"), N_("Log the selected proposal for a contact you pick"), CAPTURED),
        Action("yes", "y", "yes", N_("Yes"), N_("Confirm"), DIALOGS, show=False),
        Action("no", "n", "no", N_("No"), N_("Decline"), DIALOGS, show=False),
        Action("keep-ours", "o", "keep_ours", N_("Keep ours"), N_("Merge conflict: keep our value"), DIALOGS),
        Action("keep-theirs", "t", "keep_theirs", N_("Keep theirs"), N_("Merge conflict: keep their value"), DIALOGS),
        Action("hand-over", "h", "hand_over", N_("Hand over"), N_("Hand all partners of one owner to another"), REPORT),
        Action("asked", "a", "asked", N_("Log asked"), N_("Log that I asked the selected partner"), WHO_CAN),
        Action("triage-mark", "space", "triage_mark", N_("Mark"), N_("Mark the selected imported partner (to sort several)"),
               TRIAGE),
        Action("triage-sort", "t", "triage_sort", N_("Stage"), N_("Give the marked (or selected) partners a stage and a "
               "cadence"), TRIAGE),
        Action("triage-archive", "x", "triage_archive", N_("Not a partner"), N_("Archive the marked (or selected) "
               "partners as not a partner (stage ended; asks)"), TRIAGE),
    )
}


def bindings(*ids: str, quiet: tuple[str, ...] = (), shown: tuple[str, ...] = ()) -> list[Binding]:
    """Textual bindings for the given action ids, in that order; the `quiet` ones work but stay out of this
    screen's footer (the help lists them), so the keys of the screen's own work fit 80 columns; the `shown` ones
    are in its footer, though not in every screen's."""
    out = []
    for action_id in ids:
        a = ACTIONS[action_id]
        keys = a.key.split(",")
        if a.id in PRIORITY:  # before any widget, but a printable key still types into a text box
            typed = [k for k in keys if len(k) == 1]
            keys = [k for k in keys if len(k) > 1]
            if typed:
                out.append(Binding(",".join(typed), a.action, a.label, show=False, id=a.id))
        out.append(Binding(",".join(keys), a.action, a.label, show=(a.show or a.id in shown) and a.id not in quiet,
                           id=a.id, priority=a.id in PRIORITY))
    return out


PRIORITY = {"quit"}


KEY_NAMES = {"exclamation_mark": "!", "question_mark": "?", "slash": "/", "escape": "esc", "enter": "enter"}


def key_label(key: str) -> str:
    """A key as people read it (`?` rather than `question_mark`)."""
    return ", ".join(KEY_NAMES.get(k, k) for k in key.split(","))
