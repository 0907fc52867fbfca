"""
serialization._gen._unstructure: every class gets a generated unstructure function.
"""

from __future__ import annotations

from innovscale.serialization import RECORD_TYPES, converter


def test_every_class_gets_a_generated_unstructure_function() -> None:
    for cls in RECORD_TYPES.values():
        hook = converter.get_unstructure_hook(cls)
        assert hook.__name__ == f"unstructure_{cls.__name__}"
