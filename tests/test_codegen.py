"""Tests for innovscale._codegen: generated code can be read and debugged."""

from __future__ import annotations

import inspect
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
