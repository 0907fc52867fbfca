"""
The committed schemas are generated from the model, and the package ships exactly them.

If a test here fails after you changed the model, regenerate the schemas with
``innovscale schema --write schemas/`` (or
``python -c "from innovscale import schema; schema.write('schemas')"``) and commit them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from innovscale import schema
from innovscale.model import RECORD_COLLECTIONS, SCHEMA_VERSION
from innovscale.schema._generate import BASE_URI, SCHEMA_FILES

COMMITTED = ROOT / "schemas"
FIX = (
    "Regenerate them from the model and commit the result:\n"
    "    innovscale schema --write schemas/\n"
    "or, without the CLI:\n"
    "    python -c \"from innovscale import schema; schema.write('schemas')\""
)


def _committed() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(COMMITTED.glob("*.schema.json"))}


def test_committed_schemas_match_the_model() -> None:
    """The files in schemas/ are exactly what the model generates today."""
    drifted = schema.drift(COMMITTED)
    assert not drifted, (
        f"schemas/ has drifted from the model: {', '.join(drifted)} differ (or are missing "
        f"or stale).\n{FIX}"
    )


def test_one_schema_per_record_type() -> None:
    """Every record type, the evidence base, the shared defs and the JSON Lines line have a file."""
    expected = {*SCHEMA_FILES.values(), "defs.schema.json", "jsonl-line.schema.json"}
    assert set(schema.generate()) == expected
    assert len(SCHEMA_FILES) == len(RECORD_COLLECTIONS) + 1
    assert set(_committed()) == expected


def test_generation_is_deterministic() -> None:
    """Generating twice gives identical text, so the drift test cannot flicker."""
    first = json.dumps(schema.generate(), sort_keys=False)
    second = json.dumps(schema.generate(), sort_keys=False)
    assert first == second


def test_ids_are_absolute_and_versioned() -> None:
    """Each $id is the versioned base URI plus the file name."""
    assert f"https://innovscale.org/schemas/{SCHEMA_VERSION}/" == BASE_URI
    for file_name, generated in schema.generate().items():
        assert generated["$id"] == BASE_URI + file_name


def test_write_then_drift(tmp_path: Path) -> None:
    """write() produces a folder with no drift; drift() names changed, missing and stale files."""
    written = schema.write(tmp_path)
    assert sorted(p.name for p in written) == sorted(schema.generate())
    assert schema.drift(tmp_path) == []
    assert {p.name: p.read_bytes() for p in written} == _committed()

    (tmp_path / "organisation.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "source.schema.json").unlink()
    (tmp_path / "old.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a schema\n", encoding="utf-8")
    assert schema.drift(tmp_path) == [
        "old.schema.json",
        "organisation.schema.json",
        "source.schema.json",
    ]

    schema.write(tmp_path)
    assert schema.drift(tmp_path) == []
    assert not (tmp_path / "old.schema.json").exists()
    assert (tmp_path / "README.txt").exists()


def test_drift_in_an_empty_folder_lists_every_file(tmp_path: Path) -> None:
    """A folder with no schemas has drifted by every file."""
    assert schema.drift(tmp_path) == sorted(schema.generate())


def test_installed_package_ships_the_committed_schemas() -> None:
    """The schemas the running package loads are byte-for-byte the committed ones."""
    shipped = schema._package_dir()
    loaded = {
        entry.name: entry.read_bytes()
        for entry in shipped.iterdir()
        if entry.name.endswith(".schema.json")
    }
    assert loaded == _committed()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout with hatchling (no network: hatchling is installed)."""
    builders = pytest.importorskip("hatchling.builders.wheel")
    out = tmp_path_factory.mktemp("wheel")
    builder = builders.WheelBuilder(str(ROOT))
    (path,) = builder.build(directory=str(out), versions=["standard"])
    return Path(path)


def test_wheel_ships_the_committed_schemas(wheel: Path) -> None:
    """The wheel holds innovscale/schemas/*.schema.json, identical to schemas/."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            Path(name).name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("innovscale/schemas/") and name.endswith(".schema.json")
        }
    assert shipped == _committed()


def test_installed_wheel_loads_schemas_with_importlib_resources(
    wheel: Path, tmp_path: Path
) -> None:
    """From an unpacked wheel, schemas load from inside the package and validate offline."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path)
    script = (
        "import json, innovscale\n"
        "from innovscale import schema\n"
        "from innovscale.schema._examples import EXAMPLES\n"
        "from innovscale.model import EvidenceBase\n"
        "print(json.dumps({'module': innovscale.__file__,\n"
        "  'dir': str(schema._package_dir()),\n"
        "  'names': schema.names(),\n"
        "  'valid': schema.validator().is_valid(EXAMPLES[EvidenceBase])}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    report = json.loads(result.stdout)
    assert Path(report["module"]).is_relative_to(tmp_path)
    assert Path(report["dir"]) == tmp_path / "innovscale" / "schemas"
    assert report["names"] == schema.names()
    assert report["valid"] is True


def test_installed_wheel_ships_the_example(wheel: Path, tmp_path: Path) -> None:
    """innovscale.load_example() works from a wheel, far from the checkout (the tutorial needs it)."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path)
        shipped = archive.read("innovscale/examples/against-the-odds.json")
    assert shipped == (ROOT / "examples" / "against-the-odds.json").read_bytes()
    script = "import innovscale; print(len(innovscale.load_example().innovations))"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == "10"
