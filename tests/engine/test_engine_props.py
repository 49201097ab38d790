"""Properties: the backward walk equals the forward rule, weight-1 touches reset, staleness only grows, order is total."""

from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import given, settings as hsettings, strategies as st

from koop_tui.engine import due_items, partner_facts
from koop_tui.engine.due import sort_key
from koop_tui.engine.staleness import contact_states

from .helpers import SETTINGS, TODAY, contact, partner, settings, touch, ws

KINDS = sorted(SETTINGS.kinds)
touch_st = st.tuples(st.integers(0, 400), st.sampled_from(KINDS), st.sampled_from([(), ("a",), ("b",), ("a", "b")]))


def forward(touches, cid, today):
    """The rule as written: d starts at 0 on the first involving touch, d := (d + days) × (1 − w)."""
    d, last = None, None
    for t in sorted(touches, key=lambda t: (t.date, t.id)):
        if t.date > today or (t.contacts and cid not in t.contacts):
            continue
        if d is None:
            d = 0.0
        else:
            d = (d + (t.date - last).days) * (1 - SETTINGS.kinds[t.kind].weight)
        last = t.date
    return None if d is None else d + (today - last).days


def build(spec):
    return [touch(TODAY - timedelta(days=ago), kind, *who, id=f"t{n:04d}") for n, (ago, kind, who) in enumerate(spec)]


def states(p, today=TODAY):
    return {s.contact.id: s for s in contact_states(partner_facts(p, settings(), today))}


@given(st.lists(touch_st, max_size=25))
def test_backward_walk_equals_forward_rule(spec):
    touches = build(spec)
    p = partner(contacts=[contact("a"), contact("b")], touches=touches)
    got = states(p)
    for cid in "ab":
        want = forward(touches, cid, TODAY)
        if want is None:
            assert got[cid].history is None
        else:
            assert abs(got[cid].stale_days - want) < 1e-6


@given(st.lists(touch_st, max_size=15), st.sampled_from(["call", "meeting", "referral", "jour-fixe"]))
def test_weight_one_touch_today_makes_contact_ok(spec, kind):
    p = partner(contacts=[contact("a"), contact("b")], touches=build(spec) + [touch(TODAY, kind, "a", id="zzzz")])
    s = states(p)["a"]
    assert (s.stale_days, s.status) == (0, "ok")


@given(st.lists(touch_st, min_size=1, max_size=15), st.integers(1, 200))
def test_staleness_never_decreases_without_a_touch(spec, later):
    p = partner(contacts=[contact("a")], touches=build(spec))
    before = states(p)["a"].stale_days
    after = states(p, TODAY + timedelta(days=later))["a"].stale_days
    if before is not None:
        assert abs(after - (before + later)) < 1e-6


@hsettings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_order_is_total_and_deterministic(seed):
    rng = random.Random(seed)
    partners = []
    for n in range(8):
        people = [contact(f"c{k}") for k in range(rng.randint(0, 3))]
        ids = [c.id for c in people]
        spec = [(rng.randint(0, 120), rng.choice(KINDS), tuple(rng.sample(ids, rng.randint(0, len(ids)))))
                for _ in range(rng.randint(0, 6))]
        partners.append(partner(f"p{n}", contacts=people, touches=build(spec), owner=rng.choice(["", "anna"])))
    items = due_items(ws(*partners), TODAY, within=30)
    keys = [sort_key(i, TODAY) for i in items]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    shuffled = list(partners)
    rng.shuffle(shuffled)
    assert due_items(ws(*shuffled), TODAY, within=30) == items
