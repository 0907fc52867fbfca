"""validation._index: the integrity tier's id index."""

from __future__ import annotations

from hypothesis import given, strategies as st

from innovscale.validation._index import IdIndex, kind_code, kind_name


def test_a_duplicate_keeps_the_first_definition():
    index = IdIndex()
    assert index.add("dafne", kind_code("Innovation"), ("innovations", 0), None) is None
    first = index.add("dafne", kind_code("Source"), ("sources", 3), None)
    assert first is not None
    assert kind_name(first) == "Innovation"
    assert index.first_loc("dafne", first) == (None, ("innovations", 0))
    assert index.kind("dafne") == "Innovation"
    assert len(index) == 1


def test_a_json_lines_id_is_placed_by_its_line():
    index = IdIndex()
    index.add("org", kind_code("Organisation"), ("organisations",), 0)
    index.add("src", kind_code("Source"), ("sources",), 41)
    for record_id, line in (("org", 0), ("src", 41)):
        entry = index.entries[record_id]
        assert index.first_loc(record_id, entry) == (line, ())


def test_candidates_are_the_ids_of_one_type_and_follow_new_ids():
    index = IdIndex()
    index.add("a", kind_code("Innovation"), (), None)
    index.add("b", kind_code("Source"), (), None)
    assert index.candidates("Innovation") == ["a"]
    index.add("c", kind_code("Innovation"), (), None)
    assert index.candidates("Innovation") == ["a", "c"]
    assert index.candidates("NoSuchRecordType") == []


@given(
    st.lists(
        st.tuples(
            st.text(max_size=3),
            st.sampled_from(["Innovation", "Source", "Organisation"]),
            st.none() | st.integers(0, 10**6),
        ),
        max_size=30,
    )
)
def test_the_index_agrees_with_a_plain_dict(records):
    """Whatever the order, each id keeps its first record's type and place."""
    index = IdIndex()
    first: dict[str, tuple[str, int | None, tuple[int, ...]]] = {}
    for position, (record_id, kind, line) in enumerate(records):
        index.add(record_id, kind_code(kind), (position,), line)
        first.setdefault(record_id, (kind, line, (position,)))
    for record_id, (kind, line, path) in first.items():
        assert index.kind(record_id) == kind
        expected = (line, ()) if line is not None else (None, path)
        assert index.first_loc(record_id, index.entries[record_id]) == expected
