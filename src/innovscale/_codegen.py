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
from typing import Any

__all__ = ["compile_function"]

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
