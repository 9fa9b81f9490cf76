"""Settings → Reminders as the owner sets them: off until turned on, checked before they are
kept, the owner's alone, and which PC sends."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.context import Actor, Context
from practicedesk.services.reminders.setting_up import ReminderSetupService
from practicedesk.services.reminders.setup import ReminderSetup
from practicedesk.services.session import PracticeSession
from tests.conftest import OWNER_PASSWORD
from tests.services.mail_fixtures import send_from_here
from tests.services.schedule_fixtures import set_up_office


def test_reminders_are_off_until_the_owner_turns_them_on(owner_session: PracticeSession) -> None:
    office = set_up_office(owner_session)
    owner_session.schedule.book(office.visit(office.ana, 1, 10))
    assert owner_session.reminder_setup.get() == ReminderSetup()
    report = owner_session.reminders.send_due(now=office.at(-1, 10, 1))
    assert (report.state, report.queued.queued, report.sent) == (
        "E-mail reminders are off.", 0, 0,
    )  # fmt: skip


def test_what_the_owner_saves_is_checked_first(owner_session: PracticeSession) -> None:
    setup = owner_session.reminder_setup
    on = replace(ReminderSetup(), enabled=True, sender_device=setup.this_pc)
    for wrong, words in (
        (replace(on, host=""), "mail server's name"),
        (replace(on, host="smtp.example.com", from_address="front desk"), "come from"),
        (replace(on, host="smtp.example.com", from_address="a@b.example", port=0), "port"),
        (replace(on, text="Bring {insurance_card}"), "is not a placeholder"),
        (replace(on, rules=()), "one to 4 times"),
        (replace(on, rules=on.rules + on.rules[:1]), "the same"),
    ):
        with pytest.raises(InvalidInput, match=words):
            setup.save(wrong)
    setup.save(replace(ReminderSetup(), host="half typed"))  # off, it may be unfinished
    assert setup.get().host == "half typed"


def test_only_the_owner_sets_reminders_up_but_anyone_sees_who_sends(
    owner_session: PracticeSession,
) -> None:
    ctx = owner_session._ctx
    acting = Context(ctx.db, ctx.folder, Actor(uuid.uuid4(), "cora", "Cora", Role.COORDINATOR))
    coordinator = ReminderSetupService(acting, b"\0" * 32)
    with pytest.raises(PermissionDenied):
        coordinator.get()
    with pytest.raises(PermissionDenied):
        coordinator.save(ReminderSetup())
    send_from_here(owner_session, 2525)
    assert coordinator.sender().text == "This PC sends the reminders."


def test_the_mail_password_is_kept_until_changed_and_read_back_after_signing_in_again(
    owner_session: PracticeSession, data_dir: object
) -> None:
    from practicedesk.api import open_practice
    from practicedesk.services.reminders.setup import read_server

    send_from_here(owner_session, 2525, password="first secret")
    assert owner_session.reminder_setup.get().password_set
    send_from_here(owner_session, 2526)  # the password box left empty: kept
    owner_session.close()
    again = open_practice(data_dir, "olive", OWNER_PASSWORD)  # type: ignore[arg-type]
    with again, again._ctx.db.reading() as db:
        server = read_server(db, again.reminders._key)
    assert (server.port, server.password) == (2526, "first secret")


def test_choosing_another_pc_stops_this_one_at_once(owner_session: PracticeSession) -> None:
    setup = send_from_here(owner_session, 2525)
    setup = owner_session.reminder_setup.save(
        replace(setup, sender_device="0123456789abcdef", sender_name="Server PC")
    )
    state = owner_session.reminder_setup.sender()
    assert (state.sends_here, state.text) == (
        False, "Reminders are sent by Server PC, not this PC.",
    )  # fmt: skip
    assert owner_session.reminders.send_due().state == state.text
