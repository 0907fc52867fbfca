"""Tables generated from the model, written as SQLite (innovscale.tables)."""

from __future__ import annotations

import io
import sqlite3

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import innovscale
from innovscale import strategies as ist, tables
from innovscale.cli import run
from innovscale.model import RECORD_COLLECTIONS, EvidenceBase, PartialDate

SLOW = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)


def _lists(obj, cls_path=()):
    """Every (table name, length) of the list fields in ``obj``, walking nested objects."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, tuple):
            yield field.name, value
        elif attrs.has(type(value)) and not isinstance(value, PartialDate):
            for name, items in _lists(value):
                yield f"{field.name}__{name}", items


def _expected_counts(base: EvidenceBase) -> dict[str, int]:
    counts: dict[str, int] = {"evidence_base": 1}

    def walk(table: str, obj) -> None:
        for name, items in _lists(obj):
            if table == "evidence_base" and name in RECORD_COLLECTIONS:
                continue
            child = f"{table}__{name}"
            counts[child] = counts.get(child, 0) + len(items)
            for item in items:
                if attrs.has(type(item)) and not isinstance(item, PartialDate):
                    walk(child, item)

    walk("evidence_base", base)
    for collection in RECORD_COLLECTIONS:
        records = getattr(base, collection)
        counts[collection] = len(records)
        for record in records:
            walk(collection, record)
    return counts


@SLOW
@given(ist.evidence_bases())
def test_every_record_and_list_item_is_a_row_and_every_key_holds(tmp_path_factory, base):
    path = tmp_path_factory.mktemp("db") / "base.db"
    tables.write_sqlite(base, path)
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for name, count in _expected_counts(base).items():
            query = f'SELECT count(*) FROM "{name}"'  # noqa: S608 - the generated table names
            assert db.execute(query).fetchone() == (count,), name
        for collection in RECORD_COLLECTIONS:
            query = f'SELECT id FROM "{collection}" ORDER BY rowid'  # noqa: S608 - as above
            ids = [r[0] for r in db.execute(query)]
            assert ids == [r.id for r in getattr(base, collection)]
    finally:
        db.close()


def test_the_tables_come_from_the_model():
    """Every field of every record class is a column or a table: nothing is hand-listed."""
    names = {t.name for t in tables.schema()}
    columns = {(t.name, c.name) for t in tables.schema() for c in t.columns}
    for collection, cls in RECORD_COLLECTIONS.items():
        for field in attrs.fields(cls):
            if field.name == "id":
                continue
            as_table = f"{collection}__{field.name}" in names
            as_column = (collection, field.name) in columns or any(
                t == collection and c.startswith(f"{field.name}__") for t, c in columns
            )
            as_nested = any(n.startswith(f"{collection}__{field.name}__") for n in names)
            assert as_table or as_column or as_nested, (collection, field.name)


def test_codes_reference_their_vocabulary(tmp_path):
    path = tmp_path / "base.db"
    tables.write_sqlite(innovscale.load_example(), path)
    db = sqlite3.connect(path)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'adoptions'").fetchone()[0]
    assert '"stage" TEXT REFERENCES vocab_adoption_stage(code)' in sql
    assert '"innovation" TEXT REFERENCES innovations(id)' in sql
    label = db.execute(
        "SELECT v.label FROM adoptions a JOIN vocab_adoption_stage v ON a.stage = v.code LIMIT 1"
    ).fetchone()
    assert label is not None
    db.close()


def test_export_on_the_command_line(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "base.db"
    status = run(
        ["export", "examples/against-the-odds.json", "-o", str(target)], stdout=out, stderr=err
    )
    assert status == 0, err.getvalue()
    db = sqlite3.connect(target)
    try:
        assert db.execute("SELECT count(*) FROM innovations").fetchone() == (10,)
    finally:
        db.close()


def test_export_refuses_an_invalid_base(tmp_path):
    base = innovscale.load_example()
    broken = attrs.evolve(base.adoptions[0], innovation="nowhere")
    innovscale.dump(
        attrs.evolve(base, adoptions=(broken, *base.adoptions[1:])), tmp_path / "b.json"
    )
    out = io.StringIO()
    status = run(
        ["export", str(tmp_path / "b.json"), "-o", str(tmp_path / "b.db")],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert status == 1
    assert "ref.dangling" in out.getvalue()
    assert not (tmp_path / "b.db").exists()


def test_a_failed_write_leaves_no_file(tmp_path):
    with pytest.raises(innovscale.FileWriteError):
        tables.write_sqlite(innovscale.load_example(), tmp_path / "missing" / "base.db")
    assert list(tmp_path.iterdir()) == []


def _read_csv(path):
    import csv
    import io

    # Python 3.10's csv reader refuses NUL characters, which the export keeps.
    text = path.read_bytes().decode("utf-8").replace("\x00", "")
    return list(csv.DictReader(io.StringIO(text, newline="")))
