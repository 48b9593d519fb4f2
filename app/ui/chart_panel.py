"""The charts area: a chart chooser, a range choice, the whole-days toggle and "Save chart…".

The main window calls `show_evaluation(profile, as_of, convention)` after every data change.
Only the chart on show is computed and drawn, and nothing at all while the panel is hidden:
the work waits for the panel to be shown or for another chart to be chosen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from app.services import safe_write
from app.services.charts import CHARTS, ChartId, PreparedChart, prepare_chart
from app.services.errors import AppError
from app.services.profile import Convention, Profile
from app.services.rules.basis import Basis
from app.services.series import RANGE_CHOICES, ChartSource, RangeChoice
from app.services.settings import DEFAULT_PR_WAITING_MONTHS, DEFAULT_WARNING_MARGIN
from app.services.wording import N_, _
from app.ui.chart_widget import ChartWidget
from app.ui.messages import show_error

log = logging.getLogger(__name__)

SAVE_SIZE = (10.0, 5.6)  # inches; at 150 dpi a PNG is 1500 × 840 pixels
DEFAULT_RANGE: RangeChoice = "last_3_years"
_ALTERNATIVE_WORDS: dict[Convention, str] = {
    "inclusive": N_("Show whole-days line"),
    "whole_days": N_("Show line counting travel days"),
    "nights": N_("Show line counting travel days"),
}


def _alternative_words(convention: Convention) -> str:
    return _(_ALTERNATIVE_WORDS[convention])


@dataclass(frozen=True, slots=True)
class _Inputs:
    profile: Profile
    as_of: date
    convention: Convention
    pr_waiting_months: int
    warning_margin: int
    basis: Basis | None  # the assessment's prepared record (its contexts and results)


class ChartPanel(QWidget):
    """Charts of the current person's record, one at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inputs: _Inputs | None = None
        self._source: ChartSource | None = None
        self._stale = False

        self.chart_tabs = QTabBar(self)
        self.chart_tabs.setExpanding(False)
        self.chart_tabs.setDocumentMode(True)
        for chart_id, title in CHARTS:
            index = self.chart_tabs.addTab(title)
            self.chart_tabs.setTabData(index, chart_id)
        self.chart_tabs.setAccessibleName(_("Chart"))

        self.range_box = QComboBox(self)
        for choice, label in RANGE_CHOICES:
            self.range_box.addItem(label, choice)
        self.range_box.setCurrentIndex(self.range_box.findData(DEFAULT_RANGE))
        range_label = QLabel(_("&Range:"), self)
        range_label.setBuddy(self.range_box)

        self.alternative_box = QCheckBox(_alternative_words("inclusive"), self)
        self.alternative_box.setToolTip(
            _("Also draw the count if UDI counts only whole days abroad (the lenient reading).")
        )
        self.save_button = QPushButton(_("&Save chart…"), self)
        self.save_button.setToolTip(_("Save the chart on show as a PNG or SVG file."))

        controls = QHBoxLayout()
        controls.setContentsMargins(6, 2, 6, 0)
        controls.addWidget(range_label)
        controls.addWidget(self.range_box)
        controls.addSpacing(12)
        controls.addWidget(self.alternative_box)
        controls.addStretch(1)
        controls.addWidget(self.save_button)

        self.chart_widget = ChartWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart_tabs)
        layout.addLayout(controls)
        layout.addWidget(self.chart_widget, 1)

        self.chart_tabs.currentChanged.connect(self._on_chart_tabs_changed)
        self.range_box.currentIndexChanged.connect(self._on_range_box_changed)
        self.alternative_box.toggled.connect(self._on_alternative_box_toggled)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self._update_controls()

    # --- What the main window calls ------------------------------------------------------------

    def show_evaluation(
        self,
        profile: Profile,
        as_of: date,
        convention: Convention,
        *,
        pr_waiting_months: int = DEFAULT_PR_WAITING_MONTHS,
        warning_margin: int = DEFAULT_WARNING_MARGIN,
        basis: Basis | None = None,
    ) -> None:
        """Chart `profile` as of `as_of` under `convention` (after every data change).

        `pr_waiting_months` and `warning_margin` are the user's settings, as the status panel
        gets them; the defaults are the settings' defaults. `basis` is the window's assessment
        of the same record: the charts read its evaluations rather than run the rules again.
        """
        self._inputs = _Inputs(profile, as_of, convention, pr_waiting_months, warning_margin, basis)
        self._source = None
        self.alternative_box.setText(_alternative_words(convention))
        self._refresh()

    # --- State ---------------------------------------------------------------------------------

    @property
    def chart_id(self) -> ChartId:
        """The chart on show."""
        chart_id: ChartId = self.chart_tabs.tabData(self.chart_tabs.currentIndex())
        return chart_id

    def set_chart(self, chart_id: ChartId) -> None:
        """Show another chart."""
        for index in range(self.chart_tabs.count()):
            if self.chart_tabs.tabData(index) == chart_id:
                self.chart_tabs.setCurrentIndex(index)
                return
        raise ValueError(chart_id)

    @property
    def range_choice(self) -> RangeChoice:
        """The range on show."""
        choice: RangeChoice = self.range_box.currentData()
        return choice

    def set_range(self, choice: RangeChoice) -> None:
        """Show another range."""
        self.range_box.setCurrentIndex(self.range_box.findData(choice))

    @property
    def chart(self) -> PreparedChart | None:
        """The chart drawn last (None before the first one)."""
        return self.chart_widget.chart

    # --- Drawing -------------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Compute and draw the chart on show, or remember to once the panel is visible."""
        if self._inputs is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.chart_widget.show_chart(self._prepare())

    def _prepare(self) -> PreparedChart:
        """The chart on show, computed from the cached source (one per data change)."""
        assert self._inputs is not None
        if self._source is None:
            inputs = self._inputs
            self._source = ChartSource(
                inputs.profile,
                inputs.as_of,
                inputs.convention,
                pr_waiting_months=inputs.pr_waiting_months,
                warning_margin=inputs.warning_margin,
                basis=inputs.basis,
            )
        source = self._source
        return prepare_chart(
            self.chart_id,
            source,
            source.span(self.range_choice),
            show_alternative=self.alternative_box.isChecked(),
        )

    def _update_controls(self) -> None:
        rolling = self.chart_id == "rolling"
        self.alternative_box.setVisible(rolling)
        ranged = self.chart_id != "allowance"
        self.range_box.setEnabled(ranged)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh()

    # --- Slots ---------------------------------------------------------------------------------

    @Slot(int)
    def _on_chart_tabs_changed(self, _index: int) -> None:
        self._update_controls()
        self._refresh()

    @Slot(int)
    def _on_range_box_changed(self, _index: int) -> None:
        self._refresh()

    @Slot(bool)
    def _on_alternative_box_toggled(self, _checked: bool) -> None:
        self._refresh()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._inputs is None:
            return
        path = self.ask_save_path()
        if path is None:
            return
        try:
            save_chart(self._prepare(), path)
        except AppError as error:
            log.warning("Could not save a chart: %s", type(error).__name__)
            show_error(self, error)

    def ask_save_path(self) -> Path | None:
        """Ask where to save the chart (a PNG or SVG file); None if the user cancels."""
        suggested = f"borte-{self.chart_id}.png"
        name, chosen_filter = QFileDialog.getSaveFileName(
            self, _("Save chart"), suggested, _("PNG image (*.png);;SVG image (*.svg)")
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".svg" if "svg" in chosen_filter.lower() else ".png")
        return path


def save_chart(chart: PreparedChart, path: Path) -> None:
    """Write `chart` to a PNG or SVG file, at a size that reads well on paper and screen."""
    figure = chart.figure(SAVE_SIZE)
    # Regular files only, links followed, modes kept: see app.services.safe_write.
    with safe_write.replacing(path, "chart.png") as temporary:
        if path.suffix.lower() == ".svg":
            figure.savefig(temporary, format="svg")
        else:
            figure.savefig(temporary, format="png", dpi=150)
