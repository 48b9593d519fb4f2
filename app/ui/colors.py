"""Status colours that stay readable on light and dark palettes.

Badges carry their own background and a text colour picked for contrast against it, so they read
the same whatever the window palette is. `is_dark` lets widgets pick softer tints where they
draw on the palette's own background.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from app.services.profile import Status

# (background, text). Each pair has a contrast ratio above 4.5:1 (WCAG AA for normal text);
# tests/ui/test_colors.py checks it.
BADGE_COLORS: dict[Status, tuple[str, str]] = {
    Status.GREEN: ("#1e7b34", "#ffffff"),
    Status.AMBER: ("#f2b705", "#1a1a1a"),
    Status.RED: ("#b3261e", "#ffffff"),
}
# "Close to the limit" inside the warning margin: still OK, so a neutral dark-amber outline.
CLOSE_COLORS = ("#8a5a00", "#ffffff")


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """Relative luminance (WCAG 2.x)."""
    return (
        0.2126 * _channel(color.red())
        + 0.7152 * _channel(color.green())
        + 0.0722 * _channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette) -> bool:
    """Whether the palette draws light text on a dark window."""
    return luminance(palette.color(QPalette.ColorRole.Window)) < 0.25


def message_color(palette: QPalette, error: bool) -> QColor:
    """A readable colour for an inline error (or warning) message on this palette."""
    if is_dark(palette):
        return QColor("#ff8a80") if error else QColor("#ffd166")
    return QColor("#b3261e") if error else QColor("#7a4f00")


def dark_palette() -> QPalette:
    """A dark Fusion palette, for checking the window in dark mode (BORTE_DARK=1)."""
    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    for which, color in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e6e6e6"),
        (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2f2f2f"),
        (role.ToolTipBase, "#3a3a3a"),
        (role.ToolTipText, "#e6e6e6"),
        (role.PlaceholderText, "#9a9a9a"),
        (role.Text, "#e6e6e6"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"),
        (role.BrightText, "#ff6b6b"),
        (role.Light, "#4a4a4a"),
        (role.Midlight, "#3d3d3d"),
        (role.Mid, "#2a2a2a"),
        (role.Dark, "#1a1a1a"),
        (role.Shadow, "#000000"),
        (role.Highlight, "#3d7bd9"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#8ab4f8"),
        (role.LinkVisited, "#c58af9"),
    ):
        palette.setColor(which, QColor(color))
    for which in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(group.Disabled, which, QColor("#7a7a7a"))
    return palette
