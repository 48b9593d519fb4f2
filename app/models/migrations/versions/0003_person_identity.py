"""Person identity for the report: full name, date of birth, D-number or DUF number.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

All three are optional and shown only in the PDF report a caseworker reads. Hand-written and
frozen like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("full_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("born_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("reference_number", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("reference_number")
        batch.drop_column("born_on")
        batch.drop_column("full_name")
