"""What notebooks show: _repr_html_ of a base, an innovation and a report (model._html)."""

from __future__ import annotations

from html.parser import HTMLParser

import attrs

import innovscale
from innovscale.model import _html


class _Checker(HTMLParser):
    """Collects text and checks every tag closes, so the fragment is well formed."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> str:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    return "".join(checker.text)


def test_a_base_shows_its_title_counts_and_innovations():
    base = innovscale.load_example()
    text = _parse(base._repr_html_())
    assert base.title in text
    assert "innovations" in text
    assert all(i.name in text for i in base.innovations)


def test_values_are_escaped_and_long_lists_cut_short():
    base = innovscale.load_example()
    sneaky = attrs.evolve(base.innovations[0], name="<script>alert(1)</script>")
    many = [attrs.evolve(sneaky, id=f"copy-{n}") for n in range(_html.MAX_ROWS + 5)]
    big = attrs.evolve(base, title="A & B", innovations=tuple(many), adoptions=())
    html = big._repr_html_()
    assert "<script>" not in html
    assert "A &amp; B" in html
    assert "… and 5 more" in _parse(html)
    assert "&lt;script&gt;" in sneaky._repr_html_()


def test_an_innovation_shows_its_core_and_adaptable_elements():
    innovation = innovscale.load_example().innovations[0]
    text = _parse(innovation._repr_html_())
    assert innovation.summary in text
    assert all(e.name in text for e in innovation.elements)
    assert "Core" in text


def test_a_report_shows_its_verdict_and_issues():
    report = innovscale.validate(b'{"schema_version": "2.0", "id": "x"}')
    text = _parse(report._repr_html_())
    assert text.startswith("invalid")
    assert "value.required" in text
    assert "Add 'title'" in text
    assert _parse(innovscale.validate(innovscale.load_example())._repr_html_()).startswith("valid")
