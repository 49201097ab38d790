"""Text charts of the report figures in block characters: shapes carry the meaning, colour is never needed.
The same lines are printed by `koop report` and shown by the app's Report screen and partner page."""

from __future__ import annotations

from datetime import date

from koop_tui import i18n
from koop_tui.engine.common import fmt_num
from koop_tui.i18n import _, pgettext
from koop_tui.model import DIRECTIONS
from koop_tui.words import direction_word, plural
from koop_tui.engine.report import COOLING_MONTHS, History, Month, Report, practice_sentence

SPARK = "▁▂▃▄▅▆▇█"
ZERO = "·"
STATUS_SHAPES = {"overdue": "█", "due": "▓", "soon": "▒", "ok": "░"}
DIRECTION_SHAPES = (("gave", "█"), ("received", "▒"), ("mutual", "░"))
MONTH_BAR = 36
OWNER_BAR = 12
COOLING_NAME = 36


def spark(values, top: float | None = None) -> str:
    """One character per value, its height relative to `top` (default: the largest value); zero is a dot."""
    top = top if top is not None else max(values, default=0)
    out = []
    for v in values:
        if v <= 0 or not top:
            out.append(ZERO)
        else:
            out.append(SPARK[min(len(SPARK) - 1, max(0, round(v / top * len(SPARK)) - 1))])
    return "".join(out)


def stacked(parts, top: int, width: int) -> str:
    """A bar of (count, shape) parts scaled so that `top` fills `width`; a part above zero shows at least once."""
    if not top:
        return ""
    lengths = [max(1, round(n * width / top)) if n else 0 for n, _ in parts]
    while sum(lengths) > max(round(sum(n for n, _ in parts) * width / top), sum(1 for n in lengths if n)):
        lengths[lengths.index(max(lengths))] -= 1  # the minimum of one per part pushed the bar too long
    return "".join(shape * n for n, (_, shape) in zip(lengths, parts))


def _month_label(start: date) -> str:
    return f"{i18n.month_name(start)} {start.year}"


def month_lines(months: tuple[Month, ...]) -> list[str]:
    top = max((m.total for m in months), default=0)
    legend = _("Touches per month   █ gave  ▒ received  ░ mutual")
    heads = (pgettext("column, 4 letters", "gave"), pgettext("column, 4 letters", "recv"),
             pgettext("column, 6 letters", "mutual"))
    lines = [f"{legend:<{MONTH_BAR + 22}}{heads[0]:>4}  {heads[1]:>4}  {heads[2]:>6}"]
    for m in months:
        bar = stacked([(m.gave, "█"), (m.received, "▒"), (m.mutual, "░")], top, MONTH_BAR)
        lines.append(f"{_month_label(m.start)}  {bar:<{MONTH_BAR + 2}} {m.gave:>5} {m.received:>5} {m.mutual:>7}")
    return lines


def owner_lines(report: Report, width: int = 80) -> list[str]:
    heads = (pgettext("column, short", "over"), pgettext("column, short", "due"),
             pgettext("column, short", "soon"), pgettext("column, short", "ok"))
    widths = [max(4, len(h)) for h in heads]  # a language's short word may be longer than English's four letters
    lines = [_("Per owner: partners (█ overdue ▓ due ▒ soon ░ ok), touches this month"),
             f"{'':<10} {'':<{OWNER_BAR}} " + " ".join(f"{h:>{w}}" for h, w in zip(heads, widths))
             + "  " + _("touches  oldest overdue")]
    top = max((o.partners for o in report.owners), default=0)
    for o in report.owners:
        s = o.statuses
        bar = stacked([(s[k], STATUS_SHAPES[k]) for k in ("overdue", "due", "soon", "ok")], top, OWNER_BAR)
        name = (o.owner or _("(nobody)"))[:10]
        counts = " ".join(f"{s[k]:>{w}}" for k, w in zip(("overdue", "due", "soon", "ok"), widths))
        line = f"{name:<10} {bar:<{OWNER_BAR}} {counts}  {o.touches_this_month:>7}  "
        if o.oldest_overdue is not None:
            late = ", " + plural((report.today - o.oldest_overdue.due).days, "{n} d late", "{n} d late")
            name = o.oldest_overdue.partner_name
            if len(line) + len(name) + len(late) > width:  # the name whole on a line of its own, under the bar
                lines.append(line.rstrip())
                line = " " * 11 + "↳ "
            line += _cut(name, width - len(line) - len(late)) + late
        lines.append(line.rstrip())
    return lines


def warmup_lines(report: Report) -> list[str]:
    rate = report.warmup
    lines = [_("Give first: {sentence}").format(sentence=rate.sentence())]
    if rate.rate is not None:
        filled = round(rate.rate * 10)
        lines.append(f"  {'█' * filled}{'░' * (10 - filled)}  " + _("{back} of {of}, {practice}").format(
            back=len(rate.gave_back), of=len(rate.gave_to), practice=practice_sentence(rate)))
    return lines


def cooling_lines(report: Report, width: int = 80) -> list[str]:
    n = COOLING_MONTHS
    if not report.cooling:
        return [_("Cooling: none (no partner touched half as often in the last {n} months as in the {n} before)")
                .format(n=n)]
    lines = [_("Cooling: touches in the {n} months before → the last {n}").format(n=n)]
    for c in report.cooling:
        tail = f"{c.before:>4} → {c.recent:<3} {i18n.percent(c.change):>5}" + (f"  {c.owner}" if c.owner else "")
        room = min(COOLING_NAME, width - 4 - len(tail))
        lines.append(f"  {_cut(c.name, room):<{room}} {tail}".rstrip())
    return lines


def report_lines(report: Report, width: int = 80) -> list[str]:
    return [*month_lines(report.months), "", *owner_lines(report, width), "", *warmup_lines(report), "",
            *cooling_lines(report, width)]


def history_lines(history: History) -> list[str]:
    """The partner page's strip: one column per month, oldest first, months marked below."""
    top = max((max(m.gave, m.received, m.mutual) for m in history.months), default=0)
    labels = {**{name: direction_word(name) for name in DIRECTIONS}, "cadence": _("cadence"), "balance": _("balance")}
    width = max(9, max(len(label) for label in labels.values()) + 1)
    rows = [(labels[name], spark([getattr(m, name) for m in history.months], top))
            for name in ("gave", "received", "mutual")]
    months = "".join(i18n.month_name(m.start)[0] for m in history.months)
    lines = [f"{label:<{width}}{row}  {sum(getattr(m, name) for m in history.months)}"
             for (label, row), name in zip(rows, ("gave", "received", "mutual"))]
    if history.cadence is not None:
        kept = "".join(" " if k is None else ("━" if k else "╌") for k in history.in_cadence)
        legend = plural(history.cadence, "━ touched within {n} d  ╌ not", "━ touched within {n} d  ╌ not")
        lines.append(f"{labels['cadence']:<{width}}{kept}  {legend}")
    balance = "".join("▲" if b > 0 else "▼" if b < 0 else "·" for b in history.balance)
    now = history.balance[-1] if history.balance else 0
    lines.append(f"{labels['balance']:<{width}}{balance}  {'+' if now > 0 else ''}{fmt_num(now)}  "
                 + _("▲ we gave more ▼ they did"))
    span = f"{_month_label(history.months[0].start)} – {_month_label(history.months[-1].start)}"
    lines.append(f"{'':<{width}}{months}  {span}")
    return lines


def _cut(text: str, width: int) -> str:
    width = max(width, 1)
    return text if len(text) <= width else text[: width - 1] + "…"
