"""Modules put off until first used (app/deferred_imports.py): SQLAlchemy loads without asyncio
and importlib.metadata, and a deferred module, once read, is the module a plain import gives."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import deferred_imports

REPO = Path(__file__).resolve().parents[2]


def _run(code: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


_ROUND_TRIP = """
import json, sys
from app import deferred_imports
deferred_imports.defer()
from sqlalchemy import String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

class Base(DeclarativeBase):
    pass

class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(20))

engine = create_engine("sqlite://")
Base.metadata.create_all(engine)
with Session(engine) as session:
    session.add(Note(text="hei"))
    session.commit()
    read = session.scalars(select(Note.text)).all()
loaded = {name: type(sys.modules.get(name)).__name__ for name in ("asyncio", "importlib.metadata")}
real = sorted(name for name in ("ssl", "email", "zipfile", "asyncio.events") if name in sys.modules)

import asyncio, asyncio.events
from sqlalchemy.util.concurrency import iscoroutine

async def answer():
    return 42

coroutine = answer()
print(json.dumps({
    "read": read, "loaded": loaded, "real": real,
    "iscoroutine": iscoroutine(coroutine),
    "ran": asyncio.run(coroutine),
    "one_events": asyncio.events.get_event_loop_policy is asyncio.get_event_loop_policy,
    "asyncio_now": type(sys.modules["asyncio"]).__name__,
}), file=sys.stderr)
"""


def test_sqlalchemy_works_without_loading_asyncio_until_it_is_used() -> None:
    seen = _run(_ROUND_TRIP)

    assert seen["read"] == ["hei"]
    assert seen["loaded"] == {"asyncio": "_StandIn", "importlib.metadata": "_StandIn"}
    assert seen["real"] == []  # nor what they import (ssl, email, zipfile)
    # Then used: the real module, whole, through SQLAlchemy's name for it and a plain import.
    assert seen["iscoroutine"] is True
    assert seen["ran"] == 42
    assert seen["one_events"] is True
    assert seen["asyncio_now"] == "module"


def test_a_command_runs_with_them_deferred(tmp_path: Path) -> None:
    code = """
import json, sys
sys.argv = ["borte", "status", "--json", "--data-dir", sys.argv[1]]
from app.__main__ import main
code = main()
print(json.dumps({"code": code, "asyncio": type(sys.modules["asyncio"]).__name__}), file=sys.stderr)
"""
    seen = _run(code, str(tmp_path / "data"))

    assert seen == {"code": 0, "asyncio": "_StandIn"}


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A package `deferme` whose `__init__` counts its runs and imports `.sub`."""
    root = tmp_path / "deferme"
    root.mkdir()
    (root / "__init__.py").write_text(
        "import builtins, time\n"
        "builtins.deferme_runs = getattr(builtins, 'deferme_runs', 0) + 1\n"
        "time.sleep(0.05)  # widens the window for two threads reading at once\n"
        "from . import sub\n"
        "VALUE = 7\n"
    )
    (root / "sub.py").write_text(
        "import builtins\n"
        "builtins.deferme_sub_runs = getattr(builtins, 'deferme_sub_runs', 0) + 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(deferred_imports, "_deferred", set())
    import builtins

    for counter in ("deferme_runs", "deferme_sub_runs"):
        monkeypatch.setattr(builtins, counter, 0, raising=False)
    yield "deferme"
    for name in ("deferme", "deferme.sub"):
        sys.modules.pop(name, None)


def _runs() -> tuple[int, int]:
    import builtins

    return builtins.deferme_runs, builtins.deferme_sub_runs  # type: ignore[attr-defined]


def test_a_deferred_module_loads_on_the_first_read_and_then_is_the_real_one(package: str) -> None:
    deferred_imports.defer([package])
    stand_in = sys.modules[package]
    assert _runs() == (0, 0)

    # (An import statement reads no name from it either, as the first test shows; not tried
    # here: in a process with PySide loaded, its import hook reads the source of every module
    # an import statement names, which loads it.)
    assert stand_in.VALUE == 7
    assert _runs() == (1, 1)
    real = sys.modules[package]
    assert real is not stand_in
    assert isinstance(real, types.ModuleType)
    assert stand_in.sub is real.sub is sys.modules["deferme.sub"]
    scope: dict[str, object] = {}
    exec("import deferme", scope)  # noqa: S102
    assert scope["deferme"] is real


def test_importing_a_submodule_of_a_deferred_package_runs_it_once(package: str) -> None:
    deferred_imports.defer([package])

    exec("import deferme.sub", {})  # noqa: S102

    assert _runs() == (1, 1)
    assert sys.modules["deferme"].sub is sys.modules["deferme.sub"]
    assert sys.modules["deferme.sub"].__spec__.name == "deferme.sub"
    assert sys.modules["deferme.sub"].__spec__.origin.endswith("sub.py")


def test_threads_reading_at_once_load_it_once(package: str) -> None:
    deferred_imports.defer([package])
    stand_in = sys.modules[package]
    values: list[int] = []
    start = threading.Barrier(6)

    def read() -> None:
        start.wait()
        values.append(stand_in.VALUE)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert values == [7] * 6
    assert _runs() == (1, 1)


def test_a_module_that_fails_to_load_fails_at_each_read(package: str, tmp_path: Path) -> None:
    (tmp_path / "deferme" / "__init__.py").write_text("raise RuntimeError('broken')\n")
    deferred_imports.defer([package])
    stand_in = sys.modules[package]

    for _ in range(2):
        with pytest.raises(RuntimeError, match="broken"):
            _ = stand_in.VALUE
        assert sys.modules[package] is stand_in


def test_defer_leaves_loaded_and_unknown_modules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(deferred_imports, "_deferred", set())
    json_module = sys.modules["json"]

    deferred_imports.defer(["json", "no_such_module_here"])

    assert sys.modules["json"] is json_module
    assert "no_such_module_here" not in sys.modules
