"""Initial schema: people, trips, permits, settings.

Revision ID: 0001
Revises:
Create Date: 2026-05-01

Hand-written and frozen: later changes go in new revisions, never here. Names are wrapped in
`op.f()` so the metadata's naming convention leaves them exactly as written. The permit kinds
are copied, not imported, so this file keeps meaning what it meant when it shipped.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERMIT_KINDS = (
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


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("is_sample", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("arrived_on", sa.Date(), nullable=True),
        sa.Column("reported_to_police_on", sa.Date(), nullable=True),
        sa.Column("pr_applied_on", sa.Date(), nullable=True),
        sa.Column("citizenship_applied_on", sa.Date(), nullable=True),
        sa.Column("abroad_permission_until", sa.Date(), nullable=True),
        sa.Column("sufficient_income", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_people_name_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("name", name=op.f("uq_people_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "trips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("departure", sa.Date(), nullable=False),
        sa.Column("return_date", sa.Date(), nullable=True),
        sa.Column("destination", sa.String(length=2), nullable=True),
        sa.Column("purpose", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.CheckConstraint(
            "return_date IS NULL OR return_date >= departure",
            name=op.f("ck_trips_return_not_before_departure"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_trips_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trips")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_trips_person_id_departure"), "trips", ["person_id", "departure"])
    op.create_table(
        "permits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("forms_pr_basis", sa.Boolean(), nullable=True),
        sa.Column(
            "granted_before_entry", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind}'" for kind in PERMIT_KINDS) + ")",
            name=op.f("ck_permits_known_kind"),
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from",
            name=op.f("ck_permits_valid_to_not_before_from"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_permits_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permits")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_permits_person_id_valid_from"), "permits", ["person_id", "valid_from"]
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index(op.f("ix_permits_person_id_valid_from"), table_name="permits")
    op.drop_table("permits")
    op.drop_index(op.f("ix_trips_person_id_departure"), table_name="trips")
    op.drop_table("trips")
    op.drop_table("people")
