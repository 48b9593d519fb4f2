"""What `PRAGMA synchronous=FULL` costs over NORMAL for Borte's writes (WAL mode).

Run: .venv/bin/python -m bench.bench_sync [folder]
Prints, for each setting, the median and 95th percentile time of adding one trip through
`TripService` (one transaction, as one user action is) and of importing 2,000 trips in one
transaction. The folder (default: a temporary one) should be on the disk users have: fsync on a
RAM disk costs nothing and proves nothing. The choice and these figures are noted in
app/models/database.py.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from app.models.database import close_database, open_database
from app.services.trips import TripService

TODAY = date(2025, 6, 30)
ADDS = 300


def measure(folder: Path, setting: str) -> tuple[list[float], float]:
    """Seconds per single-trip add, and for one 2,000-row import, under `setting`."""
    sessions = open_database(folder / f"{setting.lower()}.sqlite3")
    engine = sessions.kw["bind"]
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _override(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA synchronous={setting}")

    trips = TripService(sessions)
    adds = []
    for i in range(ADDS):
        day = date(2000, 1, 1) + timedelta(days=3 * i)
        started = time.perf_counter()
        trips.add(1, day, day + timedelta(days=1), "SE", today=TODAY)
        adds.append(time.perf_counter() - started)
    csv_file = folder / "import.csv"
    rows = [
        f"{date(1950, 1, 1) + timedelta(days=i)},{date(1950, 1, 1) + timedelta(days=i)},DE,x"
        for i in range(2000)
    ]
    csv_file.write_text("departure,return,destination,note\n" + "\n".join(rows) + "\n")
    started = time.perf_counter()
    trips.import_csv(1, csv_file, today=TODAY)
    imported = time.perf_counter() - started
    close_database(sessions)
    return adds, imported


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="sync-"))
    for setting in ("NORMAL", "FULL", "NORMAL", "FULL"):
        adds, imported = measure(folder, setting)
        adds.sort()
        print(
            f"{setting:6}  add one trip: median {statistics.median(adds) * 1000:.2f} ms, "
            f"p95 {adds[int(len(adds) * 0.95)] * 1000:.2f} ms   "
            f"import 2,000 trips: {imported * 1000:.0f} ms"
        )
        for path in folder.glob(f"{setting.lower()}.sqlite3*"):
            path.unlink()


if __name__ == "__main__":
    main()
