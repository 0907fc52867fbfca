"""
What every reader and writer shares: atomic file writes, and pausing the collector.

Writes go to a temporary file beside the target and are moved into place, so a
failure leaves the old file intact; the new file keeps the old one's permissions.
Reading and writing large documents pause the cyclic garbage collector, which would
otherwise walk the growing object graph again and again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from pathlib import Path
from typing import IO, TYPE_CHECKING

from innovscale.exceptions import FileWriteError, InnovscaleError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["PathLike", "atomic_write", "gc_paused", "write_bytes_atomic"]

#: What a path argument may be.
PathLike = str | os.PathLike[str]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """
    Pause the cyclic garbage collector while a large object graph is built.

    Parsing and structuring allocate many containers and create no cycles, but
    with the collector on, each full collection walks the whole growing graph:
    about half the time of a large load (see ``docs/performance.md``). The
    collector is re-enabled only by the call that disabled it, and is left alone
    when it was already off, so nested calls are safe.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def atomic_write(path: PathLike, write: Callable[[IO[bytes]], object]) -> None:
    """
    Write through ``write`` to a temporary file beside ``path``, then move it into place.

    A symlink is written through, to the file it names (as editors do). The new file
    keeps the old one's permission bits, or gets those ``open`` would give a new file
    (``0o666`` less the umask). Temporary files left by a killed write (their process
    is gone) are removed first.
    """
    import tempfile  # noqa: PLC0415 - off the import path: reading never writes

    target = Path(os.path.realpath(path))
    _remove_stale_temporaries(target)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise FileWriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise FileWriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, InnovscaleError):
            raise
        if isinstance(exc, Exception):
            raise FileWriteError(f"cannot write {path}: {exc}") from exc
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale_temporaries(target: Path) -> None:
    """Remove ``.<name>.<pid>.*.tmp`` files beside ``target`` whose process has ended."""
    prefix = f".{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return  # the write itself will say what is wrong
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid_text = name[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            Path(entry.path).unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or an impossible pid): leave its file
    return True


def write_bytes_atomic(path: PathLike, data: bytes) -> None:
    """
    Write ``data`` to ``path`` atomically: a failure leaves any existing file intact.

    Raises:
        FileWriteError: The file could not be written.
    """
    atomic_write(path, lambda handle: handle.write(data))
