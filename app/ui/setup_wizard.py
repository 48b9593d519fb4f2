"""The set-up guide after the welcome page: what the rules need, one short step at a time.

Arrival date, the current permit (its kind explained in plain words), earlier permits, then how
to add trips. Every step can be skipped; nothing is saved until Finish, and then it goes through
the same undoable commands as the dialogs (one Undo takes the whole set-up back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.services.dates import add_years
from app.services.profile import PermitKind
from app.services.wording import _
from app.ui.entries import PermitInput
from app.ui.labels import PERMIT_KIND_LABELS, permit_kind_label
from app.ui.permit_dialog import PermitDialog
from app.ui.qt_dates import show_span, to_date
from app.ui.widgets import OptionalDateEdit, make_date_edit

NextStep = Literal["trip", "import", "later"]


# What each kind means and why it matters, in plain words (rules.md §1-§2).
def _kind_explanations() -> dict[PermitKind, str]:
    # A function, not a table: the sentences are translated when asked for.
    return {
        PermitKind.SKILLED_WORKER: (
            _(
                "A skilled worker (or specialist) permit is for a job that needs a degree or "
                "completed vocational training; the decision letter says “skilled worker” "
                "(faglært). It matters for permanent residence: you may be away up to 15 months in "
                "the 3 years instead of 7, if at least 8 of those months were work abroad for your "
                "employer."
            )
        ),
        PermitKind.WORK: (
            _(
                "Another work permit, such as seasonal work or a job that needs no skilled-worker "
                "decision. While it runs you must live in Norway at least half of every 365 days; "
                "it usually counts toward permanent residence after 3 years."
            )
        ),
        PermitKind.FAMILY: (
            _(
                "Family immigration: you live here with a spouse, partner, parent or child. It "
                "usually counts toward permanent residence after 3 years (5 if your family member "
                "is here as a refugee)."
            )
        ),
        PermitKind.STUDY: (
            _(
                "A student permit. You must live in Norway at least half of each year, and the "
                "years do not count toward permanent residence."
            )
        ),
        PermitKind.AU_PAIR: (
            _(
                "An au pair permit. You must live in Norway at least half of each year; the time "
                "does not count toward permanent residence."
            )
        ),
        PermitKind.PROTECTION: (
            _(
                "Protection (asylum, refugee status). The 182-day rule does not bind refugees, and "
                "permanent residence needs 5 years instead of 3."
            )
        ),
        PermitKind.HUMANITARIAN: (
            _("Strong humanitarian grounds. Permanent residence needs 5 years instead of 3.")
        ),
        PermitKind.EEA_REGISTRATION: (
            _(
                "An EU/EEA registration certificate. EEA rules differ: the 182-day rule for "
                "temporary permits does not apply."
            )
        ),
        PermitKind.PERMANENT: (
            _(
                "Permanent residence: Borte checks that you keep it (under two years abroad) and "
                "counts your years toward citizenship."
            )
        ),
        PermitKind.OTHER: (
            _(
                "Another kind of permit. Your decision letter says whether it counts toward "
                "permanent residence; Borte assumes it does not."
            )
        ),
    }


def kind_explanation(kind: PermitKind) -> str:
    """The plain-words explanation of a permit kind."""
    return _kind_explanations().get(kind, _("Your decision letter says what this permit allows."))


@dataclass(frozen=True, slots=True)
class SetupAnswers:
    """What the newcomer entered; None or empty for a skipped step."""

    arrived_on: date | None = None
    current: PermitInput | None = None
    earlier: tuple[PermitInput, ...] = field(default=())
    then: NextStep = "later"


def _intro(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ArrivalPage(QWizardPage):
    """Step 1: when the person came to live in Norway."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("When did you come to live in Norway?"))
        self.setSubTitle(_("Step 1 of 4 · You can skip any step and fill it in later."))
        self.arrived = make_date_edit(self, add_years(today, -1), _("Arrival date"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                _(
                    "The day you arrived to live here, as on your residence card or police "
                    "appointment. Permanent residence and citizenship count from about this date."
                ),
                self,
            )
        )
        form = QFormLayout()
        form.addRow(_("&Arrived on:"), self.arrived)
        layout.addLayout(form)
        layout.addStretch(1)

    def value(self) -> date:
        """The arrival date entered."""
        return to_date(self.arrived.date())


