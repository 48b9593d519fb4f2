"""Rules set aside, in two groups: waiting for a permit to be recorded, and not applying now.

A rule nothing on record makes relevant (collective protection for someone who never had it)
is left out: listing it would only make the person wonder whether it concerns them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.services.results import NotApplicable
from app.services.wording import _


def _items(rules: Sequence[NotApplicable], *, reasons: bool) -> str:
    if reasons:
        rows = (
            _("<b>{rule}</b>: {reason}").format(
                rule=html.escape(n.title), reason=html.escape(n.reason)
            )
            for n in rules
        )
    else:
        rows = (f"<b>{html.escape(n.title)}</b>" for n in rules)
    return "".join(f"<li>{row}</li>" for row in rows)


def _label(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setVisible(bool(text))
    return label


def not_applying_labels(rules: Sequence[NotApplicable], parent: QWidget) -> tuple[QLabel, QLabel]:
    """Two labels: the rules that wait for a permit, and those that do not apply now (each
    hidden when empty)."""
    waiting = [n for n in rules if n.kind == "needs_permit"]
    not_now = [n for n in rules if n.kind == "not_now"]
    needs_text = ""
    if waiting:
        # One shared reason: said once, not once per rule.
        needs_text = _(
            "Waiting for your residence permit. Record it (Permits and key dates, or the "
            "set-up guide) to see these rules; which limit applies depends on the kind of "
            "permit and its dates:{rules}"
        ).format(rules=f"<ul>{_items(waiting, reasons=False)}</ul>")
    not_now_text = ""
    if not_now:
        not_now_text = _("Not applying to you now:{rules}").format(
            rules=f"<ul>{_items(not_now, reasons=True)}</ul>"
        )
    needs = _label(parent, needs_text)
    needs.setObjectName("needsPermit")
    needs.setAccessibleName(_("Rules waiting for your residence permit"))
    not_now_label = _label(parent, not_now_text)
    not_now_label.setAccessibleName(_("Rules not applying to you now"))
    return needs, not_now_label
