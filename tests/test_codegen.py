"""Tests for innovscale._codegen: generated code can be read and debugged."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import traceback

import pytest

from innovscale import Innovation, Organisation
from innovscale._codegen import compile_function
from innovscale.model import common
from innovscale.serialization import converter


def test_fast_structure_functions_are_named_and_have_source():
    generated = converter.generated_structure(Innovation)
    assert generated is not None
    function = generated.function
    assert function.__name__ == "structure_Innovation"
    assert inspect.getsource(function).startswith("def structure_Innovation(d):")


def test_unstructure_functions_are_named_and_have_source():
    function = converter.get_unstructure_hook(Organisation)
    source = inspect.getsource(function)
    assert "Organisation" in function.__name__
    assert source.startswith(f"def {function.__name__}(obj):")


def test_constraint_checks_show_their_lines_in_tracebacks():
    check = common.ID.check_value
    assert check.__name__ == "check_constraints"
    with pytest.raises(ValueError) as info:
        check("id", "Not An Id")
    frames = traceback.extract_tb(info.value.__traceback__)
    generated = [f for f in frames if f.filename.startswith("<innovscale generated")]
    assert generated
    assert generated[-1].line  # the source line is shown, not just a line number


def test_each_compilation_has_its_own_file_name():
    first = compile_function(["def f():", "    return 1"], "f", {})
    second = compile_function(["def f():", "    return 2"], "f", {})
    assert first.__code__.co_filename != second.__code__.co_filename
    assert (first(), second()) == (1, 2)


def _load_in_a_process(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(env_extra)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import innovscale; print(len(innovscale.load_example().innovations))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_generated_code_is_kept_between_processes(tmp_path):
    """Compiled once, read back after: like bytecode, under the pycache prefix."""
    prefix = tmp_path / "prefix"
    first = _load_in_a_process({"PYTHONPYCACHEPREFIX": str(prefix)})
    assert first.returncode == 0, first.stderr
    kept = list(prefix.rglob("generated.*/*.code"))
    assert len(kept) >= 10  # one per generated function of the first load
    before = {path: path.stat().st_mtime_ns for path in kept}
    # A damaged file is compiled again (and rewritten); the others are read as they are.
    kept[0].write_bytes(b"not marshal data")
    again = _load_in_a_process({"PYTHONPYCACHEPREFIX": str(prefix)})
    assert (again.returncode, again.stdout) == (0, first.stdout), again.stderr
    assert kept[0].read_bytes() != b"not marshal data"
    assert all(path.stat().st_mtime_ns == before[path] for path in kept[1:])


def test_nothing_is_kept_without_bytecode_writing(tmp_path):
    prefix = tmp_path / "prefix"
    run = _load_in_a_process({"PYTHONPYCACHEPREFIX": str(prefix), "PYTHONDONTWRITEBYTECODE": "1"})
    assert run.returncode == 0, run.stderr
    assert not list(prefix.rglob("generated.*/*.code"))