class PermitPage(QWizardPage):
    """Step 2: the permit held now, with its kind explained."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Which residence permit do you hold now?"))
        self.setSubTitle(
            _("Step 2 of 4 · The kind and dates are on your decision letter from UDI.")
        )
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(_("Kind of permit"))
        for kind, label in PERMIT_KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(PermitKind.SKILLED_WORKER), 0))
        self.explanation = _intro("", self)
        self.explanation.setAccessibleName(_("What this kind of permit means"))
        self.explanation.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.valid_from = make_date_edit(self, add_years(today, -1), _("Valid from"))
        self.valid_to = OptionalDateEdit(self, add_years(today, 1), today, _("Valid to"))
        self.valid_to.check.setText(_("Has an end date"))
        self.granted_before_entry = QCheckBox(_("Granted before I entered Norway"), self)
        form = QFormLayout()
        form.addRow(_("&Kind:"), self.kind)
        form.addRow("", self.explanation)
        form.addRow(_("Valid &from:"), self.valid_from)
        form.addRow(_("Valid &to:"), self.valid_to)
        form.addRow("", self.granted_before_entry)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()

    def permit_kind(self) -> PermitKind:
        """The kind chosen."""
        return PermitKind(self.kind.currentData())

    def value(self) -> PermitInput:
        """The permit entered."""
        return PermitInput(
            kind=self.permit_kind(),
            valid_from=to_date(self.valid_from.date()),
            valid_to=self.valid_to.value(),
            granted_before_entry=self.granted_before_entry.isChecked(),
        )

    @Slot()
    def _on_kind_changed(self) -> None:
        kind = self.permit_kind()
        self.explanation.setText(kind_explanation(kind))
        permanent = kind is PermitKind.PERMANENT
        if permanent:
            self.valid_to.set_value(None)
        self.valid_to.setEnabled(not permanent)


class EarlierPermitsPage(QWizardPage):
    """Step 3: permits held before the current one (each added with the permit dialog)."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.setTitle(_("Did you hold other permits before this one?"))
        self.setSubTitle(
            _("Step 3 of 4 · Earlier permits decide when your qualifying period began.")
        )
        self.permits: list[PermitInput] = []
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Earlier permits"))
        self.add_button = QPushButton(_("Add an earlier permit…"), self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                _(
                    "A student permit before a work permit, say, or a first work permit that was "
                    "renewed. Leave this empty if the permit you entered is your first."
                ),
                self,
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add(self, permit: PermitInput) -> None:
        """List one more earlier permit."""
        self.permits.append(permit)
        self.list.addItem(
            _("{kind}: {span}").format(
                kind=permit_kind_label(permit.kind),
                span=show_span(permit.valid_from, permit.valid_to),
            )
        )

    @Slot()
    def _on_add_button_clicked(self) -> None:
        entered = PermitDialog.ask(self, today=self._today, title=_("Earlier permit"))
        if entered is not None:
            self.add(entered)


class TripsPage(QWizardPage):
    """Step 4: how to put the trips in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Now your trips abroad"))
        self.setSubTitle(_("Step 4 of 4 · The day you left Norway and the day you came back."))
        self.add_trip = QRadioButton(_("Add my first trip now"), self)
        self.import_csv = QRadioButton(_("Import trips from a CSV file"), self)
        self.later = QRadioButton(_("Later: show me where I stand"), self)
        self.add_trip.setChecked(True)
        self.group = QButtonGroup(self)
        for button in (self.add_trip, self.import_csv, self.later):
            self.group.addButton(button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                _(
                    "Borte counts each trip's days against every rule. A trip you are on now can "
                    "be entered without a return date."
                ),
                self,
            )
        )
        for button in (self.add_trip, self.import_csv, self.later):
            layout.addWidget(button)
        layout.addStretch(1)

    def value(self) -> NextStep:
        """What to do after Finish."""
        if self.add_trip.isChecked():
            return "trip"
        return "import" if self.import_csv.isChecked() else "later"


class SetupWizard(QWizard):
    """The guided set-up. Use `SetupWizard.ask(...)`."""

    def __init__(self, parent: QWidget | None, *, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Set up Borte"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, _("&Skip this step"))
        self.setButtonLayout(
            [
                QWizard.WizardButton.CustomButton1,
                QWizard.WizardButton.Stretch,
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ]
        )
        self.arrival = ArrivalPage(today, self)
        self.permit = PermitPage(today, self)
        self.earlier = EarlierPermitsPage(today, self)
        self.trips = TripsPage(self)
        self.skipped: set[int] = set()
        self._skipping = False
        self.pages = [self.arrival, self.permit, self.earlier, self.trips]
        for page in self.pages:
            self.addPage(page)
        self.customButtonClicked.connect(self._on_custom_button_clicked)
        self.setMinimumSize(620, 460)

    @classmethod
    def ask(cls, parent: QWidget | None, *, today: date) -> SetupAnswers | None:
        """Show the guide; the answers, or None if the user cancelled."""
        wizard = cls(parent, today=today)
        try:
            if wizard.exec() != QWizard.DialogCode.Accepted.value:
                return None
            return wizard.answers()
        finally:
            wizard.deleteLater()

    def skip(self) -> None:
        """Leave the current step out and go on (on the last step: finish)."""
        page = self.currentId()
        self.skipped.add(page)
        self._skipping = True  # next() and accept() validate the page; keep it skipped
        try:
            if page == self.pageIds()[-1]:
                self.accept()
            else:
                self.next()
        finally:
            self._skipping = False

    def answers(self) -> SetupAnswers:
        """What was entered on the steps that were not skipped."""
        ids = self.pageIds()

        def kept(page: QWizardPage) -> bool:
            return ids[self.pages.index(page)] not in self.skipped

        current = self.permit.value() if kept(self.permit) else None
        return SetupAnswers(
            arrived_on=self.arrival.value() if kept(self.arrival) else None,
            current=current,
            earlier=tuple(self.earlier.permits) if kept(self.earlier) else (),
            then=self.trips.value() if kept(self.trips) else "later",
        )

    @Slot(int)
    def _on_custom_button_clicked(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.skip()

    def validateCurrentPage(self) -> bool:
        # Going Back and then Next again un-skips a step the user now fills in.
        if not self._skipping:
            self.skipped.discard(self.currentId())
        return super().validateCurrentPage()


__all__ = ["SetupAnswers", "SetupWizard", "kind_explanation"]
