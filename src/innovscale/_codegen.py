"""
One way to compile the code innovscale generates, so that it can be debugged.

Every generated function (constraint checks, fast structure functions, unstructure
and writer functions) is compiled here: its source is registered in :mod:`linecache`
under a file name that says what it is, and the function is named for its class or
purpose (``structure_Innovation``), so tracebacks, ``pdb`` and
:func:`inspect.getsource` show the generated lines, as they do for attrs' and
cattrs' own generated methods.

Compiling is most of what a first load costs, so the code objects are kept between
processes the way Python keeps bytecode: in ``__pycache__`` beside this module (or
under :data:`sys.pycache_prefix`), one file per source, named by a checksum of the source,
in a folder for the interpreter (``generated.cpython-312/3f2a….code``); each file holds
its source too, and is used only for that source. Nothing is written when
:data:`sys.dont_write_bytecode` is set (``PYTHONDONTWRITEBYTECODE``) or the
directory cannot be written; a damaged file is compiled again. The cache holds no
data: only code compiled from innovscale's own generated source.
"""

from __future__ import annotations

import contextlib
import linecache
import marshal
import os
import sys
import zlib
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Generated", "Source", "compile_function"]


def _cache_directory() -> Path | None:
    tag = sys.implementation.cache_tag
    if not tag:  # pragma: no cover - an interpreter without bytecode caching
        return None
    here = Path(__file__).resolve().parent
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix + str(here)) / f"generated.{tag}"
    return here / "__pycache__" / f"generated.{tag}"


_CACHE = _cache_directory()


def _cached(digest: str, source: str) -> CodeType | None:
    """The code kept for ``source`` (checked to be that source), or ``None``."""
    if _CACHE is None:
        return None
    try:
        kept = marshal.loads((_CACHE / f"{digest}.code").read_bytes())  # noqa: S302 - our own cache
        kept_source, code = kept
    except (OSError, ValueError, EOFError, TypeError):
        return None  # not cached yet, or damaged: compiled again
    if kept_source != source or not isinstance(code, CodeType):
        return None  # another source with the same digest: compiled again
    return code


def _keep(digest: str, source: str, code: CodeType) -> None:
    if _CACHE is None or sys.dont_write_bytecode:
        return
    import tempfile  # noqa: PLC0415 - only when a new function is kept: off the import path

    with contextlib.suppress(OSError):  # a read-only install: compiled each time, as .py
        _CACHE.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=_CACHE, prefix=f".{digest}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps((source, code)))
            Path(tmp).replace(_CACHE / f"{digest}.code")
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise


def compile_function(lines: list[str], name: str, namespace: dict[str, Any]) -> Any:
    """
    Compile ``lines``, which define the function ``name``, in ``namespace``; return it.

    >>> double = compile_function(["def double_it(x):", "    return 2 * x"], "double_it", {})
    >>> double(21), double.__name__
    (42, 'double_it')
    >>> import inspect
    >>> print(inspect.getsource(double), end="")
    def double_it(x):
        return 2 * x
    """
    source = "\n".join(lines) + "\n"
    # A cheap digest: each kept file holds its source too, and is used only for it.
    digest = f"{zlib.crc32(source.encode()):08x}{len(source):x}"
    filename = f"<innovscale generated {name} {digest[:8]}>"
    code = _cached(digest, source)
    if code is None:
        code = compile(source, filename, "exec")
        _keep(digest, source, code)
    exec(code, namespace)  # noqa: S102 - innovscale's own generated source
    # Kept like a file that exists (mtime None), so linecache.checkcache leaves it.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    return namespace[name]


class Source:
    """
    The source of one generated function as it is built: its lines, and the objects
    its lines name (bound as ``_g0``, ``_g1``…).

    >>> src = Source()
    >>> src.lines += ["def add_one(x):", f"    return {src.bind(1)} + x"]
    >>> src.compile("add_one")(41)
    42
    """

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.lines: list[str] = []
        #: Classes whose objects a writer leaves to orjson (and so to their own writers),
        #: or the fast structure functions a fast structure function calls.
        self.left: set[Any] = set()
        #: Whether a fast structure function calls a hook that may accept containers.
        self.impure = False

    def bind(self, value: Any) -> str:
        """The name under which the generated code sees ``value``."""
        name = f"_g{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def compile(self, name: str) -> Any:
        """Compile :attr:`lines`, which define the function ``name``; return it."""
        return compile_function(self.lines, name, self.namespace)


class Generated:
    """A generated function with what its generator found out about it."""

    __slots__ = ("function", "left", "pure")

    def __init__(
        self,
        function: Callable[[Any], Any],
        *,
        pure: bool = False,
        left: frozenset[Any] = frozenset(),
    ) -> None:
        self.function = function
        #: A fast structure function: whether every value it accepts went through a
        #: hook that accepts no container, so what it accepts nests no deeper than its class.
        self.pure = pure
        #: A writer: the classes whose objects it leaves to orjson (and their writers).
        self.left = left
