"""
One way to compile the code innovscale generates, so that it can be debugged.

Every generated function (constraint checks, fast structure functions, unstructure
and writer functions) is compiled here: its source is registered in :mod:`linecache`
under a file name that says what it is, and the function is named for its class or
purpose (``structure_Innovation``), so tracebacks, ``pdb`` and
:func:`inspect.getsource` show the generated lines, as they do for attrs' and
cattrs' own generated methods.
"""

from __future__ import annotations

import itertools
import linecache
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Generated", "Source", "compile_function"]

_COUNTER = itertools.count(1)


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
    filename = f"<innovscale generated {name} {next(_COUNTER)}>"
    code = compile(source, filename, "exec")
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


@attrs.frozen
class Generated:
    """A generated function with what its generator found out about it."""

    function: Callable[[Any], Any]
    #: A fast structure function: whether every value it accepts went through a hook
    #: that accepts no container, so what it accepts nests no deeper than its class.
    pure: bool = False
    #: A writer: the classes whose objects it leaves to orjson (and their writers).
    left: frozenset[Any] = frozenset()
