"""Closed days across PCs: every entry counts on one day, the same everywhere, never lost."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import event, given, settings
from hypothesis import strategies as st

from practicedesk.domain.day_close import (
    DayClose,
    counted_in_two_closes,
    covered_by_close,
    effective_day,
    merge_closes,
    posting_day,
)

MONDAY = date(2026, 3, 2)
TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


@dataclass(frozen=True)
class Posted:
    id: uuid.UUID
    posted_on: date
    amount: int


Message = Posted | DayClose


@dataclass
class Pc:
    """One PC's copy: the entries and closes it has, and what it has not yet received."""

    entries: dict[uuid.UUID, Posted] = field(default_factory=dict)
    closes: set[DayClose] = field(default_factory=set)
    inbox: list[Message] = field(default_factory=list)

    @property
    def closed(self) -> dict[date, frozenset[uuid.UUID]]:
        return merge_closes(self.closes)

    def receive(self, message: Message) -> None:
        if isinstance(message, Posted):
            self.entries[message.id] = message
        else:
            self.closes.add(message)

    def post(self, today: date, amount: int, new_id: uuid.UUID | None = None) -> Posted:
        entry = Posted(new_id or uuid.uuid4(), posting_day(today, self.closed.keys()), amount)
        assert effective_day(entry.id, entry.posted_on, self.closed) == (entry.posted_on, False)
        self.receive(entry)
        return entry

    def close(self, day: date) -> DayClose | None:
        if day in self.closed:
            return None  # the desk does not offer to close a day it knows is closed
        pairs = [(e.id, e.posted_on) for e in self.entries.values()]
        close = DayClose(day, covered_by_close(day, pairs, self.closed))
        self.receive(close)
        return close


steps = st.lists(
    st.tuples(
        st.sampled_from(["post", "close", "deliver"]),
        st.integers(0, 2),  # which PC
        st.integers(0, 5),  # which day of the week
        st.integers(1, 90_000),  # an amount, or which message to deliver
    ),
    max_size=60,
)


@settings(max_examples=300)
@given(steps, st.randoms(use_true_random=False))
def test_every_pc_counts_every_entry_on_the_same_day_once_all_batches_have_arrived(
    script: list[tuple[str, int, int, int]], rnd: random.Random
) -> None:
    pcs = [Pc(), Pc(), Pc()]
    for step, (action, index, offset, number) in enumerate(script):
        pc = pcs[index]
        day = MONDAY + timedelta(days=offset)
        made: Message | None = None
        if action == "post":
            made = pc.post(day, number, uuid.UUID(int=step + 1))
        elif action == "close":
            made = pc.close(day)
        elif pc.inbox:
            message = pc.inbox[number % len(pc.inbox)]  # stays there: it may come again
            pc.receive(message)
        if made is not None:
            for other in pcs:
                if other is not pc:
                    other.inbox.append(made)
    for pc in pcs:
        late = pc.inbox + rnd.choices(pc.inbox, k=len(pc.inbox) // 2) if pc.inbox else []
        rnd.shuffle(late)
        for message in late:
            pc.receive(message)

    first = pcs[0]
    assert all(pc.entries == first.entries and pc.closed == first.closed for pc in pcs)
    closed = first.closed
    answers = [
        {e.id: effective_day(e.id, e.posted_on, pc.closed) for e in first.entries.values()}
        for pc in pcs
    ]
    assert answers[0] == answers[1] == answers[2]
    per_day: dict[date, int] = {}
    for entry in first.entries.values():
        day, moved = answers[0][entry.id]
        per_day[day] = per_day.get(day, 0) + entry.amount
        if moved:
            event("an entry moved past a day closed elsewhere")
        assert day >= entry.posted_on and moved == (day != entry.posted_on)
        assert day not in closed or entry.id in closed[day]  # never into a report that left it out
        if any(entry.id in covered for covered in closed.values()):
            assert entry.id in closed[day]
    if counted_in_two_closes(closed):
        event("an entry covered by two days' closes")
    assert sum(per_day.values()) == sum(e.amount for e in first.entries.values())


def test_a_payment_posted_to_a_day_another_pc_closed_moves_to_the_next_open_day() -> None:
    front, back = Pc(), Pc()
    payment = back.post(MONDAY, 5_000)
    close = front.close(MONDAY)
    assert close is not None
    back.receive(close)
    front.receive(payment)
    for pc in (front, back):
        assert effective_day(payment.id, MONDAY, pc.closed) == (TUESDAY, True)
    assert back.post(MONDAY, 2_000).posted_on == TUESDAY


def test_an_entry_the_close_covered_stays_on_its_day_when_another_pc_closed_without_it() -> None:
    front, back = Pc(), Pc()
    payment = back.post(MONDAY, 5_000)
    without = front.close(MONDAY)
    with_it = back.close(MONDAY)
    assert without is not None and with_it is not None
    closes = merge_closes([without, with_it, without])
    assert effective_day(payment.id, MONDAY, closes) == (MONDAY, False)


def test_a_late_entry_skips_every_closed_day_it_was_not_counted_in() -> None:
    late = uuid.uuid4()
    closes = merge_closes([DayClose(MONDAY, frozenset()), DayClose(TUESDAY, frozenset())])
    assert effective_day(late, MONDAY, closes) == (WEDNESDAY, True)
    assert posting_day(MONDAY, closes.keys()) == WEDNESDAY
    assert posting_day(WEDNESDAY, closes.keys()) == WEDNESDAY


def test_an_entry_two_days_closes_both_counted_is_shown_to_the_owner() -> None:
    """Two PCs close Monday, one with the late entry and one without; the PC that saw only
    the second moves the entry to Tuesday and closes Tuesday with it."""
    entry = uuid.uuid4()
    monday_with = DayClose(MONDAY, frozenset({entry}))
    monday_without = DayClose(MONDAY, frozenset())
    seen_by_third_pc = merge_closes([monday_without])
    tuesday = DayClose(TUESDAY, covered_by_close(TUESDAY, [(entry, MONDAY)], seen_by_third_pc))
    assert tuesday.covers == {entry}
    closes = merge_closes([monday_with, monday_without, tuesday])
    assert effective_day(entry, MONDAY, closes) == (MONDAY, False)
    assert counted_in_two_closes(closes) == {entry: (MONDAY, TUESDAY)}
