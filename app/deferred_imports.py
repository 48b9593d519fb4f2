"""Standard-library packages SQLAlchemy imports as it loads but a Borte process seldom uses,
put off until something reads a name from them.

SQLAlchemy's `util` package imports `asyncio` (for its asyncio extension) and
`importlib.metadata` (for dialects and plugins named by entry points) at load time. With what
they import in turn (ssl, email, zipfile, …) that is about 45 ms of every command and of the
window's way to its numbers (measured: `import sqlalchemy.orm` 340 → 293 ms), for a synchronous
SQLite engine that uses neither.

`defer()` puts a stand-in module in `sys.modules` for each. The first read of a name on it, by
SQLAlchemy or anyone else, imports the real module, which then takes the stand-in's place;
`import asyncio` and `from asyncio import X` behave as before. Only when the code loads
changes. The names in `_READ_AT_IMPORT` are read while SQLAlchemy loads (and would load the
module at once); they are functions that load it when first called.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Callable, Iterable
from typing import Any

DEFERRED = ("asyncio", "importlib.metadata")

# Module-level reads in SQLAlchemy's own modules: `iscoroutine = asyncio.iscoroutine` in
# `sqlalchemy.util.concurrency`.
_READ_AT_IMPORT: dict[str, tuple[str, ...]] = {"asyncio": ("iscoroutine",)}


class _StandIn(types.ModuleType):
    """Stands in `sys.modules` for a module until a name is read from it, then loads it."""

    def __getattr__(self, name: str) -> Any:  # only for names not (yet) in the stand-in
        return getattr(_load(self), name)


_swap = threading.Lock()  # held only to take the stand-in out, never across the import


def _load(stand_in: _StandIn) -> types.ModuleType:
    name = stand_in.__name__
    with _swap:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
    # Another thread reading at the same time imports the same module: the import system's
    # own lock on the module makes one of them load it and the other wait for it.
    try:
        real = importlib.import_module(name)
    except BaseException:
        with _swap:
            sys.modules.setdefault(name, stand_in)  # the next read tries again
        raise
    # Whoever kept the stand-in (`sqlalchemy.util.compat.asyncio`) now finds the real names.
    vars(stand_in).update(vars(real))
    return real


def _forwarder(stand_in: _StandIn, attr: str) -> Callable[..., Any]:
    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(_load(stand_in), attr)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = attr
    return forward


class _AlreadyImported:  # a meta path finder and loader (not importlib.abc's: it imports much)
    """`import asyncio.events` while `asyncio` is a stand-in: the import system reads the
    stand-in's `__path__`, which loads the real package, which imports `asyncio.events`, and
    then the import system would execute that module a second time (it does not look in
    `sys.modules` again). This finder hands it the module the package just imported."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        module = sys.modules.get(fullname)
        if module is None or fullname.rpartition(".")[0] not in _deferred:
            return None  # the usual case: a module not imported yet, found by the others
        return importlib.machinery.ModuleSpec(
            fullname,
            self,  # type: ignore[arg-type]  # a loader by its two methods, not importlib.abc's
            loader_state=module.__spec__,
        )

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return sys.modules[spec.name]

    def exec_module(self, module: types.ModuleType) -> None:
        assert module.__spec__ is not None  # set by the import system from `find_spec`
        module.__spec__ = module.__spec__.loader_state  # its own spec again, not this finder's


_deferred: set[str] = set()


def defer(names: Iterable[str] = DEFERRED) -> None:
    """Put a stand-in in `sys.modules` for each of `names` not loaded yet (a parent package
    is imported; it is small for these). A package's stand-in has no `__path__`: importing a
    submodule reads it, and so loads the package first, as a plain import would."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = _StandIn(name)
        # The import system reads `__spec__` of a module it finds in `sys.modules`.
        stand_in.__spec__ = spec
        stand_in.__file__ = spec.origin
        for attr in _READ_AT_IMPORT.get(name, ()):
            setattr(stand_in, attr, _forwarder(stand_in, attr))
        sys.modules[name] = stand_in
        if not _deferred:
            sys.meta_path.insert(0, _AlreadyImported())
        _deferred.add(name)
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, stand_in)
