"""The stored shape of Borte's data: people, their trips and permits, and app settings.

Dates are `datetime.date` (SQLite keeps them as ISO text, so `>=` in CHECK constraints compares
them correctly). Constraint names are spelled out because Alembic's batch mode on SQLite can
only recreate constraints it can name.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# A copy of `app.services.profile.PermitKind`'s values: models may not import services, and the
# CHECK constraint must name them. tests/integration/test_database.py keeps the two in step.
PERMIT_KINDS: tuple[str, ...] = (
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

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def kinds_check_sql(kinds: tuple[str, ...] = PERMIT_KINDS) -> str:
    """The SQL condition that limits `permits.kind` to the known kinds."""
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Person(Base):
    """Someone whose days abroad Borte counts; `is_sample` marks demo data."""

    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),
        # AUTOINCREMENT: ids are never reused, so an undo that re-inserts a removed row under
        # its old id can never collide with, or be mistaken for, a newer row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    arrived_on: Mapped[date | None] = mapped_column(Date)
    reported_to_police_on: Mapped[date | None] = mapped_column(Date)
    pr_applied_on: Mapped[date | None] = mapped_column(Date)
    citizenship_applied_on: Mapped[date | None] = mapped_column(Date)
    abroad_permission_until: Mapped[date | None] = mapped_column(Date)
    sufficient_income: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Identity for the report a caseworker reads (all optional): the name as in the passport,
    # the date of birth, and the D-number or DUF number UDI knows the person by.
    full_name: Mapped[str | None] = mapped_column(String(200))
    born_on: Mapped[date | None] = mapped_column(Date)
    reference_number: Mapped[str | None] = mapped_column(String(20))

    # passive_deletes: let the database's ON DELETE CASCADE remove children instead of loading
    # every trip just to delete it.
    trips: Mapped[list[Trip]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    permits: Mapped[list[Permit]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )


class Trip(Base):
    """One stay outside Norway, `departure` to `return_date` inclusive (None: under way)."""

    __tablename__ = "trips"
    __table_args__ = (
        CheckConstraint(
            "return_date IS NULL OR return_date >= departure", name="return_not_before_departure"
        ),
        Index(None, "person_id", "departure"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    departure: Mapped[date] = mapped_column(Date)
    return_date: Mapped[date | None] = mapped_column(Date)
    destination: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2, upper case
    purpose: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))

    person: Mapped[Person] = relationship(back_populates="trips")


class Permit(Base):
    """One residence permit period; `forms_pr_basis` None means "the kind's default"."""

    __tablename__ = "permits"
    __table_args__ = (
        CheckConstraint(kinds_check_sql(), name="known_kind"),
        CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name="valid_to_not_before_from"
        ),
        Index(None, "person_id", "valid_from"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    forms_pr_basis: Mapped[bool | None] = mapped_column(Boolean)
    granted_before_entry: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    applied_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))

    person: Mapped[Person] = relationship(back_populates="permits")


class Setting(Base):
    """One app setting as text; `app.services.settings` parses and validates the values."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChecklistTick(Base):
    """A condition on a goal's checklist that a person has marked as met, and on which date.

    The items themselves (PR and citizenship conditions that are not day counts) are dated data
    in `resources/rules/checklists.json`; only the person's ticks are stored.
    """

    __tablename__ = "checklist_ticks"
    __table_args__ = (
        UniqueConstraint("person_id", "item_id"),
        CheckConstraint("length(trim(item_id)) > 0", name="item_id_not_empty"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(60))
    met_on: Mapped[date | None] = mapped_column(Date)  # None: ticked without a date
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
