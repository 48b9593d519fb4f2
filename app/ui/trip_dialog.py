"""The dialog that adds or edits one trip, validating as the user types.

Errors (the services would refuse the trip) disable Save; warnings (a date far from today, an
overlap with another trip) leave it enabled and say what to check. An overlap also offers
"Merge into one trip", which the caller turns into one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.countries import destination_hint
from app.services.dates import add_years, trip_days
from app.services.errors import ValidationError
from app.services.profile import TripSpan
from app.services.views import TripView
from app.services.wording import _, ngettext
from app.ui.entries import TripInput
from app.ui.labels import PURPOSE_LABELS, destination_label
from app.ui.qt_dates import show_date, show_number, to_date, to_qdate
from app.ui.widgets import CountryCombo, MessageLabel, make_date_edit

# Dates this far from today are allowed but flagged: most likely a mistyped year.
PAST_YEARS = 15
FUTURE_YEARS = 2

OverlapFinder = Callable[[date, date | None], Sequence[TripView]]


def describe_trip(trip: TripView) -> str:
    """ "your trip to Sweden (SE), 2025-01-01 – 2025-01-10" for messages."""
    where = destination_label(trip.destination)
    start = show_date(trip.departure)
    end = show_date(trip.return_date, _("still under way"))
    if where:
        return _("your trip to {where}, {start} – {end}").format(where=where, start=start, end=end)
    return _("your trip, {start} – {end}").format(start=start, end=end)


class TripDialog(QDialog):
    """Add or edit a trip. Use `TripDialog.ask(...)`."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        today: date,
        find_overlaps: OverlapFinder,
        initial: TripInput | None,
        title: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._today = today
        self._find_overlaps = find_overlaps
        self._overlaps: tuple[TripView, ...] = ()
        self._under_way_clash = False
        self._merge = False
        start = initial or TripInput(today, today)

        self.departure = make_date_edit(self, start.departure, _("Departure date"))
        self.return_date = make_date_edit(self, start.return_date or today, _("Return date"))
        self.under_way = QCheckBox(_("Still abroad (no return date yet)"), self)
        self.under_way.setChecked(start.return_date is None)
        self.return_date.setEnabled(start.return_date is not None)
        self.destination = CountryCombo(self)
        self.destination.set_code(start.destination)
        # Svalbard and Ukraine need a word of explanation when chosen.
        self.destination_hint = QLabel(self)
        self.destination_hint.setWordWrap(True)
        self.destination_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.destination_hint.setAccessibleName(_("About this destination"))
        self.destination_hint.setVisible(False)
        self.purpose = QComboBox(self)
        self.purpose.setAccessibleName(_("Purpose"))
        self.purpose.addItem("", None)
        for key, label in PURPOSE_LABELS.items():
            self.purpose.addItem(_(label), key)
        self.purpose.setCurrentIndex(max(self.purpose.findData(start.purpose), 0))
        self.note = QLineEdit(start.note, self)
        self.note.setAccessibleName(_("Note"))
        from app.services.trips import MAX_NOTE_LENGTH  # SQLAlchemy: not at start

        self.note.setMaxLength(MAX_NOTE_LENGTH)
        self.note.setPlaceholderText(_("Optional, e.g. Christmas with family"))
        self.days = QLabel(self)
        self.days.setAccessibleName(_("Days abroad on this trip"))
        self.message = MessageLabel(self)
        self.warning = MessageLabel(self)
        self.merge_button = QPushButton(_("Merge into one trip"), self)
        self.merge_button.setToolTip(
            _("Replace this trip and the trips it overlaps by one trip covering all their days")
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        # In the button row, on the side away from Save: another way to finish the dialog.
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.setVisible(False)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)

        form = QFormLayout()
        form.addRow(_("&Departure:"), self.departure)
        form.addRow(_("&Return:"), self.return_date)
        form.addRow("", self.under_way)
        form.addRow(_("Des&tination:"), self.destination)
        form.addRow("", self.destination_hint)
        form.addRow(_("&Purpose:"), self.purpose)
        form.addRow(_("&Note:"), self.note)
        form.addRow("", self.days)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

        self.departure.dateChanged.connect(self._on_field_changed)
        self.return_date.dateChanged.connect(self._on_field_changed)
        self.under_way.toggled.connect(self._on_under_way_toggled)
        self.destination.editTextChanged.connect(self._on_field_changed)
        self.destination.currentIndexChanged.connect(self._on_field_changed)
        self.purpose.currentIndexChanged.connect(self._on_field_changed)
        self.note.textChanged.connect(self._on_field_changed)
        self.validate()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        today: date,
        find_overlaps: OverlapFinder,
        initial: TripInput | None = None,
        title: str | None = None,
    ) -> TripInput | None:
        """Show the dialog; the trip entered, or None if the user cancelled."""
        dialog = cls(
            parent,
            today=today,
            find_overlaps=find_overlaps,
            initial=initial,
            title=title or _("New trip"),
        )
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted.value:
                return None
            return dialog.entered()
        finally:
            dialog.deleteLater()

    def entered(self) -> TripInput:
        """The trip as entered (call when `validate()` found no error)."""
        return TripInput(
            departure=to_date(self.departure.date()),
            return_date=None if self.under_way.isChecked() else to_date(self.return_date.date()),
            destination=self.destination.code(),
            purpose=self.purpose.currentData(),
            note=self.note.text().strip(),
            merge_with=self._overlaps if self._merge else (),
        )

    def validate(self) -> bool:
        """Check the fields, show what is wrong, enable Save accordingly; True when valid."""
        error, warnings = self._problems()
        self._show_destination_hint()
        self.message.show_message(error, error=True)
        self.warning.show_message("\n".join(warnings), error=False)
        self.save_button.setEnabled(not error)
        # Merging needs a valid trip of its own; the one-trip-under-way clash is the exception,
        # since merging is exactly how to resolve it.
        mergeable = not error or self._under_way_clash
        self.merge_button.setVisible(bool(self._overlaps) and mergeable)
        self._show_days(error)
        return not error

    def _show_destination_hint(self) -> None:
        try:
            hint = destination_hint(self.destination.code())
        except ValueError:
            hint = ""
        self.destination_hint.setText(hint)
        self.destination_hint.setVisible(bool(hint))

    def _problems(self) -> tuple[str, list[str]]:
        from app.services.trips import check_trip

        self._overlaps = ()
        self._under_way_clash = False
        departure = to_date(self.departure.date())
        back = None if self.under_way.isChecked() else to_date(self.return_date.date())
        try:
            destination = self.destination.code()
        except ValueError as bad:
            return (
                _(
                    "{typed} is not a country Borte knows: pick one from the list, type a "
                    "two-letter code such as SE, or leave the destination empty."
                ).format(typed=repr(bad.args[0])),
                [],
            )
        try:
            check_trip(
                departure,
                back,
                destination,
                self.purpose.currentData(),
                self.note.text(),
                today=self._today,
            )
        except ValidationError as err:
            return str(err), []
        warnings = self._far_dates(departure, back)
        self._overlaps = tuple(self._find_overlaps(departure, back))
        error = ""
        if back is None:
            open_trip = next((t for t in self._overlaps if t.return_date is None), None)
            if open_trip is not None:
                self._under_way_clash = True
                error = _(
                    "Your trip that departed on {day} is still under way, and only one trip "
                    "can be: give that trip a return date, or merge the two."
                ).format(day=show_date(open_trip.departure))
        if self._overlaps and not error:
            listed = "; ".join(describe_trip(trip) for trip in self._overlaps[:3])
            more = len(self._overlaps) - 3
            if more > 0:
                listed = ngettext(
                    "{trips}; and {count} more", "{trips}; and {count} more", more
                ).format(trips=listed, count=show_number(more))
            warnings.append(
                _(
                    "This trip overlaps {trips}. Days abroad are counted once either way; "
                    "merge them to keep one trip per journey."
                ).format(trips=listed)
            )
        return error, warnings

    def _far_dates(self, departure: date, back: date | None) -> list[str]:
        warnings = []
        if departure < add_years(self._today, -PAST_YEARS):
            warnings.append(
                _("The departure {day} is more than {years} years ago: check the year.").format(
                    day=show_date(departure), years=PAST_YEARS
                )
            )
        latest = back or departure
        if latest > add_years(self._today, FUTURE_YEARS):
            far = (
                _("The return {day} is more than {years} years from today: check the year.")
                if back is not None
                else _("The departure {day} is more than {years} years from today: check the year.")
            )
            warnings.append(far.format(day=show_date(latest), years=FUTURE_YEARS))
        return warnings

    def _show_days(self, error: str) -> None:
        if error:
            self.days.setText("")
            return
        departure = to_date(self.departure.date())
        back = None if self.under_way.isChecked() else to_date(self.return_date.date())
        span = TripSpan(departure, back)
        days = trip_days(span, "inclusive", self._today)
        whole = trip_days(span, "whole_days", self._today)
        if departure > self._today:
            text = ngettext(
                "{count} day abroad (planned); counting only whole days: {whole}.",
                "{count} days abroad (planned); counting only whole days: {whole}.",
                days,
            )
        elif back is None:
            text = ngettext(
                "{count} day abroad so far; counting only whole days: {whole}.",
                "{count} days abroad so far; counting only whole days: {whole}.",
                days,
            )
        else:
            text = ngettext(
                "{count} day abroad; counting only whole days: {whole}.",
                "{count} days abroad; counting only whole days: {whole}.",
                days,
            )
        self.days.setText(text.format(count=show_number(days), whole=show_number(whole)))

    @Slot()
    def _on_field_changed(self) -> None:
        self.validate()

    @Slot(bool)
    def _on_under_way_toggled(self, checked: bool) -> None:
        self.return_date.setEnabled(not checked)
        if not checked and self.return_date.date() < self.departure.date():
            self.return_date.setDate(to_qdate(max(to_date(self.departure.date()), self._today)))
        self.validate()

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        self._merge = True
        self.accept()

    def accept(self) -> None:
        if not self.validate() and not self._merge:
            return
        super().accept()
