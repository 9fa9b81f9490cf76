"""The period and the filters a report is asked for: a named period (this month, last
month…) or any two dates, and the provider, chair and appointment type where the report
honours them. Says when they change; knows nothing of reports' numbers."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QWidget

from practicedesk.services.practice.staff import ProviderInfo, RoomInfo
from practicedesk.services.reports.catalog import Filter
from practicedesk.services.reports.period import Period, preset_periods
from practicedesk.services.schedule.records import AppointmentTypeInfo
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.formats import full_year_date_format
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate

OTHER_DATES = -1  # the preset combo's entry for dates typed in


class PeriodBarWidget(QWidget):
    sig_changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._presets = preset_periods(today)
        self._quiet = False
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.preset = QComboBox()
        self.preset.setAccessibleName(self.tr("Period"))
        for index, (name, _first, _last) in enumerate(self._presets):
            self.preset.addItem(self.tr(name), index)
        self.preset.addItem(self.tr("Other dates"), OTHER_DATES)
        self.first = self._date_edit(self.tr("From"))
        self.last = self._date_edit(self.tr("To"))
        self.provider = QComboBox()
        self.provider.setAccessibleName(self.tr("Provider"))
        self.chair = QComboBox()
        self.chair.setAccessibleName(self.tr("Chair"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Appointment type"))
        for combo in (self.provider, self.chair, self.kind):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.dates = QWidget()
        dates = QHBoxLayout(self.dates)
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.preset)
        dates.addWidget(QLabel(self.tr("From")))
        dates.addWidget(self.first)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.last)
        self.filters = QWidget()
        filters = QHBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        for combo in (self.provider, self.chair, self.kind):
            filters.addWidget(combo)
        filters.addStretch(1)  # on a row of their own, the boxes keep their width
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.addWidget(self.dates, 0, 0)
        self.grid.setColumnStretch(2, 1)
        self.one_row: bool | None = None
        self._arrange(self.width())
        self._allow_two_rows()

    def _allow_two_rows(self) -> None:
        """As narrow as the wider of the two rows: else the layout would hold the bar as
        wide as one row, and it could never wrap."""
        self.setMinimumWidth(
            max(self.dates.minimumSizeHint().width(), self.filters.minimumSizeHint().width())
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        """The filters beside the dates when both fit, under them otherwise: a narrow
        window wraps the bar rather than cutting it off."""
        needed = (
            self.dates.sizeHint().width() + self.grid.horizontalSpacing()
            + self.filters.sizeHint().width()
        )  # fmt: skip
        one_row = width >= needed
        if one_row == self.one_row:
            return
        self.one_row = one_row
        self.grid.removeWidget(self.filters)
        if one_row:
            self.grid.addWidget(self.filters, 0, 1)
        else:
            self.grid.addWidget(self.filters, 1, 0, 1, 2)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(full_year_date_format())
        edit.setAccessibleName(name)
        edit.setMaximumDate(to_qdate(self._today))
        return edit

    def _connect(self) -> None:
        self.preset.currentIndexChanged.connect(self._on_preset_chosen)
        self.first.dateChanged.connect(self._on_dates_edited)
        self.last.dateChanged.connect(self._on_dates_edited)
        for combo in (self.provider, self.chair, self.kind):
            combo.currentIndexChanged.connect(self._on_filter_changed)

    def set_choices(
        self,
        providers: list[ProviderInfo],
        rooms: list[RoomInfo],
        types: list[AppointmentTypeInfo],
    ) -> None:
        """The people, chairs and types to choose from; what was chosen stays chosen."""
        self._quiet = True
        for combo, everyone, items in (
            (self.provider, self.tr("All providers"), [(p.id, p.name) for p in providers]),
            (self.chair, self.tr("All chairs"), [(r.id, r.name) for r in rooms]),
            (self.kind, self.tr("All appointment types"), [(t.id, t.name) for t in types]),
        ):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(everyone, None)
            for item_id, name in items:
                combo.addItem(name, item_id)
            if not select_value(combo, chosen):
                combo.setCurrentIndex(0)
        self._quiet = False

    def show_filters(self, honoured: frozenset[Filter]) -> None:
        """Only the filters the report honours: a chair filter on the money report would
        look applied and narrow nothing."""
        self.provider.setVisible(Filter.PROVIDER in honoured)
        self.chair.setVisible(Filter.CHAIR in honoured)
        self.kind.setVisible(Filter.TYPE in honoured)
        self.filters.setVisible(bool(honoured))
        self.one_row = None  # what fits has changed
        self._arrange(self.width())
        self._allow_two_rows()

    def set_period(self, first: date, last: date) -> None:
        """Show these dates, under their name when they are one of the named periods."""
        self._quiet = True
        self.first.setDate(to_qdate(first))
        self.last.setDate(to_qdate(last))
        named = next(
            (i for i, (_n, f, t) in enumerate(self._presets) if (f, t) == (first, last)),
            OTHER_DATES,
        )
        select_value(self.preset, named)
        self._quiet = False

    def period(self) -> Period:
        """The period and filters chosen; raises InvalidInput for a period that makes no
        sense (it ends before it starts, or spans more than five years)."""
        honoured = {
            "provider_id": self._chosen(self.provider),
            "room_id": self._chosen(self.chair),
            "type_id": self._chosen(self.kind),
        }
        return Period(from_qdate(self.first.date()), from_qdate(self.last.date()), **honoured)

    def _chosen(self, combo: QComboBox) -> uuid.UUID | None:
        return combo.currentData() if combo.isVisibleTo(self) else None

    def _on_preset_chosen(self) -> None:
        index = self.preset.currentData()
        if self._quiet or index == OTHER_DATES:
            return
        _name, first, last = self._presets[index]
        self.set_period(first, last)
        self.sig_changed.emit()

    def _on_dates_edited(self, _day: QDate) -> None:
        if self._quiet:
            return
        self.set_period(from_qdate(self.first.date()), from_qdate(self.last.date()))
        self.sig_changed.emit()

    def _on_filter_changed(self) -> None:
        if not self._quiet:
            self.sig_changed.emit()
