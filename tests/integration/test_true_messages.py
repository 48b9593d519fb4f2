"""Issue 11 item 11: each problem gets a message that is true about it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from app.models import database
from app.models.database import DATABASE_FILENAME
from tests.integration.conftest import Borte


def test_a_full_disk_says_the_disk_is_full(
    borte: Borte, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert borte("people", "list").code == 0
    real = database.make_engine

    def full_disk(*args: Any, **kwargs: Any) -> Engine:
        engine = real(*args, **kwargs)

        @event.listens_for(engine, "connect")
        def _no_room_to_grow(dbapi_connection: Any, _record: Any) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        return engine

    monkeypatch.setattr(database, "make_engine", full_disk)
    csv_file = tmp_path / "trips.csv"
    rows = [
        f"19{60 + i // 12}-{i % 12 + 1:02d}-01,19{60 + i // 12}-{i % 12 + 1:02d}-02,SE,{'x' * 500}"
        for i in range(400)
    ]
    csv_file.write_text("departure,return,destination,note\n" + "\n".join(rows) + "\n")
    result = borte("trips", "import", str(csv_file))
    assert result.code == 2, result.err
    line = result.err.splitlines()[0]
    assert "is full" in line
    assert "permission" not in line
    assert "damaged" not in line


def test_a_folder_in_place_of_the_data_file_is_not_sent_to_restore(
    borte: Borte, tmp_path: Path
) -> None:
    assert borte("people", "list").code == 0  # leaves a good backup
    db_path = tmp_path / "data" / DATABASE_FILENAME
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    db_path.mkdir()
    line = borte("trips", "list").one_line_error()
    assert "is a folder, where Borte's data file should be" in line
    assert "move or rename that folder" in line
    assert "restore" not in line


def test_a_utf16_csv_imports_and_its_header_errors_read_cleanly(
    borte: Borte, tmp_path: Path
) -> None:
    """Excel's "Unicode text" is UTF-16: it imports, and a bad header in it is shown as
    text, not as a wall of NUL bytes."""
    csv_file = tmp_path / "trips.csv"
    csv_file.write_text("departure,return,destination,note\n2025-01-01,,SE,\n", encoding="utf-16")
    assert borte("trips", "import", str(csv_file)).code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("leaving,back again\n2025-02-01,2025-02-03\n", encoding="utf-16")
    line = borte("trips", "import", str(bad)).one_line_error()
    assert "'leaving,back again'" in line
    assert "\\x00" not in line
    assert "\x00" not in line


def test_a_file_one_byte_short_gives_exact_sizes(borte: Borte, tmp_path: Path) -> None:
    assert borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02").code == 0
    db_path = tmp_path / "data" / DATABASE_FILENAME
    size = db_path.stat().st_size
    db_path.write_bytes(db_path.read_bytes()[:-1])
    line = borte("trips", "list").one_line_error()
    assert f"it has {size - 1:,} bytes of the {size:,} bytes it should have" in line
