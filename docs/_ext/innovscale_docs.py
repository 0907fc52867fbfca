"""
A local Sphinx extension: reference pages generated from innovscale's own code and data.

Every directive here reads the same source the library uses — the committed JSON
Schemas, the vocabulary enums, the argparse parser, the error-code catalogue, the
model's rules and the example evidence base — and renders it as MyST Markdown at
build time, so the reference cannot drift from the code.

Directives:

``innovscale-schema NAME``
    The field table of one committed schema (``schemas/NAME.schema.json``).
``innovscale-schema-defs``
    The shared object types of ``defs.schema.json``, one field table each.
``innovscale-vocabularies``
    Every vocabulary of :func:`innovscale.vocab.all_vocabularies`, then the frameworks.
``innovscale-cli``
    The help of ``innovscale`` and each subcommand, from ``innovscale.cli.build_parser()``.
``innovscale-error-codes``
    The error-code catalogue, from ``innovscale.validation.catalogue()``.
``innovscale-model-only-rules``
    The rules a plain JSON Schema validator does not check.
``innovscale-example-cases PATH``
    The innovations of an evidence base (``PATH`` relative to the repository root) as tables.
    A missing or invalid file stops the build.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docstrings import prepare_docstring
from sphinx.util.docutils import SphinxDirective

import innovscale
from innovscale import model, review
from innovscale.model._rules import class_rules
from innovscale.schema import model_only_rules
from innovscale.vocab import FRAMEWORKS, all_vocabularies

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"
SUFFIX = ".schema.json"
_REF = re.compile(r"^(?P<file>[a-z-]+\.schema\.json)?(?:#/\$defs/(?P<def>\w+))?$")
# reST inline markup found in docstrings: ``code``, *emphasis*, :role:`target`.
_INLINE = re.compile(
    r"``(?P<code>.+?)``|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?![\w*])|:[\w:]+:`~?(?P<role>[^`]+)`"
)
_ESCAPE = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")


# -- Markdown helpers ------------------------------------------------------------------


def esc(text: str) -> str:
    """Plain text, escaped for MyST Markdown."""
    return _ESCAPE.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def code(text: Any) -> str:
    """An inline code span that survives any backticks in ``text``."""
    text = str(text)
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def prose(text: str) -> str:
    """Docstring prose (reST inline markup) as escaped MyST Markdown."""
    text = " ".join(str(text).split())
    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(esc(text[pos : match.start()]))
        if match["code"] is not None:
            out.append(code(match["code"]))
        elif match["em"] is not None:
            out.append(f"*{esc(match['em'])}*")
        else:
            out.append(code(match["role"].rsplit(".", 1)[-1]))
        pos = match.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def first_paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring."""

    text = inspect.cleandoc(doc or "")
    return " ".join(text.split("\n\n")[0].split())


