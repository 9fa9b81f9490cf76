"""`practicedesk send-reminders` as a scheduled task runs it: one round through the real
test mail server, nothing sent twice by a second run, and a PC that does not send saying
so in one sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from practicedesk.cli import main
from practicedesk.domain.reminders import ReminderRule
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice
from tests.services.mail_fixtures import Inbox, mail_server, reachable, send_from_here
from tests.services.schedule_fixtures import set_up_office


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["send-reminders", "--data-dir", str(data_dir), "--user", OWNER])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_scheduled_run_sends_what_is_due_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", OWNER_PASSWORD)
    inbox = Inbox()
    with mail_server(inbox) as port:
        with make_practice(data_dir).session as session:
            office = set_up_office(session)
            reachable(session, office.ana, "ana@example.com")
            visit = replace(
                office.visit(office.ana, 0, 10),
                starts_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=3),
            )
            session.schedule.book(visit, book_anyway=True)
            # Its reminder's time passed long ago: booked late, it goes at once.
            send_from_here(session, port, rules=(ReminderRule(14, time(9)),))
        first = _run(data_dir, capsys)
        second = _run(data_dir, capsys)
    assert first[0] == 0 and "Sent 1, failed 0" in first[1], first
    assert second[0] == 0 and "Sent" not in second[1]
    assert inbox.to() == ["ana@example.com"]


def test_a_pc_that_does_not_send_says_so_in_one_sentence(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", OWNER_PASSWORD)
    make_practice(data_dir).session.close()
    code, out, err = _run(data_dir, capsys)
    assert code == 1 and out == ""
    assert err.strip() == "E-mail reminders are off. Nothing was sent (Settings → Reminders)."
