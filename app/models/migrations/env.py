"""Alembic environment for Borte.

Borte runs migrations only from `app.models.database.migrate()`, which hands over an open
connection (inside a transaction, with foreign keys switched off) through
`config.attributes["connection"]`. There is no alembic.ini and no URL: the app owns the engine.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from app.models.tables import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("Run Borte's migrations through app.models.database.migrate().")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=True,
    # migrate() wraps the run in one transaction (SQLAlchemy emits BEGIN itself, see
    # database.py), so a failed upgrade leaves the file as it was.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