def slug(text: str) -> str:
    """A label-safe slug."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def table(header: list[str], rows: list[list[str]], widths: str = "auto") -> list[str]:
    """A MyST ``list-table`` whose cells are Markdown."""
    lines = ["```{list-table}", ":header-rows: 1", f":widths: {widths}", ""]
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            bullet = "* - " if i == 0 else "  - "
            parts = (cell if cell.strip() else "—").split("\n")
            lines.append(bullet + parts[0])
            lines.extend("    " + part if part else "" for part in parts[1:])
    lines += ["```", ""]
    return lines


def vocab_label(name: str) -> str:
    return f"vocab-{slug(name)}"


def schema_label(name: str) -> str:
    return f"schema-{slug(name)}"


def def_label(name: str) -> str:
    return f"def-{slug(name)}"


# -- Schemas --------------------------------------------------------------------------


def load_schema(name: str) -> dict[str, Any]:
    path = SCHEMAS / f"{name}{SUFFIX}"
    if not path.is_file():
        known = ", ".join(sorted(p.name.removesuffix(SUFFIX) for p in SCHEMAS.glob("*" + SUFFIX)))
        msg = f"no committed schema {path.name!r} in {SCHEMAS}; known: {known}"
        raise ExtensionError(msg)
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


class SchemaIndex:
    """What the committed ``defs.schema.json`` and the record schemas define."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = load_schema("defs")["$defs"]
        self.files = {p.name: p.name.removesuffix(SUFFIX) for p in SCHEMAS.glob("*" + SUFFIX)}

    def is_vocabulary(self, name: str) -> bool:
        return "enum" in self.defs.get(name, {})

    def link_ref(self, ref: str) -> tuple[str, str]:
        """(type, allowed values) for a ``$ref``."""
        match = _REF.match(ref)
        if not match:
            return code(ref), ""
        file, name = match["file"], match["def"]
        if name is None:
            schema = self.files.get(file or "", "")
            title = load_schema(schema).get("title", schema) if schema else "this schema"
            return f"[{esc(title)}](#{schema_label(schema)}) object", ""
        target = self.defs.get(name, {})
        if "enum" in target:
            return "string (code)", f"a code of [{esc(name)}](#{vocab_label(name)})"
        if name == "date":
            return (
                "string (date)",
                "ISO 8601 date of reduced precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`",
            )
        return f"[{esc(name)}](#{def_label(name)}) object", ""

    def describe(self, prop: dict[str, Any]) -> tuple[str, str]:
        """(type, allowed values) for a property schema."""
        allowed: list[str] = []
        if "$ref" in prop:
            kind, extra = self.link_ref(prop["$ref"])
            if extra:
                allowed.append(extra)
        elif prop.get("type") == "array":
            item_kind, item_allowed = self.describe(prop.get("items", {}))
            kind = f"array of {item_kind}"
            if item_allowed:
                allowed.append(f"items: {item_allowed}")
        else:
            kind = str(prop.get("type", "any JSON value"))
        allowed.extend(constraints(prop))
        if "x-references" in prop:
            target = prop["x-references"]
            allowed.append(f"id of {self.record_link(target)}")
        if prop.get("default") not in (None, [], {}):
            allowed.append(f"default {code(json.dumps(prop['default'], ensure_ascii=False))}")
        if "examples" in prop:
            shown = ", ".join(code(json.dumps(e, ensure_ascii=False)) for e in prop["examples"])
            allowed.append(f"e.g. {shown}")
        return kind, "; ".join(allowed)

    def record_link(self, title: str) -> str:
        for name in self.files.values():
            if name != "defs" and load_schema(name).get("title") == title:
                return f"[{esc(title)}](#{schema_label(name)})"
        if title in self.defs:
            return f"[{esc(title)}](#{def_label(title)})"
        return esc(title)

    def field_table(self, schema: dict[str, Any]) -> list[str]:
        required = set(schema.get("required", ()))
        rows = []
        for name, prop in schema.get("properties", {}).items():
            kind, allowed = self.describe(prop)
            rows.append(
                [
                    code(name),
                    kind,
                    "**yes**" if name in required else "no",
                    prose(prop.get("description", "")),
                    allowed,
                ]
            )
        return table(["Field", "Type", "Required", "Description", "Allowed values"], rows)


def constraints(prop: dict[str, Any]) -> list[str]:
    """Readable JSON Schema constraints of a scalar or array property."""
    out: list[str] = []
    if "const" in prop:
        out.append(f"exactly {code(json.dumps(prop['const']))}")
    if "enum" in prop:
        out.append("one of " + ", ".join(code(v) for v in prop["enum"]))
    if prop.get("minLength") == 1:
        out.append("non-empty")
    elif "minLength" in prop:
        out.append(f"at least {prop['minLength']} characters")
    if "maxLength" in prop:
        out.append(f"at most {prop['maxLength']} characters")
    if "pattern" in prop:
        out.append(f"matches {code(prop['pattern'])}")
    for keyword, word in (
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("exclusiveMinimum", ">"),
        ("exclusiveMaximum", "<"),
    ):
        if keyword in prop:
            out.append(f"{word} {prop[keyword]}")
    if prop.get("minItems") == 1:
        out.append("at least one item")
    elif "minItems" in prop:
        out.append(f"at least {prop['minItems']} items")
    if "maxItems" in prop:
        out.append(f"at most {prop['maxItems']} items")
    if prop.get("uniqueItems"):
        out.append("no repeats")
    if "propertyNames" in prop and "pattern" in prop["propertyNames"]:
        out.append(f"keys match {code(prop['propertyNames']['pattern'])}")
    return out


