"""Places in the window for the chart and planner panels, filled after the first paint.

The chart panel imports matplotlib (about 0.6 s), so both panels are imported and built only
once the window is on screen, by `load()`. When a tab is opened, `load_in_background` first
imports the panel's modules on a worker thread (1–2 s for matplotlib on a busy machine, which
froze the window) while the placeholder shows, then builds the panel. If a panel's module is
missing, the slot keeps a short placeholder so the window still runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.profile import Convention, Profile, TripSpan
from app.services.wording import _

if TYPE_CHECKING:
    from app.services.checklists import Checklist
    from app.services.rules.basis import Basis
    from app.ui.chart_panel import ChartPanel
    from app.ui.planner_panel import PlannerPanel

log = logging.getLogger(__name__)

# The record as the window's assessment prepared it, or (before the first read, and in tests)
# the profile, today and the convention to prepare it from.
PlannerInputs = Callable[[], "tuple[Profile, date, Convention] | Basis"]


def _missing(error: ModuleNotFoundError, module: str) -> bool:
    """True when `module` itself is missing; anything it imports that is missing is a bug."""
    if error.name != module:
        return False
    log.warning("%s is missing; showing a placeholder", module)
    return True


class PanelSlot(QWidget):
    """A tab page that shows a placeholder until `load()` puts the real panel in."""

    # The panel's module, imported on a worker thread by `load_in_background`.
    module = ""

    def __init__(self, placeholder: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._importing = False
        self.setAccessibleName(accessible_name)
        self.placeholder = QLabel(placeholder, self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.placeholder)
        self.loaded = False

    def load(self) -> None:
        """Build the panel (importing its module here); does nothing the second time."""
        raise NotImplementedError

    @property
    def importing(self) -> bool:
        """True while `load_in_background` imports the panel's module."""
        return self._importing

    def load_in_background(self, then: Callable[[], None]) -> None:
        """Import the panel's module on a worker thread, then `load()` here and call `then`
        (nothing if the panel is loaded or being imported already)."""
        if self.loaded or self._importing:
            return
        from app.ui.window_data import import_in_background

        self._importing = True
        import_in_background(self, (self.module,), lambda: self._on_imported(then))

    def _on_imported(self, then: Callable[[], None]) -> None:
        # A failed import fails again in `load()`, where a missing panel gets its placeholder.
        self._importing = False
        if self.loaded:
            return  # `load()` was called meanwhile
        self.load()
        then()

    def _put(self, panel: QWidget | None, missing_text: str) -> None:
        self.loaded = True
        if panel is None:
            self.placeholder.setText(missing_text)
            return
        self._layout.removeWidget(self.placeholder)
        self.placeholder.deleteLater()
        self._layout.addWidget(panel)


class ChartSlot(PanelSlot):
    """Where `app.ui.chart_panel.ChartPanel` goes."""

    module = "app.ui.chart_panel"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Loading charts…"), _("Charts"), parent)
        self.panel: ChartPanel | None = None
        # The settings of the last `show_evaluation`, replayed when the panel loads late.
        self.settings: tuple[int, int] = (24, 14)

    def load(self) -> None:
        """Build the chart panel (imports matplotlib); does nothing the second time."""
        if self.loaded:
            return
        try:
            from app.ui.chart_panel import ChartPanel
        except ModuleNotFoundError as error:
            if not _missing(error, "app.ui.chart_panel"):
                raise
            self._put(None, _("Charts are not available in this build."))
            return
        self.panel = ChartPanel(self)
        self._put(self.panel, "")

    def show_evaluation(
        self,
        profile: Profile,
        as_of: date,
        convention: Convention,
        *,
        pr_waiting_months: int = 24,
        warning_margin: int = 14,
        basis: Basis | None = None,
    ) -> None:
        """Redraw the charts, if they are loaded, with the user's settings (`basis`: the
        assessment's prepared record, read instead of evaluating again)."""
        self.settings = (pr_waiting_months, warning_margin)
        if self.panel is not None:
            self.panel.show_evaluation(
                profile,
                as_of,
                convention,
                pr_waiting_months=pr_waiting_months,
                warning_margin=warning_margin,
                basis=basis,
            )


class PlannerSlot(PanelSlot):
    """Where `app.ui.planner_panel.PlannerPanel` goes."""

    module = "app.ui.planner_panel"

    def __init__(
        self,
        inputs: PlannerInputs,
        on_trip_requested: Callable[[TripSpan], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Loading the planner…"), _("Plan a trip"), parent)
        self.panel: PlannerPanel | None = None
        self._inputs = inputs
        self._on_trip_requested = on_trip_requested
        self._checklists: tuple[Checklist, ...] = ()

    def set_checklists(self, checklists: Sequence[Checklist]) -> None:
        """The goals' other conditions, shown with the planner's goal dates."""
        self._checklists = tuple(checklists)
        if self.panel is not None:
            self.panel.set_checklists(checklists)

    def load(self) -> None:
        """Build the planner panel; does nothing the second time."""
        if self.loaded:
            return
        try:
            from app.ui.planner_panel import PlannerPanel
        except ModuleNotFoundError as error:
            if not _missing(error, "app.ui.planner_panel"):
                raise
            self._put(None, _("The trip planner is not available in this build."))
            return
        self.panel = PlannerPanel(self._inputs, self)
        self.panel.set_checklists(self._checklists)
        self.panel.trip_requested.connect(self._on_trip_requested)
        self._put(self.panel, "")

    def refresh(self) -> None:
        """Let the planner re-read its inputs, if it is loaded."""
        if self.panel is not None:
            self.panel.refresh()
