"""Settings → Fees as the owner keeps it: the procedure list (the dental starter list, a
medical office's own code, retiring one), a plan's allowed fees typed in the table, and the
money settings; a coordinator may look but not change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from practicedesk.services.practice.settings import ADJUSTMENT_LIMIT_CENTS, CLAIM_FOLLOW_UP_DAYS
from practicedesk.services.session import PracticeSession
from practicedesk.ui.money.fees_tab import FeesTab
from practicedesk.ui.money.plan_fees_model import ALLOWED, PlanFeesModel
from practicedesk.ui.money.procedure_dialog import ProcedureDialog
from practicedesk.ui.money.procedures_model import ProceduresModel
from practicedesk.ui.settings.schedule_setup_dialogs import AppointmentTypeDialog
from tests.services.money.money_fixtures import MoneyOffice


def _tab(qtbot, session: PracticeSession, rows: int) -> FeesTab:  # type: ignore[no-untyped-def]
    tab = FeesTab(session)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    tab.refresh()
    qtbot.waitUntil(lambda: tab.procedures.rowCount() == rows and tab.carrier.count() >= 0,
                    timeout=5_000)  # fmt: skip
    return tab


def test_an_empty_list_offers_the_starter_list_and_an_office_adds_its_own_codes(
    qtbot, owner_session: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, owner_session, 0)
    assert tab.starter.isVisible()
    tab.starter.click()
    qtbot.waitUntil(lambda: tab.procedures.rowCount() > 40, timeout=5_000)
    assert not tab.starter.isVisible()
    assert tab.procedures.index(0, 0).data() == "D0120"
    tab.add.click()
    dialog = tab.findChild(ProcedureDialog)
    dialog.code.setText("99213")
    dialog.name.setText("Office visit, established patient")
    dialog.fee.setText("95")
    dialog.ok_button().click()
    qtbot.waitUntil(
        lambda: any(tab.procedures.index(r, 0).data() == "99213"
                    for r in range(tab.procedures.rowCount())),
        timeout=5_000,
    )  # fmt: skip
    added = next(p for p in owner_session.procedures.list() if p.code == "99213")
    assert (added.fee, added.category.value) == (9_500, "other")


def test_a_retired_procedure_leaves_the_list_but_can_be_shown_and_restored(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    session = money.session
    count = len(session.procedures.list())
    tab = _tab(qtbot, session, count)
    tab.procedure_table.selectRow(0)
    tab.retire.click()
    qtbot.waitUntil(lambda: tab.procedures.rowCount() == count - 1, timeout=5_000)
    assert "D0120" not in {p.code for p in session.procedures.list()}
    tab.show_retired.setChecked(True)
    assert tab.procedures.index(0, 4).data() == "retired"
    tab.procedure_table.selectRow(0)
    assert tab.retire.text() == "Res&tore"


def test_a_plans_allowed_fee_is_typed_in_the_table(qtbot, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    session = money.session
    tab = _tab(qtbot, session, len(session.procedures.list()))
    qtbot.waitUntil(lambda: tab.carrier.currentText() == "Bluewater Dental", timeout=5_000)
    qtbot.keyClicks(tab.plan, "PPO")
    qtbot.keyClick(tab.plan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.plan_fees.rowCount() > 0, timeout=5_000)
    first = [tab.plan_fees.index(0, c).data() for c in range(5)]
    assert first == ["D0120", "Periodic exam", "$65.00", "$50.00", "$15.00"]
    assert tab.plan_fees.index(1, ALLOWED).data() == "office's fee"  # D0140: none agreed
    tab.plan_table.setCurrentIndex(tab.plan_fees.index(0, ALLOWED))
    qtbot.keyClicks(tab.plan_table, "5")
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "55.50")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: {f.code: f.allowed for f in session.procedures.plan_fees(money.carrier_id, "PPO")}
        .get("D0120") == 5_550,
        timeout=5_000,
    )  # fmt: skip
    assert tab.plan_fees.index(0, 4).data() == "$9.50"


def test_the_owner_sets_the_money_settings_typed_as_amounts(
    qtbot, owner_session: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, owner_session, 0)
    limit = tab.amounts[ADJUSTMENT_LIMIT_CENTS.key]
    qtbot.waitUntil(lambda: limit.text() == "50.00", timeout=5_000)
    limit.setText("75.505")
    limit.editingFinished.emit()
    assert "two digits" in tab.settings_message.text()
    limit.setText("75")
    limit.editingFinished.emit()
    qtbot.waitUntil(lambda: owner_session.settings.get(ADJUSTMENT_LIMIT_CENTS) == 7_500,
                    timeout=5_000)  # fmt: skip
    days = tab.days[CLAIM_FOLLOW_UP_DAYS.key]
    days.setValue(45)
    days.editingFinished.emit()
    qtbot.waitUntil(lambda: owner_session.settings.get(CLAIM_FOLLOW_UP_DAYS) == 45,
                    timeout=5_000)  # fmt: skip


def test_a_coordinator_sees_the_fees_but_cannot_change_them(
    qtbot, money: MoneyOffice, coordinator: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, coordinator, len(coordinator.procedures.list()))
    assert not tab.add.isEnabled() and not tab.starter.isEnabled()
    assert tab.amounts[ADJUSTMENT_LIMIT_CENTS.key].isReadOnly()
    tab.procedure_table.selectRow(0)
    assert not tab.retire.isEnabled()
    assert not tab.plan_fees.editable


def test_the_fee_models_pass_qts_model_checks(qtmodeltester, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    procedures = money.session.procedures.list(include_inactive=True)
    listed = ProceduresModel()
    listed.set_rows(procedures)
    qtmodeltester.check(listed)
    plan = PlanFeesModel()
    plan.editable = True
    fees = money.session.procedures.plan_fees(money.carrier_id, "PPO")
    plan.show_plan(procedures, {fee.code: fee.allowed for fee in fees})
    qtmodeltester.check(plan)


def test_a_visit_type_names_its_usual_procedures_and_unknown_codes_are_refused(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    session = money.session
    [hygiene] = [k for k in session.schedule_setup.appointment_types() if k.name == "Hygiene"]
    dialog = AppointmentTypeDialog(session, hygiene)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._known_codes is not None, timeout=5_000)
    assert dialog.procedures.text() == "D0120 D1110 D0274"
    dialog.procedures.setText("d0120, D1110 X999")
    dialog.ok_button().click()
    assert "X999 is not on the procedure list" in dialog.message.text()
    dialog.procedures.setText("d0120, D1110")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
    [saved] = [k for k in session.schedule_setup.appointment_types() if k.name == "Hygiene"]
    assert saved.procedure_codes == ("D0120", "D1110")