def model_class(title: str) -> type[Any] | None:
    cls = getattr(model, title, None)
    return cls if isinstance(cls, type) else None


def rules_for(title: str) -> list[str]:
    """The cross-field rules of the model class a schema was generated from."""
    cls = model_class(title)
    if cls is None:
        return []
    lines = []
    for rule in class_rules(cls):
        where = (
            "checked by the schema"
            if rule.schema is not None
            else "**model-only**: not checked by a plain JSON Schema validator"
        )
        lines.append(f"- {code(rule.code)}: {esc(rule.message)} ({where}).")
    return lines


# -- Directives -----------------------------------------------------------------------


class MarkdownDirective(SphinxDirective):
    """A directive that renders generated MyST Markdown in place."""

    has_content = False

    def markdown(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        lines = self.markdown()
        source = f"<{self.name}>"
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(
            StringList(lines, source), self.content_offset, container, match_titles=True
        )
        return container.children


class SchemaDirective(MarkdownDirective):
    """The field table of one committed schema."""

    required_arguments = 1

    def markdown(self) -> list[str]:
        name = self.arguments[0]
        schema = load_schema(name)
        self.env.note_dependency(str(SCHEMAS / f"{name}{SUFFIX}"))
        index = SchemaIndex()
        title = schema.get("title", name)
        lines = [
            f"({schema_label(name)})=",
            f"### {esc(title)}",
            "",
            prose(schema.get("description", "")),
            "",
            f"File {code('schemas/' + name + SUFFIX)}, ``$id`` {code(schema['$id'])}.",
            "",
        ]
        if schema.get("additionalProperties") is False:
            lines += ["No other fields are allowed.", ""]
        if "minProperties" in schema and schema.get("maxProperties") == schema["minProperties"]:
            lines += [f"Exactly {schema['minProperties']} field, one of:", ""]
        lines += index.field_table(schema)
        rules = rules_for(title)
        if rules:
            lines += ["Cross-field rules:", "", *rules, ""]
        return lines


class SchemaDefsDirective(MarkdownDirective):
    """The shared object types of ``defs.schema.json``."""

    def markdown(self) -> list[str]:
        self.env.note_dependency(str(SCHEMAS / f"defs{SUFFIX}"))
        index = SchemaIndex()
        lines: list[str] = []
        vocabularies = []
        for name, schema in sorted(index.defs.items()):
            if "enum" in schema:
                vocabularies.append(name)
                continue
            if schema.get("type") != "object":
                continue
            lines += [
                f"({def_label(name)})=",
                f"### {esc(name)}",
                "",
                prose(schema.get("description", "")),
                "",
                *index.field_table(schema),
            ]
            rules = rules_for(name)
            if rules:
                lines += ["Cross-field rules:", "", *rules, ""]
        date = index.defs.get("date")
        if date:
            lines += [
                f"({def_label('date')})=",
                "### date",
                "",
                prose(date.get("description", "A calendar date of reduced precision.")),
                "",
                f"A string matching {code(date.get('pattern', ''))}.",
                "",
            ]
        links = ", ".join(f"[{esc(v)}](#{vocab_label(v)})" for v in vocabularies)
        lines += [
            "### Vocabularies",
            "",
            (
                f"``defs.schema.json`` also defines every vocabulary as a string ``enum`` with "
                f"``x-terms`` (code, label, definition, source): {links}."
            ),
            "",
        ]
        return lines


class VocabulariesDirective(MarkdownDirective):
    """Every vocabulary with its terms, then the frameworks they come from."""

    def markdown(self) -> list[str]:
        lines: list[str] = []
        for vocabulary in all_vocabularies():
            if not list(vocabulary):
                continue  # the abstract base class
            name = vocabulary.__name__
            rows = [
                [
                    code(member.code),
                    esc(member.label),
                    prose(member.definition),
                    f"[{esc(member.source)}](#framework-{slug(member.source)})",
                ]
                for member in vocabulary
            ]
            lines += [
                f"({vocab_label(name)})=",
                f"### {esc(name)}",
                "",
                prose(first_paragraph(vocabulary.__doc__)),
                f"{{py:class}}`innovscale.vocab.{name}`.",
                "",
            ]
            if vocabulary.allows_other():
                lines += [
                    (
                        "Allows ``other``; the record then says what it is in the matching "
                        "``*_other`` text field."
                    ),
                    "",
                ]
            lines += table(["Code", "Label", "Definition", "Source"], rows, "20 20 45 15")
        lines += ["(frameworks)=", "## Frameworks", ""]
        lines += [
            (
                "The ``source`` of every term is one of these keys "
                "({py:data}`innovscale.vocab.FRAMEWORKS`)."
            ),
            "",
        ]
        for key, citation in FRAMEWORKS.items():
            lines += [f"(framework-{slug(key)})=", f"{code(key)}", f": {esc(citation)}", ""]
        return lines


def help_text(parser: Any) -> str:
    """``parser.format_help()`` at a fixed width, so the output is stable."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"
    try:
        return str(parser.format_help())
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def fence(text: str, lang: str = "text") -> list[str]:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return [f"{ticks}{lang}", *text.rstrip("\n").split("\n"), ticks, ""]


class CliDirective(MarkdownDirective):
    """The help of ``innovscale`` and of each subcommand."""

    def markdown(self) -> list[str]:

        try:
            cli = importlib.import_module("innovscale.cli")
            parser = cli.build_parser()
        except (ImportError, AttributeError) as exc:
            msg = f"cannot render the CLI: innovscale.cli.build_parser() is unavailable ({exc})"
            raise self.error(msg) from exc
        parser.prog = "innovscale"
        lines = ["## ``innovscale``", "", *fence(help_text(parser))]
        for action in parser._actions:  # noqa: SLF001 - argparse has no public walk
            if not isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                continue
            for name, sub in action.choices.items():
                lines += [
                    f"(cli-{slug(name)})=",
                    f"## ``innovscale {name}``",
                    "",
                    prose(sub.description or ""),
                    "",
                    *fence(help_text(sub)),
                ]
        return lines


def entry_get(entry: Any, key: str) -> Any:
    if isinstance(entry, dict):
        return entry.get(key)
    value = getattr(entry, key, None)
    return getattr(value, "value", value)


TIER_ORDER = ("parse", "schema", "structure", "integrity")


class ErrorCodesDirective(MarkdownDirective):
    """The error-code catalogue."""

    def markdown(self) -> list[str]:
        try:
            validation = importlib.import_module("innovscale.validation")
            entries = list(validation.catalogue())
        except (ImportError, AttributeError) as exc:
            msg = f"cannot render the error codes: innovscale.validation.catalogue() ({exc})"
            raise self.error(msg) from exc
        if not entries:
            raise self.error("innovscale.validation.catalogue() is empty")

        def tier_key(entry: Any) -> tuple[int, str]:
            tier = str(entry_get(entry, "tier"))
            rank = TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)
            return rank, str(entry_get(entry, "code"))

        entries.sort(key=tier_key)
        rows = [
            [
                f"[{code(entry_get(e, 'code'))}](#error-{slug(str(entry_get(e, 'code')))})",
                esc(str(entry_get(e, "severity"))),
                esc(str(entry_get(e, "tier"))),
                prose(str(entry_get(e, "title") or "")),
            ]
            for e in entries
        ]
        lines = [
            "## Summary",
            "",
            *table(["Code", "Severity", "Tier", "Title"], rows, "25 10 10 55"),
        ]
        tier = None
        for entry in entries:
            this_tier = str(entry_get(entry, "tier"))
            if this_tier != tier:
                tier = this_tier
                lines += [f"## Tier: {esc(tier)}", ""]
            error_code = str(entry_get(entry, "code"))
            lines += [
                f"(error-{slug(error_code)})=",
                f"### {code(error_code)}",
                "",
                (
                    f"**{prose(str(entry_get(entry, 'title') or ''))}** "
                    f"({esc(str(entry_get(entry, 'severity')))}, {esc(tier)} tier)"
                ),
                "",
                prose(str(entry_get(entry, "explanation") or "")),
                "",
            ]
            example = entry_get(entry, "example")
            if example:
                lines += ["Example:", "", *fence(str(example))]
            fix = entry_get(entry, "fix")
            if fix:
                lines += [f"**Fix:** {prose(str(fix))}", ""]
        return lines


class ModelOnlyRulesDirective(MarkdownDirective):
    """The rules a plain JSON Schema validator does not check."""

    def markdown(self) -> list[str]:
        rows = [
            [
                f"{{py:class}}`~innovscale.{r['class']}`"
                if r["class"].isidentifier()
                else esc(r["class"]),
                code(r["code"]),
                esc(r["rule"]),
            ]
            for r in model_only_rules()
        ]
        return table(["Class", "Code", "Rule"], rows, "20 25 55")


class ModuleIndexDirective(MarkdownDirective):
    """A table of every name in a module's ``__all__``, linked to where it is documented."""

    required_arguments = 1

    def markdown(self) -> list[str]:

        name = self.arguments[0]
        try:
            module = importlib.import_module(name)
            names = list(module.__all__)
        except (ImportError, AttributeError) as exc:
            msg = f"cannot list the public names of {name}: {exc}"
            raise self.error(msg) from exc
        homes: dict[str, str] = getattr(importlib.import_module("innovscale"), "_WHERE", {})
        rows = []
        for public in names:
            if public == "__version__":
                rows.append([code("__version__"), "The installed version of innovscale."])
                continue
            obj = getattr(module, public)
            home = homes.get(public, name) if name == "innovscale" else name
            summary = ""
            if inspect.isclass(obj) or inspect.isroutine(obj):
                summary = prose(first_paragraph(obj.__doc__))
            rows.append([f"{{py:obj}}`{public} <{home}.{public}>`", summary])
        return table(["Name", "Summary"], rows, "30 70")


class PublicModulesDirective(MarkdownDirective):
    """A table of the public modules and every public name in each (their ``__all__``)."""

    def markdown(self) -> list[str]:
        modules: tuple[str, ...] = importlib.import_module("innovscale")._PUBLIC_MODULES  # noqa: SLF001
        rows = []
        for name in modules:
            module = importlib.import_module(name)
            names = [n for n in getattr(module, "__all__", ()) if n != "__version__"]
            listed = ", ".join(code(n) for n in names) if names else "its command line only"
            rows.append([f"{{py:mod}}`{name}`", listed])
        return table(["Module", "Public names"], rows, "25 75")


# -- The example cases ---------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    label = getattr(value, "label", None)
    if label is not None:
        return esc(label)
    return esc(str(value))


def _period(period: Any) -> str:
    if period is None:
        return ""
    start = str(period.start) if period.start else "…"
    end = str(period.end) if period.end else "…"
    return f"{start}\N{EN DASH}{end}"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


class ExampleCasesDirective(MarkdownDirective):
    """The innovations of an evidence base, rendered as tables."""

    required_arguments = 1

    def markdown(self) -> list[str]:  # noqa: PLR0915 - one table per kind of record
        path = REPO / self.arguments[0]
        if not path.is_file():
            msg = (
                f"the example evidence base {self.arguments[0]!r} is missing ({path}); "
                "the examples page cannot be built without it"
            )
            raise ExtensionError(msg)
        self.env.note_dependency(str(path))
        try:
            base = innovscale.load(path)
        except innovscale.InnovscaleError as exc:
            msg = f"the example evidence base {self.arguments[0]!r} does not load:\n{exc}"
            raise ExtensionError(msg) from exc
        orgs = {o.id: o for o in base.organisations}
        sources = {s.id: s for s in base.sources}

        def org(ident: str | None) -> str:
            if ident is None:
                return ""
            found = orgs.get(ident)
            return esc(found.name) if found else code(ident)

        def src(idents: Any) -> str:
            return ", ".join(f"[{esc(i)}](#case-source-{slug(i)})" for i in idents)

        lines = [
            (
                f"This page is built from {code(self.arguments[0])}: "
                f"{len(base.innovations)} innovations, {len(base.organisations)} organisations, "
                f"{len(base.adoptions)} adoptions, {len(base.enabler_claims)} enabler claims, "
                f"{len(base.policy_levers)} policy levers, {len(base.evidence)} pieces of evidence, "
                f"{len(base.reach_measures)} reach measures and {len(base.sources)} sources."
            ),
            "",
        ]
        for inn in base.innovations:
            lines += [f"(case-{slug(inn.id)})=", f"## {esc(inn.name)}", ""]
            facts = [f"**Id** {code(inn.id)}", f"**Kind** {_text(inn.kind)}"]
            if inn.aliases:
                facts.append(f"**Also known as** {_text(inn.aliases)}")
            for origin in inn.origins:
                bits = [org(o) for o in origin.organisations]
                bits += [esc(origin.place)] if origin.place else []
                bits += [str(origin.date)] if origin.date else []
                bits += [src(origin.sources)] if origin.sources else []
                facts.append("**Origin** " + ", ".join(bits))
            lines += ["; ".join(facts) + ".", "", esc(inn.summary), ""]
            if inn.problem:
                lines += [f"**Problem.** {esc(inn.problem)}", ""]
            lines += [
                "### Elements",
                "",
                *table(
                    ["Element", "Kind", "Function", "Acceptable variation"],
                    [
                        [
                            f"{esc(e.name)} ({code(inn.id + '#' + e.id)})",
                            _text(e.kind),
                            esc(e.function),
                            _text(e.variation),
                        ]
                        for e in inn.elements
                    ],
                    "25 10 40 25",
                ),
            ]
            if inn.scaling_vehicles:
                lines += [
                    "### Scaling vehicles",
                    "",
                    *table(
                        ["Vehicle", "Type", "Business model", "Period", "Licenses from"],
                        [
                            [
                                ", ".join(
                                    org(o)
                                    for o in ([v.organisation] if v.organisation else [])
                                    + [r.organisation for r in v.roles]
                                ),
                                _text(v.type),
                                _text(v.business_model) or esc(v.business_model_details or ""),
                                _period(v.period),
                                code(v.licenses_from) if v.licenses_from else "",
                            ]
                            for v in inn.scaling_vehicles
                        ],
                    ),
                ]
            claims = base.claims_about(inn.id)
            if claims:
                lines += [
                    "### Enablers",
                    "",
                    *table(
                        ["Enabler", "Phase", "Strength", "Narrative", "Sources"],
                        [
                            [
                                f"[{esc(c.enabler.label)}](#{vocab_label('Enabler')})",
                                _text(c.phase),
                                _text(c.strength),
                                esc(c.narrative),
                                src(c.sources),
                            ]
                            for c in claims
                        ],
                        "22 12 12 40 14",
                    ),
                ]
            levers = base.levers_for(inn.id)
            if levers:
                lines += [
                    "### Policy and financial levers",
                    "",
                    *table(
                        ["Lever", "Kind", "Role", "Issued", "Jurisdiction", "Sources"],
                        [
                            [
                                esc(lv.name) + (f" ({esc(lv.reference)})" if lv.reference else ""),
                                _text(lv.kind),
                                _text(lv.role),
                                _text(lv.issued),
                                _text(lv.jurisdiction),
                                src(lv.sources),
                            ]
                            for lv in levers
                        ],
                    ),
                ]
            evidence = base.evidence_about(inn.id)
            element_evidence = [
                item
                for e in inn.elements
                for item in base.evidence_about(f"{inn.id}#{e.id}")
                if item not in evidence
            ]
            evidence = (*evidence, *dict.fromkeys(element_evidence))
            if evidence:
                lines += [
                    "### Evidence",
                    "",
                    *table(
                        ["Design", "Roles", "Finding", "Direction", "Gradings", "Citation"],
                        [
                            [
                                _text(ev.design),
                                _text(ev.roles),
                                esc(ev.finding),
                                _text(ev.direction),
                                ", ".join(
                                    f"{esc(g.scheme.label)}: {code(g.level)}" for g in ev.gradings
                                ),
                                src([ev.citation]),
                            ]
                            for ev in evidence
                        ],
                        "14 12 40 10 12 12",
                    ),
                ]
            reach = base.reach_of(inn.id)
            if reach:
                lines += [
                    "### Reach",
                    "",
                    *table(
                        ["Metric", "Value", "As of", "Scope", "Sources"],
                        [
                            [
                                _text(r.metric_other or r.metric),
                                f"{_text(r.qualifier)} {_number(r.value)}",
                                _text(r.as_of) or _period(r.period),
                                _text(r.scope),
                                src(r.sources),
                            ]
                            for r in reach
                        ],
                    ),
                ]
            adoptions = base.adoptions_of(inn.id)
            if adoptions:
                lines += [
                    "### Adoptions",
                    "",
                    *table(
                        ["Adopter", "Setting", "Stage", "Period", "Adaptations", "Support"],
                        [
                            [
                                org(a.adopter)
                                if a.adopter
                                else esc(a.adopters.summary() if a.adopters else ""),
                                _text(a.setting or a.place),
                                _text(a.stage),
                                _period(a.period),
                                "; ".join(
                                    f"{esc(ad.description)} ({_text(ad.fidelity)})"
                                    for ad in a.adaptations
                                ),
                                "; ".join(_text(s.kind) for s in a.support),
                            ]
                            for a in adoptions
                        ],
                    ),
                ]
        lines += ["## Sources", ""]
        for source in sources.values():
            cite = esc(source.title or source.url or source.doi or source.id)
            if source.publisher:
                cite += f". {esc(source.publisher)}"
            if source.date:
                cite += f", {source.date}"
            if source.doi:
                cite += f". doi:{esc(source.doi)}"
            if source.url:
                cite += f". <{source.url}>"
            lines += [f"(case-source-{slug(source.id)})=", f"{code(source.id)}", f": {cite}", ""]
        return lines


# -- Re-exported names -----------------------------------------------------------------


def resolve_reexport(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """
    Resolve ``innovscale.Innovation`` (and a bare ``Innovation``) to where it is documented.

    The package re-exports its public API lazily (``innovscale._WHERE`` maps each
    name to its home module), and docstrings refer to the names users import.
    """
    if node.get("refdomain") != "py":
        return None
    target = str(node.get("reftarget", "")).lstrip("~.")
    head, _, rest = target.partition(".")
    homes: dict[str, str] = getattr(importlib.import_module("innovscale"), "_WHERE", {})
    if head == "innovscale" and rest.split(".")[0] in homes:
        name = rest
    elif head in homes:
        name = target
    else:
        return None
    new_target = f"{homes[name.split('.')[0]]}.{name}"
    domain = env.domains["py"] if hasattr(env, "domains") else env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], new_target, node, contnode
    )


