"""Every user action, declared once: its stable id, default key, footer label and help text.

Bindings, the command palette, the help screen and user rebinding (`[keys]` in config.toml) all read
this table, so a key is never declared twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


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


ACTIONS: dict[str, Action] = {
    a.id: a
    for a in (
        Action("show-due", "1", "app.switch('due')", "Due", "Show who is due, and why", "Everywhere", show=False),
        Action("show-partners", "2", "app.switch('partners')", "Partners", "Show all partners", "Everywhere", show=False),
        Action("show-campaigns", "3", "app.switch('campaigns')", "Campaigns", "Show campaigns (e.g. Christmas cards)", "Everywhere", show=False),
        Action("show-report", "4", "app.switch('report')", "Report", "Show the report: months, owners, cooling",
               "Everywhere", show=False),
        Action("show-captured", "5", "app.switch('captured')", "Captured", "Capture from mail and calendars; review what was unsure", "Everywhere", show=False),
        Action("who", "w", "app.who", "Who can", "Find partners by know-how", "Everywhere", show=False),
        Action("search", "ctrl+f", "app.search", "Search", "Search names, contacts, emails, notes and skills",
               "Everywhere", show=False),
        Action("problems", "exclamation_mark", "app.problems", "Problems", "List broken files and other problems", "Everywhere", show=False),
        Action("sync", "S", "app.sync", "Sync", "Commit, fetch, merge and push the workspace", "Everywhere", show=False),
        Action("help", "question_mark", "app.help", "Help", "List every key", "Everywhere"),
        Action("undo", "u", "app.undo", "Undo", "Undo koop's last change (a new change reversing it)", "Everywhere", show=False),
        Action("redo", "ctrl+r", "app.redo", "Redo", "Redo the change undone last", "Everywhere", show=False),
        Action("quit", "ctrl+q,q", "app.quit", "Quit", "Quit koop (q only outside a text box)", "Everywhere", show=False),
        Action("open", "enter", "open", "Open", "Open the selected partner", "Lists", show=False),
        Action("back", "escape", "back", "Back", "Go back; in a text box: leave it (or clear it)", "Lists", show=False),
        Action("row-down", "j", "cursor_down", "Down", "Next row (also down)", "Lists", show=False),
        Action("row-up", "k", "cursor_up", "Up", "Previous row (also up)", "Lists", show=False),
        Action("first-row", "g,home", "scroll_top", "First", "First row", "Lists", show=False),
        Action("last-row", "G,end", "scroll_bottom", "Last", "Last row", "Lists", show=False),
        Action("log-touch", "l", "log_touch", "Log", "Log a touchpoint with the selected contact or partner", "Lists"),
        Action("add-followup", "f", "add_followup", "Follow-up", "Add a follow-up", "Lists"),
        Action("followup-done", "x", "followup_done", "Done", "Mark the selected follow-up done; on the due list, clear the selected item (agreement reviewed, vetting checklist, debrief or proposal done / not now)", "Lists", show=False),
        Action("snooze", "s", "snooze", "Snooze", "Snooze the selected contact or partner", "Lists"),
        Action("new", "n", "new", "New", "New partner (on a partner: new contact)", "Lists", show=False),
        Action("edit-file", "e", "edit_file", "Edit", "Open the partner file in $EDITOR", "Lists", show=False),
        Action("filter", "slash", "filter", "Filter", "Filter the list as you type", "Lists"),
        Action("toggle-mine", "m", "toggle_mine", "Mine/all", "Show my partners or everyone's (due list, campaigns)", "Due"),
        Action("pick-owner", "O", "pick_owner", "Owner", "Show one owner's due list; owners listed with their counts",
               "Due", show=False),
        Action("sort", "o", "sort", "Sort", "Sort by staleness or by name", "Partners", show=False),
        Action("filter-to-list", "down", "to_list", "To list", "From the filter, move into the list", "Partners",
               show=False),
        Action("edit-partner", "p", "edit_partner", "Edit partner", "Edit the partner's fields", "Partner", show=False),
        Action("edit-contact", "c", "edit_contact", "Edit contact", "Edit the selected contact", "Partner", show=False),
        Action("change-stage", "t", "change_stage", "Stage", "Change the partner's stage", "Partner"),
        Action("edit-record", "enter", "edit_record", "Edit", "Edit the selected contact, touchpoint, follow-up, project or agreement", "Partner", show=False),
        Action("delete-record", "d", "delete_record", "Delete", "Delete the selected contact, touchpoint, follow-up, project or agreement (asks)", "Partner", show=False),
        Action("vetting", "V", "vetting", "Vetting", "Fill in the vetting checklist (contribution, references, anchoring, decision)", "Partner", show=False),
        Action("contact-left", "L", "contact_left", "Left", "The selected contact left (with a successor)", "Partner", show=False),
        Action("add-project", "P", "add_project", "Project", "Add a joint project", "Partner", show=False),
        Action("end-project", "E", "end_project", "End project", "End the selected running project", "Partner", show=False),
        Action("add-agreement", "A", "add_agreement", "Agreement", "Add an agreement", "Partner", show=False),
        Action("resolve-conflict", "r", "resolve_conflict", "Resolve", "Resolve the selected merge conflict", "Partner"),
        Action("campaign-done", "x", "campaign_done", "Mark done", "Mark the campaign done for the selected partner", "Campaigns"),
        Action("campaign-mark", "space", "campaign_mark", "Mark", "Mark the selected partner; x then marks all marked done", "Campaigns"),
        Action("next-campaign", "tab", "next_campaign", "Next campaign", "Show the next campaign", "Campaigns", show=False),
        Action("capture-now", "c", "capture_now", "Capture", "Read the configured mail and calendar sources now", "Captured"),
        Action("capture-mark", "space", "capture_mark", "Mark", "Mark the selected proposal (to act on several)", "Captured"),
        Action("capture-accept", "a", "capture_accept", "Accept", "Log the marked or selected proposals", "Captured"),
        Action("capture-reject", "r", "capture_reject", "Reject", "Drop the marked or selected proposals for good", "Captured"),
        Action("capture-assign", "t", "capture_assign", "Assign", "Log the selected proposal for a contact you pick", "Captured"),
        Action("yes", "y", "yes", "Yes", "Confirm", "Dialogs", show=False),
        Action("no", "n", "no", "No", "Decline", "Dialogs", show=False),
        Action("keep-ours", "o", "keep_ours", "Keep ours", "Merge conflict: keep our value", "Dialogs"),
        Action("keep-theirs", "t", "keep_theirs", "Keep theirs", "Merge conflict: keep their value", "Dialogs"),
        Action("hand-over", "h", "hand_over", "Hand over", "Hand all partners of one owner to another", "Report"),
        Action("asked", "a", "asked", "Log asked", "Log that I asked the selected partner", "Who can"),
        Action("triage-mark", "space", "triage_mark", "Mark", "Mark the selected imported partner (to sort several)",
               "Triage"),
        Action("triage-sort", "t", "triage_sort", "Stage", "Give the marked (or selected) partners a stage and a "
               "cadence", "Triage"),
        Action("triage-archive", "x", "triage_archive", "Not a partner", "Archive the marked (or selected) "
               "partners as not a partner (stage ended; asks)", "Triage"),
    )
}


def bindings(*ids: str) -> list[Binding]:
    """Textual bindings for the given action ids, in that order."""
    out = []
    for action_id in ids:
        a = ACTIONS[action_id]
        keys = a.key.split(",")
        if a.id in PRIORITY:  # before any widget, but a printable key still types into a text box
            typed = [k for k in keys if len(k) == 1]
            keys = [k for k in keys if len(k) > 1]
            if typed:
                out.append(Binding(",".join(typed), a.action, a.label, show=False, id=a.id))
        out.append(Binding(",".join(keys), a.action, a.label, show=a.show, id=a.id, priority=a.id in PRIORITY))
    return out


PRIORITY = {"quit"}


KEY_NAMES = {"exclamation_mark": "!", "question_mark": "?", "slash": "/", "escape": "esc", "enter": "enter"}


def key_label(key: str) -> str:
    """A key as people read it (`?` rather than `question_mark`)."""
    return ", ".join(KEY_NAMES.get(k, k) for k in key.split(","))
