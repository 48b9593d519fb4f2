"""Issue 11 item 4: a bit-flipped data file or backup is refused, never a crash (exit 1).

A seeded loop flips 1 to 16 random bits of a small but full data file (a person with a
non-ASCII name, trips with notes, a permit) and runs read commands on it: each must exit 0
(the flip hit nothing that matters) or 2 with one sentence, and never change the file. A
damaged backup is listed as damaged and never blocks restoring another.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.models.database import DATABASE_FILENAME
from app.services import backups
from tests.integration.conftest import Borte

SEEDS = int(os.environ.get("BORTE_FLIP_SEEDS", "50"))
COMMANDS = (("trips", "list"), ("status",), ("people", "list"), ("permits", "list"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a data file with every kind of row, with no -wal beside it."""
    from app.main import open_services

    folder = tmp_path_factory.mktemp("pristine")
    services = open_services(folder)
    try:
        ase = services.people.add("Åse Ødegård").id
        for i in range(40):
            for person in (services.people.default().id, ase):
                services.trips.add(
                    person,
                    date(2010 + i // 12, i % 12 + 1, 1),
                    date(2010 + i // 12, i % 12 + 1, 9),
                    "SE",
                    note=f"notat {i} æøå",
                    today=date(2025, 6, 30),
                )
    finally:
        services.close()  # the last connection folds the WAL into the file
    return (folder / DATABASE_FILENAME).read_bytes()


def _flip(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    damaged = bytearray(data)
    for _ in range(rng.choice((1, 2, 4, 8, 16))):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_bit_flipped_data_files_are_refused_never_crash(
    borte: Borte, tmp_path: Path, pristine: bytes
) -> None:
    db_path = tmp_path / "data" / DATABASE_FILENAME
    refused = 0
    for seed in range(SEEDS):
        shutil.rmtree(db_path.parent, ignore_errors=True)
        db_path.parent.mkdir()
        db_path.write_bytes(_flip(pristine, seed))
        before = _digest(db_path)
        for command in COMMANDS:
            result = borte(*command)
            assert result.code in (0, 2), (seed, command, result.err)
            assert "Traceback" not in result.err
            if result.code == 2:
                refused += 1
                assert len(result.err.splitlines()) == 1, (seed, result.err)
                assert _digest(db_path) == before, (seed, command)
                break
    assert refused > SEEDS // 10  # the loop does exercise refusals


def test_a_damaged_backup_is_listed_as_damaged_and_others_still_restore(
    borte: Borte, tmp_path: Path, pristine: bytes
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_path = data_dir / DATABASE_FILENAME
    db_path.write_bytes(pristine)
    old = backups.backup_now(db_path, "daily", now=datetime(2025, 1, 1, tzinfo=UTC))
    new = backups.backup_now(db_path, "daily", now=datetime(2025, 6, 1, tzinfo=UTC))
    # The newest backup gets its trips table's text mangled, which passes integrity_check.
    new.path.write_bytes(new.path.read_bytes().replace("æøå".encode(), b"\xff\xfe\xfd\xfc\xfb\xfa"))
    db_path.write_bytes(b"not a database at all" * 100)

    listed = borte("backup", "list", "--json")
    assert listed.code == 0, listed.err
    assert [(b["id"], b["damaged"]) for b in json.loads(listed.out)] == [
        (new.id, True),
        (old.id, False),
    ]
    table = borte("backup", "list")
    assert "1 backup is damaged and cannot be restored" in table.out

    refusal = borte("trips", "list").one_line_error()
    assert old.id in refusal  # the newest *good* backup is the one offered
    assert new.id not in refusal

    assert "cannot be restored" in borte("backup", "restore", new.id).one_line_error()
    restored = borte("backup", "restore", old.id)
    assert restored.code == 0, restored.err
    assert borte("trips", "list").code == 0