# -- Docstrings of re-exported data ---------------------------------------------------


def data_docstring(
    _app: Any, what: str, name: str, obj: Any, _options: Any, lines: list[str]
) -> None:
    """
    Give re-exported module data the ``#:`` comment of the module that defines it.

    ``innovscale.model.RECORD_COLLECTIONS`` is defined (and commented) in
    ``innovscale.model.base``; without this, autodoc would show the docstring of
    :class:`dict` instead.
    """

    if what != "data" or inspect.isclass(obj) or inspect.isroutine(obj):
        return
    package, _, attr = name.rpartition(".")
    for modname in sorted(m for m in sys.modules if m == package or m.startswith(package + ".")):
        try:
            docs = ModuleAnalyzer.for_module(modname).find_attr_docs()
        except Exception:  # noqa: BLE001, S112 - a module without source: look elsewhere
            continue
        comment = docs.get(("", attr))
        if comment:
            lines[:] = list(comment)
            return
    inherited = prepare_docstring(type(obj).__doc__ or "")
    if lines[: len(inherited)] == inherited or lines[:1] == inherited[:1]:
        lines[:] = []


# -- Extension entry point -----------------------------------------------------------


class SiteScreenshotDirective(SphinxDirective):
    """
    A screenshot of a page of the shipped example's review site, taken at build time by
    headless Chromium (so it shows what the code writes now, and is never committed).
    Without Chromium, a sentence says where the screenshot would be.
    """

    required_arguments = 1  # the page, e.g. index.html
    option_spec: ClassVar[dict[str, Any]] = {"alt": directives.unchanged, "height": int}

    def run(self) -> list[nodes.Node]:
        page = self.arguments[0]
        alt = self.options.get("alt", f"The review site: {page}")
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if browser is None:
            note = nodes.paragraph(
                text=f"(A screenshot of {page} appears here when the docs are built with "
                "Chromium installed, as CI builds them.)"
            )
            return [note]
        out = Path(self.env.srcdir) / "_generated"
        site = out / "site"
        if not getattr(self.env, "innovscale_site_written", False):
            review.write_site(innovscale.load_example(), site)
            self.env.innovscale_site_written = True
        name = "site-" + slug(page.removesuffix(".html").replace("/", "-")) + ".png"
        subprocess.run(  # noqa: S603 - the browser found above, on files written here
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size=1280,{self.options.get('height', 1400)}",
                f"--screenshot={out / name}",
                (site / page).resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return [nodes.image(uri=f"/_generated/{name}", alt=alt)]


def hide_private_bases(_app: Any, _name: str, _obj: Any, _options: Any, bases: list[Any]) -> None:
    """Leave private mix-ins (the model's ``Typed``) out of "Bases:" lines."""
    bases[:] = [b for b in bases if not getattr(b, "__module__", "").split(".")[-1].startswith("_")]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("innovscale-schema", SchemaDirective)
    app.add_directive("innovscale-schema-defs", SchemaDefsDirective)
    app.add_directive("innovscale-vocabularies", VocabulariesDirective)
    app.add_directive("innovscale-cli", CliDirective)
    app.add_directive("innovscale-error-codes", ErrorCodesDirective)
    app.add_directive("innovscale-model-only-rules", ModelOnlyRulesDirective)
    app.add_directive("innovscale-example-cases", ExampleCasesDirective)
    app.add_directive("innovscale-module-index", ModuleIndexDirective)
    app.add_directive("innovscale-public-modules", PublicModulesDirective)
    app.add_directive("innovscale-site-screenshot", SiteScreenshotDirective)
    app.connect("autodoc-process-docstring", data_docstring)
    app.connect("autodoc-process-bases", hide_private_bases)
    app.connect("missing-reference", resolve_reexport)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["setup"]
