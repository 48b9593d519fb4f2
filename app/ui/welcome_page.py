"""The first-run page: what Borte does in two lines, and four ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.wording import _


class WelcomePage(QWidget):
    """Shown instead of the status and trips while the person has nothing recorded."""

    set_up_requested = Signal()
    add_trip_requested = Signal()
    import_requested = Signal()
    example_requested = Signal()

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Welcome"))
        logo = QLabel(self)
        logo.setPixmap(icon.pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(_("Welcome to Borte"), self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation = QLabel(
            _(
                "Borte counts the days you spend outside Norway and shows how many are left under "
                "each residence rule.\n"
                "A short set-up asks for what the rules need: when you arrived, your residence "
                "permit, and your trips abroad. Every step can be skipped."
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        font = self.explanation.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.explanation.setFont(font)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.setup_button = QPushButton(_("Set up step by step"), self)
        self.setup_button.setDefault(True)
        self.add_button = QPushButton(_("Add your first trip"), self)
        self.import_button = QPushButton(_("Import from CSV…"), self)
        self.example_button = QPushButton(_("Explore with example data"), self)
        self.example_button.setToolTip(
            _("Adds a clearly marked sample person you can look around with and delete later")
        )
        buttons_in_order = (
            self.setup_button,
            self.add_button,
            self.import_button,
            self.example_button,
        )
        for button in buttons_in_order:
            button.setMinimumHeight(36)
            button.setMinimumWidth(150)
        self.setup_button.clicked.connect(self.set_up_requested)
        self.add_button.clicked.connect(self.add_trip_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.example_button.clicked.connect(self.example_requested)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in buttons_in_order:
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(logo)
        layout.addWidget(self.title)
        # No alignment flag here: an aligned label loses its height-for-width and clips.
        layout.addWidget(self.explanation)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.setTabOrder(self.setup_button, self.add_button)
        self.setTabOrder(self.add_button, self.import_button)
        self.setTabOrder(self.import_button, self.example_button)
