"""Whether the rows of a Borte data file fit together, read without changing the file.

SQLite's integrity check finds broken pages, but a flipped bit inside a row (a date that is no
longer a date, a name that is no longer UTF-8, a column name in the schema) or rows deleted by
another program (trips whose person is gone) pass it, and would then crash Borte or hide data:
a missing person would be replaced by a new, empty "Me". `rows_misfit` finds all of these in a
few queries per table, against the column types in `app.models.tables`.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Boolean, Date, Integer

from app.models.tables import Base


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def rows_misfit(connection: sqlite3.Connection, *, at_head: bool) -> tuple[str, str] | None:
    """(what is wrong, detail for the log), or None when every row fits Borte's schema.

    `connection` must return text as bytes (`text_factory = bytes`), so that undecodable text
    is found here rather than raised. `at_head`: the file has this version's schema, so every
    table and column must be there (an older file gets its new ones from the migration).
    """
    for table in Base.metadata.sorted_tables:
        info = connection.execute(f"PRAGMA table_info({_quoted(table.name)})").fetchall()
        present = {_text(row[1]) for row in info}
        if not present:
            if at_head:
                return "its table of " + table.name + " is missing", table.name
            continue
        missing = sorted(column.name for column in table.columns if column.name not in present)
        if at_head and missing:
            return (
                f"its table of {table.name} lacks columns Borte needs",
                f"{table.name}: {', '.join(missing)}",
            )
        checks: list[str] = []
        text_columns: list[str] = []
        for column in table.columns:
            if column.name not in present:
                continue
            name = _quoted(column.name)
            integer = isinstance(column.type, Integer | Boolean)
            kinds = ["'integer'"] if integer else ["'text'"]
            if column.nullable:
                kinds.append("'null'")
            checks.append(f"typeof({name}) NOT IN ({', '.join(kinds)})")
            if isinstance(column.type, Date):
                checks.append(f"({name} IS NOT NULL AND {name} IS NOT date({name}))")
            if not integer:
                text_columns.append(name)
        # One scan per table: the count of rows failing a check, and each text column's
        # values joined and decoded once (a Python loop over every cell of 100,000 trips took
        # three times as long as this whole query).
        joined = [f"group_concat(CAST({name} AS BLOB), x'0a')" for name in text_columns]
        columns = ", ".join(["total(" + " OR ".join(checks) + ")", *joined])
        query = f"SELECT {columns} FROM {_quoted(table.name)}"
        bad_total, *texts = connection.execute(query).fetchone()
        bad = int(bad_total)
        if bad:
            return (
                f"{bad:,} of its {table.name} rows hold values Borte never writes",
                f"{table.name}: {bad} rows fail type or date checks",
            )
        try:
            for value in texts:
                if isinstance(value, bytes):
                    value.decode("utf-8")
        except UnicodeDecodeError:
            return (
                f"some of its {table.name} rows hold text that is not UTF-8",
                f"{table.name}: undecodable text",
            )
    orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        return (
            f"its rows do not fit together: {len(orphans):,} rows belong to a person who is "
            "not in it (were people deleted by another program?)",
            f"foreign_key_check: {orphans[:5]}",
        )
    return None
