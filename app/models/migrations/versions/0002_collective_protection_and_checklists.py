"""Collective protection as a permit kind, and checklist ticks per person.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Hand-written and frozen like 0001: the permit kinds are copied, not imported. SQLite cannot
alter a CHECK constraint, so the permits table is rebuilt in batch mode (its rows are copied).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = (
    "work",
    "skilled_worker",
    "family",
    "study",
    "au_pair",
    "protection",
    "humanitarian",
    "eea_registration",
    "permanent",
    "other",
)
NEW_KINDS = (
    "work",
    "skilled_worker",
    "family",
    "study",
    "au_pair",
    "protection",
    "humanitarian",
    "collective_protection",
    "eea_registration",
    "permanent",
    "other",
)


def _kinds_sql(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _replace_kind_check(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("permits", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_permits_known_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_permits_known_kind"), _kinds_sql(kinds))


def upgrade() -> None:
    _replace_kind_check(NEW_KINDS)
    op.create_table(
        "checklist_ticks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=60), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.CheckConstraint(
            "length(trim(item_id)) > 0", name=op.f("ck_checklist_ticks_item_id_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_checklist_ticks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_ticks")),
        sa.UniqueConstraint(
            "person_id", "item_id", name=op.f("uq_checklist_ticks_person_id_item_id")
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("checklist_ticks")
    # Permits of the new kind cannot be kept under the old constraint; they become "other".
    op.execute("UPDATE permits SET kind = 'other' WHERE kind = 'collective_protection'")
    _replace_kind_check(OLD_KINDS)
