"""Borte's stored data: SQLAlchemy models, the database file and its migrations."""

from __future__ import annotations
