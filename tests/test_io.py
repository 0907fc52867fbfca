"""_io: atomic writes that keep permissions and symlinks, and pausing the collector."""

from __future__ import annotations

import gc
import os
import stat

import pytest

from innovscale import _io
from innovscale.exceptions import FileWriteError


def test_gc_paused_nests_and_restores():
    """The collector is re-enabled only by the call that paused it, and left off if it was."""
    assert gc.isenabled()
    with _io.gc_paused():
        assert not gc.isenabled()
        with _io.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _io.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_new_file_gets_the_mode_open_would_give(tmp_path):
    """0o666 less the umask, as a plain open() would create it."""
    old = os.umask(0o027)
    try:
        _io.write_bytes_atomic(tmp_path / "new.json", b"{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    assert (tmp_path / "new.json").read_bytes() == b"{}\n"


def test_an_existing_file_keeps_its_mode_and_a_symlink_is_written_through(tmp_path):
    target = tmp_path / "real.json"
    target.write_bytes(b"old")
    target.chmod(0o604)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    _io.write_bytes_atomic(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_a_failing_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "base.json"
    path.write_bytes(b"old")

    def write(handle):
        handle.write(b"half")
        raise ValueError("the value cannot be written")

    with pytest.raises(FileWriteError, match=r"cannot write .*the value cannot be written"):
        _io.atomic_write(path, write)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["base.json"]


def test_an_interrupt_is_not_turned_into_a_write_error(tmp_path):
    def write(handle):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _io.atomic_write(tmp_path / "base.json", write)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_write_error(tmp_path):
    with pytest.raises(FileWriteError, match="cannot write"):
        _io.write_bytes_atomic(tmp_path / "no-such-folder" / "base.json", b"{}")


def test_only_temporaries_of_ended_processes_are_removed(tmp_path):
    path = tmp_path / "base.json"
    ended = tmp_path / ".base.json.999999999.x.tmp"
    mine = tmp_path / f".base.json.{os.getpid()}.y.tmp"
    unrelated = tmp_path / ".other.json.999999999.z.tmp"
    for p in (ended, mine, unrelated):
        p.write_bytes(b"")
    _io.write_bytes_atomic(path, b"{}")
    assert not ended.exists()
    assert mine.exists()
    assert unrelated.exists()
