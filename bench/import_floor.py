"""The floor of `borte trips import FILE`: what any import of that file has to do, and no more.

Run: python -m bench.import_floor DATA_DIR FILE
Opens (creates) the database in DATA_DIR the way Borte does, reads FILE with a plain
`csv.reader`, and stores every row with one bare executemany through SQLAlchemy Core in one
transaction: no checks, no parsing of dates or countries, no comparison. `bench_import`
times it beside the command, so the ratio says how much the import's own Python costs.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from sqlalchemy import text

from app.models.database import DATABASE_FILENAME, close_database, open_database

_INSERT = (
    "INSERT INTO trips (person_id, departure, return_date, destination, purpose, note) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def main() -> None:
    data_dir, file = Path(sys.argv[1]), Path(sys.argv[2])
    data_dir.mkdir(parents=True, exist_ok=True)
    sessions = open_database(data_dir / DATABASE_FILENAME)
    with file.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)  # the header
        with sessions.begin() as session:
            person = session.execute(text("SELECT id FROM people LIMIT 1")).scalar_one()
            rows = [(person, d, r or None, dest or None, None, note) for d, r, dest, note in reader]
            session.connection().exec_driver_sql(_INSERT, rows)
    close_database(sessions)
    print(f"stored {len(rows):,} rows")


if __name__ == "__main__":
    main()
