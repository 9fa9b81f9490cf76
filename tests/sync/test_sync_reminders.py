"""Two PCs, one sender: while the owner hands sending from one PC to the other, both may
believe for a while that they are the sender; still no reminder goes out twice, and none is
lost. The mail server is real (aiosmtpd on 127.0.0.1); sync goes through the test's folder."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from practicedesk.services.session import PracticeSession
from tests.services.mail_fixtures import Inbox, mail_server, reachable, send_from_here
from tests.services.schedule_fixtures import Office, set_up_office
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import device, rounds


def _hand_to(pc: PracticeSession, sender: PracticeSession) -> None:
    """The owner, at `pc`, makes `sender` the PC that sends."""
    setup = pc.reminder_setup.get()
    pc.reminder_setup.save(replace(setup, sender_device=device(sender), sender_name="?"))


def _office(pair: Pair, port: int) -> Office:
    office = set_up_office(pair.a)
    for hour, patient in enumerate((office.ana, office.ben, office.cleo), start=9):
        reachable(pair.a, patient, f"{patient.first_name.lower()}@example.com")
        pair.a.schedule.book(office.visit(patient, 1, hour))
    send_from_here(pair.a, port)
    pair.a.reminders.queue(now=office.at(-3, 9))
    rounds(pair.a, pair.b)
    return office


def test_a_handover_waits_until_the_old_sender_has_stopped(pair: Pair) -> None:
    inbox = Inbox()
    with mail_server(inbox) as port:
        office = _office(pair, port)
        _hand_to(pair.b, pair.b)  # chosen at B; A has not heard yet
        sunday = office.at(-1, 10, 1)
        assert pair.a.reminders.send_due(now=sunday).sent == 3  # A still believes it sends
        waiting = pair.b.reminders.send_due(now=sunday)
        assert waiting.sent == 0 and "has heard of it" in waiting.state
        rounds(pair.a, pair.b)  # A hears of the change, B of what A sent
        assert pair.b.reminders.send_due(now=office.at(-1, 10, 2)).sent == 0  # no word yet
        assert pair.a.reminders.send_due(now=office.at(-1, 10, 3)).sent == 0  # A stops: says so
        rounds(pair.a, pair.b)
        assert pair.b.reminder_setup.sender().sends_here
        monday = pair.b.reminders.send_due(now=office.at(0, 8, 1))
    assert monday.sent == 3
    assert sorted(inbox.to()) == sorted(2 * ["ana@example.com", "ben@example.com",
                                              "cleo@example.com"])  # fmt: skip
    assert len({mail["Message-ID"] for mail in inbox.received}) == 6


@pytest.mark.parametrize("seed", range(4))
def test_whatever_the_order_of_rounds_and_handovers_no_reminder_goes_twice(
    pair: Pair, seed: int
) -> None:
    """A random run of sending rounds, sync rounds and handovers, at either PC, over the
    Sunday and Monday reminders of three visits: each reminder goes at most once, and
    once both PCs have met and the sender has been left alone, every one has gone."""
    chance, inbox = random.Random(seed), Inbox()
    with mail_server(inbox) as port:
        office = _office(pair, port)
        pcs, minute = (pair.a, pair.b), 0
        for _ in range(14):
            minute += chance.randrange(1, 400)
            now = office.at(-1, 10) + timedelta(minutes=minute)
            pc = chance.choice(pcs)
            step = chance.choice(("send", "send", "sync", "hand over"))
            if step == "send":
                pc.reminders.send_due(now=now)
            elif step == "sync":
                pc.sync.run_round()
            else:
                _hand_to(pc, chance.choice(pcs))
            ids = [mail["Message-ID"] for mail in inbox.received]
            assert len(ids) == len(set(ids)), f"sent twice after {step} at {now}"
        late = office.at(0, 9)
        for _ in range(3):  # left alone: acknowledgements travel, the sender catches up
            for pc in pcs:
                pc.reminders.send_due(now=late)
                pc.sync.run_round()
    ids = [mail["Message-ID"] for mail in inbox.received]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 3  # at least each visit's Monday reminder (Sunday's may be superseded)
