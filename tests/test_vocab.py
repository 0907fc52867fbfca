"""Tests for innovscale.vocab: every vocabulary is documented, sourced and usable."""

from __future__ import annotations

import typing

import attrs
import pytest

import innovscale
from innovscale import vocab
from innovscale.model._rules import class_rules
from innovscale.model.evidence import GRADING_LEVELS
from innovscale.vocab import (
    FRAMEWORKS,
    ElementKind,
    Enabler,
    GradingScheme,
    Vocabulary,
    all_vocabularies,
)

VOCABULARIES = all_vocabularies()
MODEL_TYPES = [
    cls
    for cls in vars(innovscale.model).values()
    if isinstance(cls, type) and attrs.has(cls) and cls.__module__.startswith("innovscale.")
]


def _vocabulary_of(annotation: typing.Any) -> type[Vocabulary] | None:
    """The vocabulary a field annotation names, through Optional and tuple[..., ...]."""
    if isinstance(annotation, type) and issubclass(annotation, Vocabulary):
        return annotation
    for arg in typing.get_args(annotation):
        found = _vocabulary_of(arg)
        if found is not None:
            return found
    return None


def _vocabulary_fields() -> list[tuple[type, str, type[Vocabulary]]]:
    out = []
    for cls in MODEL_TYPES:
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            found = _vocabulary_of(hints[field.name])
            if found is not None:
                out.append((cls, field.name, found))
    return out


class TestEveryVocabulary:
    def test_all_vocabularies(self):
        """all_vocabularies lists every Vocabulary subclass, sorted, each exported in __all__."""
        assert sorted(VOCABULARIES, key=lambda c: c.__name__) == VOCABULARIES
        assert len(VOCABULARIES) >= 30
        for cls in VOCABULARIES:
            assert cls.__name__ in vocab.__all__
            assert getattr(vocab, cls.__name__) is cls

    @pytest.mark.parametrize("cls", VOCABULARIES, ids=lambda c: c.__name__)
    def test_members_are_documented(self, cls):
        """Every member has a code, label, definition and a source that FRAMEWORKS cites."""
        assert cls.__doc__
        assert len(cls) >= 2
        for member in cls:
            assert member.code == member.value
            assert member.code.strip() == member.code != ""
            assert member.label.strip()
            assert member.definition.strip()
            assert member.source in FRAMEWORKS
            assert cls(member.code) is member

    @pytest.mark.parametrize("cls", VOCABULARIES, ids=lambda c: c.__name__)
    def test_codes_and_labels_are_unique(self, cls):
        """Codes, labels and definitions are unique within a vocabulary."""
        for attribute in ("code", "label", "definition"):
            values = [getattr(m, attribute) for m in cls]
            assert len(values) == len(set(values)), attribute

    @pytest.mark.parametrize("cls", VOCABULARIES, ids=lambda c: c.__name__)
    def test_codes_and_terms(self, cls):
        """codes() and terms() list the members in declaration order."""
        assert cls.codes() == [m.code for m in cls]
        assert cls.terms() == [
            {"code": m.code, "label": m.label, "definition": m.definition, "source": m.source}
            for m in cls
        ]

    def test_repr(self):
        """A member's repr shows its class, name and code."""
        assert repr(ElementKind.CORE) == "<ElementKind.CORE: 'core'>"

    def test_frameworks_are_cited(self):
        """Every framework is cited by some vocabulary code, and has a citation."""
        used = {m.source for cls in VOCABULARIES for m in cls}
        assert set(FRAMEWORKS) - used == set()
        for citation in FRAMEWORKS.values():
            assert citation.strip()

    def test_unknown_code(self):
        """An unknown code is a ValueError."""
        with pytest.raises(ValueError, match="'kore' is not a valid ElementKind"):
            ElementKind("kore")


class TestOther:
    """'other' is offered wherever a free-text field can say what the other thing is."""

    def test_other_fields_have_other(self):
        """A field explained by '<field>_other' holds a vocabulary with an 'other' member."""
        fields = {(cls, name): v for cls, name, v in _vocabulary_fields()}
        checked = 0
        for cls in MODEL_TYPES:
            names = {f.name for f in attrs.fields(cls)}
            for name in names:
                if name.endswith("_other"):
                    vocabulary = fields[(cls, name.removesuffix("_other"))]
                    assert vocabulary.allows_other(), (cls.__name__, name)
                    checked += 1
        assert checked >= 12

    def test_other_has_its_text_field(self):
        """A vocabulary field that allows 'other' has a '<field>_other' text and a rule for it."""
        for cls, name, vocabulary in _vocabulary_fields():
            if vocabulary.allows_other():
                assert f"{name}_other" in attrs.fields_dict(cls), (cls.__name__, name)
                rule_fields = {r.field for r in class_rules(cls) if r.code == "value.other_text"}
                assert f"{name}_other" in rule_fields

    def test_other_members(self):
        """'other' members say to explain themselves; vocabularies without one do not have it."""
        for cls in VOCABULARIES:
            if cls.allows_other():
                other = cls("other")
                assert other.label == "Other"
                assert "say which" in other.definition or "give" in other.definition
        assert not ElementKind.allows_other()
        assert GradingScheme.allows_other()


class TestSpecificVocabularies:
    def test_eight_enablers(self):
        """Against the Odds names eight enablers of scale."""
        assert len(Enabler) == 8
        assert {m.source for m in Enabler} == {"against-the-odds"}

    def test_four_s_match_engagement_flags(self):
        """The 4S vocabulary matches the EngagementActivity flags."""
        flags = {
            f.name
            for f in attrs.fields(innovscale.EngagementActivity)
            if f.type in (bool | None, "bool | None")
        }
        assert {m.code for m in vocab.FourS} == flags

    def test_grading_levels(self):
        """Every grading scheme but 'other' has its vocabulary of levels."""
        assert set(GRADING_LEVELS) == set(GradingScheme) - {GradingScheme.OTHER}
        for levels in GRADING_LEVELS.values():
            assert issubclass(levels, Vocabulary)

    def test_element_kinds(self):
        """Elements are core or adaptable, nothing else."""
        assert ElementKind.codes() == ["core", "adaptable"]
