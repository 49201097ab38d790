"""A realistic demo workspace, the same for the same seed, today and language: 45 partners in every state koop
knows, its notes and follow-ups written in the user's language (file format values stay as they are)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from koop_tui.canonical import dumps_partner, format_value
from koop_tui.demo_data import FIRST_NAMES, FOLLOWUPS, LAST_NAMES, NOTES, PARTNERS, PROJECTS, RECEIVED_NOTES, ROLES
from koop_tui.i18n import _, translated
from koop_tui.model import (
    Agreement, Birthday, Contact, FollowUp, Partner, Project, Reference, Settings, Touchpoint, Vetting,
)
from koop_tui.settings import settings_from_dict
from koop_tui.slugs import new_record_id, slugify
from koop_tui.store.files import atomic_write
from koop_tui.store.settings_check import check_settings

# stage of each partner by position in PARTNERS (45 partners)
STAGE_PLAN = ["active"] * 22 + ["dormant"] * 8 + ["prospect"] * 7 + ["vetting"] * 4 + ["ended"] * 4
GAPS = {"active": (10, 35), "dormant": (45, 100), "vetting": (2, 4), "prospect": (2, 5), "ended": (60, 150)}
# how far through its cadence each partner's last full contact is: most fine, a few due, some overdue
SPREAD = [0.2, 0.35, 0.5, 0.1, 0.6, 0.7, 0.3, 0.85, 0.95, 0.45, 1.1, 0.25, 1.6, 0.55, 0.15, 0.4]
MUTUAL = ["call", "call", "mail", "mail", "meeting", "message"]
HANDOVER, SUCCESSION = 5, 2
GIVES = ["recommendation", "referral", "backlink", "share", "comment"]


class Demo:
    """Builds partners one by one from a seeded random generator and a fixed today."""

    def __init__(self, today: date, seed: int) -> None:
        self.today = today
        self.rng = random.Random(f"{seed}:{today.isoformat()}")
        self.names = iter(self.rng.sample([(f, l) for f in FIRST_NAMES for l in LAST_NAMES], 300))

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def rid(self, taken: set[str]) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        while (value := "".join(self.rng.choice(alphabet) for _i in range(6))) in taken or value.isdigit():
            pass
        taken.add(value)
        return value

    def contacts(self, count: int) -> list[Contact]:
        out: list[Contact] = []
        for _i in range(count):
            first, last = next(self.names)
            cid = slugify(first) if slugify(first) not in {c.id for c in out} else slugify(f"{first} {last}")
            birthday = None
            if self.rng.random() < 0.45:
                year = self.rng.randint(1962, 1995) if self.rng.random() < 0.6 else None
                birthday = Birthday(self.rng.randint(1, 12), self.rng.randint(1, 28), year)
            out.append(Contact(id=cid, name=f"{first} {last}", role=translated(self.rng.choice(ROLES)),
                               birthday=birthday,
                               email=f"{slugify(first)}@{slugify(last)}.example",
                               phone=f"+49 {self.rng.randint(30, 911)} {self.rng.randint(100000, 9999999)}"))
        return out

    def touch(self, partner: Partner, when: date, taken: set[str], kind: str | None = None,
              whole: bool = False) -> Touchpoint:
        rng = self.rng
        kind = kind or (rng.choice(MUTUAL) if rng.random() < 0.7 else rng.choice(GIVES + ["gift"]))
        direction = "mutual" if kind in MUTUAL + ["jour-fixe"] else ("received" if rng.random() < 0.35 else "gave")
        if direction == "received":
            note = translated(RECEIVED_NOTES[kind])
        else:
            note = translated(rng.choice(NOTES[kind])).format(skill=(partner.skills or ["design"])[0].replace("-", " "))
        active = [c.id for c in partner.contacts if c.left is None or c.left > when]
        who = [rng.choice(active)] if active and not whole and rng.random() < 0.7 else []
        return Touchpoint(id=self.rid(taken), date=when, kind=kind, direction=direction, contacts=who, note=note,
                          by=partner.owner)

    def history(self, partner: Partner, last_gap: int | None, window: int, taken: set[str]) -> None:
        """Touchpoints back to `window` days ago, the newest a call or meeting with everyone `last_gap` days ago."""
        if last_gap is None:
            return
        low, high = GAPS[partner.stage]
        prospect = partner.stage == "prospect"
        kind = self.rng.choice(["comment", "share"]) if prospect else self.rng.choice(["call", "meeting"])
        partner.touchpoints.append(self.touch(partner, self.ago(last_gap), taken, kind, whole=True))
        when = self.ago(last_gap + self.rng.randint(low, high))
        while when > self.ago(window):
            kind = self.rng.choice(GIVES[2:]) if prospect else None
            partner.touchpoints.append(self.touch(partner, when, taken, kind))
            when -= timedelta(days=self.rng.randint(low, high))

    def partner(self, index: int) -> Partner:
        name, tags, skills = PARTNERS[index]
        stage = STAGE_PLAN[index]
        rng = self.rng
        partner = Partner(slug=slugify(name), name=name, stage=stage, tags=list(tags), skills=list(skills),
                          owner="ben" if index % 4 == 3 else "anna",
                          website=f"https://{slugify(name)}.example")
        partner.contacts = self.contacts(1 if index == HANDOVER else rng.randint(2, 4))
        if index == HANDOVER:  # the only contact left: the cooperation needs a new person
            partner.contacts[0].left = self.ago(20)
        if index == SUCCESSION:
            partner.contacts[0].left, partner.contacts[0].successor = self.ago(40), partner.contacts[1].id
        window = {"prospect": 12, "vetting": rng.randint(4, 10)}.get(stage, 365)
        if stage in ("active", "dormant", "ended"):
            partner.since = date(self.today.year - rng.randint(1, 9), rng.randint(1, 12), rng.randint(1, 28))
        elif stage == "vetting":
            partner.since = self.ago(window)
        cadence = {"active": 30, "dormant": 90, "prospect": 21, "vetting": 14, "ended": 200}[stage]
        spread = SPREAD[index % len(SPREAD)]
        if stage in ("prospect", "vetting"):
            spread = min(spread, (window - 1) / cadence)
        never = stage == "prospect" and index % 3 == 0
        self.history(partner, None if never else max(1, int(cadence * spread)), window, set())
        return partner

    def followups(self, partners: list[Partner]) -> None:
        """Open follow-ups (some overdue, one due today, some ahead) and a few done ones."""
        offsets = [-9, -3, 0, 2, 5, 12, 20, -30, -45]
        for i, offset in enumerate(offsets):
            partner = partners[(i * 5 + 1) % 30]
            taken = {r.id for r in partner.touchpoints + partner.followups}
            contact = partner.contacts[0].id if i % 2 == 0 else None
            done = self.ago(-offset - 2) if offset < -20 else None
            partner.followups.append(FollowUp(id=self.rid(taken), due=self.ago(-offset), text=translated(FOLLOWUPS[i]),
                                              contact=contact, done=done, owner=partner.owner))

    def specials(self, p: list[Partner]) -> None:
        """The situations the app should show: vetting, projects, agreements, birthdays, anniversaries, warm-up."""
        today = self.today
        p[0].contacts[0].birthday = Birthday(2, 29, 1984)
        p[1].contacts[0].birthday = Birthday(*_month_day(today + timedelta(days=4)))
        p[3].contacts[0].birthday = Birthday(*_month_day(today + timedelta(days=10)), 1979)
        for i, days_ahead in ((4, 9), (6, 23)):
            d = today + timedelta(days=days_ahead)
            p[i].since = date(today.year - 3 - i % 4, d.month, min(d.day, 28))
        p[37].vetting = Vetting(contribution=_("Spanish localisation for our e-commerce clients"),
                                anchoring="established")
        p[38].vetting = Vetting(contribution=_("Booth construction for fairs"),
                                references=[Reference("Alpenblick Events", _("Reliable, delivered on time."))],
                                anchoring="leader", decision=_("Start with one small booth"))
        p[32].since = self.ago(30)
        p[32].vetting = Vetting(contribution=_("App development"))
        p[1].projects.append(Project(id=self.rid(set()), name=translated(PROJECTS[0]), start=self.ago(60),
                                     our_contact="anna", contacts=[p[1].contacts[0].id],
                                     note=_("Shopware 6, go-live planned in spring")))
        p[7].projects.append(Project(id=self.rid(set()), name=translated(PROJECTS[2]), start=self.ago(120),
                                     end=self.ago(14), our_contact="anna", contacts=[p[7].contacts[0].id]))
        p[1].agreements.append(Agreement(id=self.rid(set()), what="referral-commission",
                                         text=_("10 % on referred projects for the first year"),
                                         signed=self.ago(344), review=today + timedelta(days=21)))
        p[23].agreements.append(Agreement(id=self.rid(set()), what="shared-offer",
                                          text=_("Joint offer for PR + design packages"), signed=self.ago(500)))
        warm = p[34]
        taken = {t.id for t in warm.touchpoints}
        warm.touchpoints = [
            Touchpoint(self.rid(taken), self.ago(11), "comment", "gave", [], translated(NOTES["comment"][0]), "anna"),
            Touchpoint(self.rid(taken), self.ago(7), "share", "gave", [], translated(NOTES["share"][0]), "anna"),
            Touchpoint(self.rid(taken), self.ago(3), "recommendation", "received", [warm.contacts[0].id],
                       translated(RECEIVED_NOTES["recommendation"]), "anna"),
        ]
        project = p[1]
        taken = {t.id for t in project.touchpoints}
        for week in range(1, 9):
            project.touchpoints.append(Touchpoint(self.rid(taken), self.ago(7 * week - 3), "jour-fixe", "mutual", [],
                                                  translated(NOTES["jour-fixe"][week % 2]), "anna"))
        self.cards(p)

    def cards(self, partners: list[Partner]) -> None:
        """Inside the Christmas-card window, some cards are already sent."""
        xmas = date(self.today.year, 12, 20)
        opened = xmas - timedelta(days=30)
        if not opened < self.today <= xmas:
            return
        for partner in partners[::3]:
            if partner.stage in ("active", "dormant"):
                when = self.ago(self.rng.randint(0, (self.today - opened).days - 1))
                taken = {t.id for t in partner.touchpoints}
                partner.touchpoints.append(self.touch(partner, when, taken, "card", whole=True))


def _month_day(d: date) -> tuple[int, int]:
    return d.month, d.day


PERSONA = ("Anna Berger", "anna@demo.invalid")  # whose workspace the demo is: its default owner, anna


def settings_text(today: date) -> str:
    """The shipped koop.toml (init's, the campaign named in the user's language) with name, default owner and a
    trade fair filled in."""
    from koop_tui.cli.init import settings_text as base

    text = base(f"{PERSONA[0]} · Kooperationen").replace('# default_owner = "anna"', 'default_owner = "anna"   ')
    fair = today + timedelta(days=18)
    fair_lines = [
        "", "[[fairs]]", f'id = "dmexco-{fair.year}"', 'name = "DMEXCO"', f"start = {fair.isoformat()}",
        f"end = {(fair + timedelta(days=1)).isoformat()}", 'place = "Köln"',
        f"tags = {format_value(['seo', 'marketing'])}", "lead_days = 21",
    ]
    return text + "\n".join(fair_lines) + "\n"


def build(today: date, seed: int = 7) -> tuple[str, Settings, list[Partner]]:
    """The koop.toml text, its settings and the partners, without touching the disk."""
    import tomllib

    text = settings_text(today)
    settings = settings_from_dict(check_settings(tomllib.loads(text))[0])
    demo = Demo(today, seed)
    partners = [demo.partner(i) for i in range(len(PARTNERS))]
    demo.followups(partners)
    demo.specials(partners)
    for partner in partners:
        partner.touchpoints.sort(key=lambda t: (t.date, t.id))
    return text, settings, partners


def generate(root: Path, today: date, seed: int = 7) -> None:
    """Write the demo workspace into `root` (koop.toml and partners/), every file in canonical form."""
    root = Path(root)
    (root / "partners").mkdir(parents=True, exist_ok=True)
    text, settings, partners = build(today, seed)
    atomic_write(root / "koop.toml", text.encode("utf-8"))
    for partner in partners:
        atomic_write(root / "partners" / f"{partner.slug}.toml", dumps_partner(partner, settings).encode("utf-8"))


__all__ = ["build", "generate", "new_record_id"]
