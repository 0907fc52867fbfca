"""
Field constraints: JSON Schema keywords on a validator, checked one way everywhere.

A constraint is written once, as JSON Schema keywords on a :class:`Constraints`
validator; the same object checks values in Python and is read by the schema
generator, so the model and the schemas cannot disagree about it. One interpreter
(:meth:`Constraints.reference`), one emitter of inline checks (for the compiled
check and the fast structure functions), and one message table (:data:`PATTERN_WORDS`
and ``describe``) serve every path, so a problem reads the same whichever found it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from innovscale._codegen import compile_function
from innovscale.exceptions import InvariantError
from innovscale.model._types import VALUE_NOT_FINITE

__all__ = [
    "COUNTRY_PATTERN",
    "CURRENCY_PATTERN",
    "DATE_PATTERN",
    "DOI_PATTERN",
    "ELEMENT_REF_PATTERN",
    "EMAIL_PATTERN",
    "EXTENSION_KEY_PATTERN",
    "FINANCIAL_YEAR_PATTERN",
    "ID_PATTERN",
    "PATTERN_WORDS",
    "SPACE",
    "URL_PATTERN",
    "Constraints",
    "describe",
    "hint_for_pattern",
    "is_",
]

# Every pattern means the same in JSON Schema's ECMA-262 regexes and in Python's ``re``
# (the model checks with ``re.search``, as python-jsonschema does). Two differences matter:
# Python's ``$`` also matches before a final newline, so patterns end with ``$(?!\n)``;
# and the engines disagree on what ``\s`` is (Python adds U+001C-U+001F and U+0085,
# ECMA-262 adds U+FEFF), so "not a space" excludes both sets: ``[^{SPACE}]``.

#: The characters either regex dialect counts as white space, for use inside ``[...]``.
SPACE = r"\s\x1c-\x1f\x85\ufeff"
#: Identifiers: lower-case words of letters and digits joined by ``-``, ``_`` or ``.``.
ID_PATTERN = r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$(?!\n)"
#: An element address from outside its innovation: ``<innovation id>#<element id>``.
ELEMENT_REF_PATTERN = r"^[a-z0-9]+(?:[._-][a-z0-9]+)*#[a-z0-9]+(?:[._-][a-z0-9]+)*$(?!\n)"
#: Extension keys are namespaced: ``<namespace>:<name>``, e.g. ``"acme:priority"``.
EXTENSION_KEY_PATTERN = r"^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*:[A-Za-z0-9_][A-Za-z0-9_.-]*$(?!\n)"
#: Web addresses: ``http://`` or ``https://`` and no white space.
URL_PATTERN = r"^https?://[^" + SPACE + r"]+$(?!\n)"
#: ISO 8601 calendar dates of reduced precision, years 1000 to 9999:
#: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
DATE_PATTERN = (
    r"^[1-9][0-9]{3}(?:-(?:(?:0[13578]|1[02])(?:-(?:0[1-9]|[12][0-9]|3[01]))?"
    r"|(?:0[469]|11)(?:-(?:0[1-9]|[12][0-9]|30))?"
    r"|02(?:-(?:0[1-9]|1[0-9]|2[0-9]))?))?$(?!\n)"
)
#: ISO 3166-1 alpha-2 country codes, or ISO 3166-2 subdivisions.
COUNTRY_PATTERN = r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$(?!\n)"
#: ISO 4217 currency codes.
CURRENCY_PATTERN = r"^[A-Z]{3}$(?!\n)"
#: A DOI: ``10.``, the registrant code, ``/``, the suffix.
DOI_PATTERN = r"^10\.[0-9]{4,9}/[^" + SPACE + r"]+$(?!\n)"
#: An e-mail address, loosely.
EMAIL_PATTERN = rf"^[^@{SPACE}]+@[^@{SPACE}]+\.[^@{SPACE}]+$(?!\n)"
#: A financial year, such as 2020/21.
FINANCIAL_YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$(?!\n)"

#: What each pattern means, in words, with an example: messages never show a regex.
PATTERN_WORDS: dict[str, tuple[str, str]] = {
    ID_PATTERN: (
        "must be an identifier: lower-case letters and digits, in words joined by '-', '_' or '.'",
        (
            "Identifiers are lower-case words of letters and digits joined by '-', '_' or "
            "'.', e.g. 'dafne' or 'org.nhs-england'."
        ),
    ),
    FINANCIAL_YEAR_PATTERN: (
        "must be a financial year written YYYY/YY",
        "Write the year it starts and the last two digits of the next, e.g. '2020/21'.",
    ),
    ELEMENT_REF_PATTERN: (
        "must name an element as '<innovation id>#<element id>'",
        "Address an element as '<innovation id>#<element id>', e.g. 'dafne#carb-counting'.",
    ),
    EXTENSION_KEY_PATTERN: (
        "must be a namespaced key, '<namespace>:<name>'",
        "Namespace extension keys, e.g. 'acme:priority'.",
    ),
    URL_PATTERN: (
        "must be a web address starting with http:// or https://, with no spaces",
        "Give the whole address, e.g. 'https://www.example.org/report.pdf'.",
    ),
    DATE_PATTERN: (
        "must be a date written YYYY, YYYY-MM or YYYY-MM-DD, from the year 1000",
        "Write a real date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. '2019' or '2019-04-30'.",
    ),
    COUNTRY_PATTERN: (
        "must be an ISO 3166 code: a country such as 'GB', or a subdivision such as 'GB-ENG'",
        "Use the code, not the name: 'GB' for the United Kingdom, 'GB-ENG' for England.",
    ),
    CURRENCY_PATTERN: (
        "must be an ISO 4217 currency code: three capital letters",
        "Use the code, e.g. 'GBP', 'EUR' or 'USD'.",
    ),
    DOI_PATTERN: (
        "must be a DOI: '10.', four to nine digits, '/', then the rest, with no spaces",
        "Give the DOI itself, e.g. '10.1136/bmj.325.7367.746', without 'https://doi.org/'.",
    ),
    EMAIL_PATTERN: (
        "must be an e-mail address",
        "Give an address such as 'editor@example.org'.",
    ),
}

_STRING_KEYWORDS = ("minLength", "maxLength", "pattern")
_NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_ARRAY_KEYWORDS = ("minItems", "maxItems", "uniqueItems")


def describe(keyword: str, limit: Any) -> tuple[str, str]:
    """Message and hint for a failed keyword."""
    messages = {
        "minLength": (
            "must not be empty" if limit == 1 else f"must be at least {limit} characters long",
            "Give a non-empty text, or leave the field out if it is optional.",
        ),
        "maxLength": (f"must be at most {limit} characters long", "Shorten the text."),
        "pattern": PATTERN_WORDS.get(
            limit,
            (
                "does not have the form this field needs",
                "See the field in the schema reference for its form and an example.",
            ),
        ),
        "minimum": (f"must be at least {limit}", f"Use a number of {limit} or more."),
        "maximum": (f"must be at most {limit}", f"Use a number of {limit} or less."),
        "exclusiveMinimum": (f"must be greater than {limit}", f"Use a number above {limit}."),
        "exclusiveMaximum": (f"must be less than {limit}", f"Use a number below {limit}."),
        "minItems": (
            "must not be empty" if limit == 1 else f"must have at least {limit} items",
            "Add at least one item, or leave the field out if it is optional.",
        ),
        "maxItems": (f"must have at most {limit} items", "Remove items."),
        "const": (
            f"must be {limit!r}",
            (
                f"Use {limit!r}. This innovscale reads and writes only that version of the format; "
                "a document written for another version must be upgraded first (see the "
                "compatibility and versioning policy)."
            ),
        ),
        "uniqueItems": ("must not repeat items", "Remove the duplicates."),
    }
    return messages[keyword]


#: English month names and their abbreviations, with the month's number.
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?")
_DAY_MONTH_YEAR = re.compile(r"(?:([0-9]{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+([0-9]{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})")
_SLASHED = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
_SPAN = re.compile(r"([0-9]{4})/([0-9]{2})")


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    """``YYYY-MM(-DD)`` if that is a real date of the allowed years, else ``None``."""
    text = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return text if re.search(DATE_PATTERN, text) else None


def date_hint(text: str) -> str:
    """
    The hint for text that is not a date of the format: the date it clearly spells,
    written as one (``'March 2015'`` → ``'2015-03'``); never a guess between two.

    >>> date_hint("March 2015")
    "Did you mean '2015-03'? Write dates as YYYY, YYYY-MM or YYYY-MM-DD."
    >>> date_hint("25/12/2015")
    "Did you mean '2015-12-25'? Write dates as YYYY, YYYY-MM or YYYY-MM-DD."
    >>> print(date_hint("03/04/2015"))  # doctest: +NORMALIZE_WHITESPACE
    Is 03/04/2015 the 3rd of April or the 4th of March? Write dates as YYYY, YYYY-MM or
    YYYY-MM-DD, e.g. '2015-04-03' for the 3rd of April.
    """
    plain = "Write dates as YYYY, YYYY-MM or YYYY-MM-DD"
    words = text.strip()
    found = _NUMERIC_DATE.fullmatch(words)
    if found is not None:
        year, month = int(found[1]), int(found[2])
        day = int(found[3]) if found[3] else None
        if 1 <= month <= 12 and day is not None and day > days_in_month(year, month):
            last = days_in_month(year, month)
            return f"{MONTH_NAMES[month - 1]} {year} has {last} days. {plain}."
        fixed = _iso(year, month, day)
    elif (found := _SLASHED.fullmatch(words)) is not None:
        return _slashed_hint(words, *(int(g) for g in found.groups()), plain=plain)
    elif (found := _SPAN.fullmatch(words)) and (int(found[1]) + 1) % 100 == int(found[2]):
        return (
            f"{words} looks like a financial year, which a period takes as its "
            f"'financial_year'. {plain}."
        )
    else:
        fixed = _named_date(words)
    if fixed is not None and fixed != words:
        return f"Did you mean {fixed!r}? {plain}."
    return f"{plain}, e.g. '2019' or '2019-04-30'."


def _named_date(words: str) -> str | None:
    """The date ``words`` spells with an English month name ('7 March 2015'), if it is one."""
    day: str | None
    if found := _DAY_MONTH_YEAR.fullmatch(words):
        day, month, year = found.groups()
    elif found := _MONTH_DAY_YEAR.fullmatch(words):
        month, day, year = found.groups()
    else:
        return None
    number = MONTH_NUMBERS.get(month.casefold())
    return _iso(int(year), number, int(day) if day else None) if number else None


def _slashed_hint(words: str, first: int, second: int, year: int, *, plain: str) -> str:
    """The hint for 'DD/MM/YYYY' or 'MM/DD/YYYY': the date only when just one reading is real."""
    fixed: str | None = None
    if first > 12 >= second:
        fixed = _iso(year, second, first)
    elif second > 12 >= first or first == second:
        fixed = _iso(year, first, second)
    elif _iso(year, second, first):
        return (
            f"Is {words} the {_ordinal(first)} of {MONTH_NAMES[second - 1]} or the "
            f"{_ordinal(second)} of {MONTH_NAMES[first - 1]}? {plain}, e.g. "
            f"'{year:04d}-{second:02d}-{first:02d}' for the {_ordinal(first)} of "
            f"{MONTH_NAMES[second - 1]}."
        )
    if fixed is not None:
        return f"Did you mean {fixed!r}? {plain}."
    return f"{plain}, e.g. '2019' or '2019-04-30'."


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """
    The number of days of ``month`` in ``year`` (Gregorian), as ``calendar.monthrange`` gives.

    >>> [days_in_month(y, m) for y, m in [(2024, 2), (1900, 2), (2000, 2), (2023, 4)]]
    [29, 28, 29, 30]
    """
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


#: Month names for messages, in English whatever the locale (``calendar.month_name``
#: follows it).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def hint_for_pattern(pattern: str, value: Any = None) -> str:
    """The hint for text failing ``pattern``; with the value, a corrected one if it is clear."""
    if pattern == DATE_PATTERN and isinstance(value, str) and len(value) <= 100:
        return date_hint(value)
    hint = describe("pattern", pattern)[1]
    fixed = _corrected(pattern, value) if isinstance(value, str) and len(value) <= 500 else None
    return f"Did you mean {fixed!r}? {hint}" if fixed else hint


#: What people write before a DOI: its web address, or "doi:".
DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
#: A web address without its scheme starts with a host name: ``www.nhs.uk/…``; text with a
#: scheme of its own (``javascript:``, ``mailto:``) is not one.
_BARE_HOST = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.-]*:(?![0-9]))[^/\s:]+\.[A-Za-z]{2,}(?:[:/?#]|$)")


def _corrected(pattern: str, value: str) -> str | None:
    """A corrected ``value`` for some patterns (DOIs, identifiers, web addresses), if it fits."""
    candidate: str | None = None
    if pattern == DOI_PATTERN:
        candidate = DOI_PREFIX.sub("", value).strip().rstrip(".,;")
    elif pattern == ID_PATTERN:
        candidate = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    elif pattern == URL_PATTERN and _BARE_HOST.match(value.strip()):
        candidate = "https://" + value.strip()
    elif pattern in (COUNTRY_PATTERN, CURRENCY_PATTERN) and value.strip().upper() != value:
        candidate = value.strip().upper()
    if candidate and candidate != value and re.search(pattern, candidate):
        return candidate
    return None


def _check_scalar(keyword: str, limit: Any, value: Any) -> bool:  # noqa: PLR0911 - one branch per JSON Schema keyword, as the keyword tables read
    if keyword == "minLength":
        return bool(len(value) >= limit)
    if keyword == "maxLength":
        return bool(len(value) <= limit)
    if keyword == "pattern":
        return re.search(limit, value) is not None
    if keyword == "const":
        return bool(value == limit)
    if keyword == "minimum":
        return bool(value >= limit)
    if keyword == "maximum":
        return bool(value <= limit)
    if keyword == "exclusiveMinimum":
        return bool(value > limit)
    if keyword == "exclusiveMaximum":
        return bool(value < limit)
    msg = f"unknown constraint keyword {keyword!r}"  # pragma: no cover - programming error
    raise AssertionError(msg)


def _fail(keyword: str, limit: Any, where: tuple[str | int, ...], value: Any) -> InvariantError:
    """The error for ``value`` failing ``keyword`` (for the compiled and reference checks)."""
    message, hint = describe(keyword, limit)
    if keyword == "pattern":
        hint = hint_for_pattern(limit, value)
    return InvariantError(message, code=f"value.{keyword}", path=where, value=value, hint=hint)


def _nonfinite(name: str, value: Any) -> InvariantError:
    return InvariantError(
        "must be a finite number",
        code=VALUE_NOT_FINITE.code,
        path=(name,),
        value=value,
        hint="NaN and infinities are not JSON numbers; give a finite value.",
    )


_COMPARISONS = {
    "minLength": "len({v}) >= {l}",
    "maxLength": "len({v}) <= {l}",
    "minItems": "len({v}) >= {l}",
    "maxItems": "len({v}) <= {l}",
    "const": "{v} == {l}",
    "minimum": "{v} >= {l}",
    "maximum": "{v} <= {l}",
    "exclusiveMinimum": "{v} > {l}",
    "exclusiveMaximum": "{v} < {l}",
}


class _Compiler:
    """
    Python source for one :class:`Constraints`, checking in the order of the reference.

    Only the keywords present are checked, with constants bound once and patterns
    compiled once; a failure raises the reference's error (built by :func:`_fail`).
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "_fail": _fail,
            "_nonfinite": _nonfinite,
            "isfinite": math.isfinite,
        }
        self.counter = 0

    def bind(self, value: Any) -> str:
        name = f"_c{self.counter}"
        self.counter += 1
        self.namespace[name] = value
        return name

    def emit(self, keywords: Mapping[str, Any], where: str, var: str, indent: int) -> None:
        pad = "    " * indent
        for keyword, limit in keywords.items():
            kw, lim = self.bind(keyword), self.bind(limit)
            fail = f"{pad}    raise _fail({kw}, {lim}, {where}, {var})"
            if keyword == "propertyNames":
                key = f"key{indent}"
                self.lines.append(f"{pad}for {key} in {var}:")
                self.emit(limit, f"(*{where}, {key})", key, indent + 1)
                continue
            if keyword == "uniqueItems":
                if limit:
                    self.lines.append(f"{pad}if not len(set({var})) == len({var}):")
                    self.lines.append(fail)
                continue
            if keyword == "pattern":
                search = self.bind(re.compile(limit).search)
                self.lines.append(f"{pad}if {search}({var}) is None:")
            else:
                self.lines.append(f"{pad}if not ({_COMPARISONS[keyword].format(v=var, l=lim)}):")
            self.lines.append(fail)


def _failing(  # noqa: PLR0917 - recursive helper of Constraints.failing
    keywords: Mapping[str, Any],
    var: str,
    bind: Callable[[Any], str],
    pad: str,
    fail: str,
    lines: list[str],
) -> None:
    for keyword, limit in keywords.items():
        if keyword == "propertyNames":
            key = f"_key{len(pad)}"
            lines.append(f"{pad}for {key} in {var}:")
            _failing(limit, key, bind, pad + "    ", fail, lines)
        elif keyword == "uniqueItems":
            if limit:
                lines.append(f"{pad}if len(set({var})) != len({var}): {fail}")
        elif keyword == "pattern":
            lines.append(f"{pad}if {bind(re.compile(limit).search)}({var}) is None: {fail}")
        else:
            test = _COMPARISONS[keyword].format(v=var, l=bind(limit))
            lines.append(f"{pad}if not ({test}): {fail}")


def _reference(
    keywords: Mapping[str, Any], items: Mapping[str, Any], name: str, value: Any
) -> None:
    """The reference check of :class:`Constraints`, keyword by keyword."""
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise _nonfinite(name, value)
    Constraints._check(keywords, (name,), value)  # noqa: SLF001 - the reference itself
    if items and isinstance(value, tuple):
        for index, item in enumerate(value):
            Constraints._check(items, (name, index), item)  # noqa: SLF001


def _compile(keywords: Mapping[str, Any], items: Mapping[str, Any]) -> Callable[[str, Any], None]:
    """
    A function ``check(name, value)`` equal to :func:`_reference` for values other than ``None``.

    Constraints with a keyword the compiler does not know use the reference check.
    """
    known = {*_COMPARISONS, "pattern", "uniqueItems", "propertyNames"}

    def all_known(kws: Mapping[str, Any]) -> bool:
        return all(k in known and (k != "propertyNames" or all_known(v)) for k, v in kws.items())

    if not (all_known(keywords) and all_known(items)):  # pragma: no cover - programming error
        return lambda name, value: _reference(keywords, items, name, value)
    compiler = _Compiler()
    compiler.lines.append("def check_constraints(name, value):")
    compiler.lines.append("    if isinstance(value, float) and not isfinite(value):")
    compiler.lines.append("        raise _nonfinite(name, value)")
    compiler.emit(keywords, "(name,)", "value", 1)
    if items:
        compiler.lines.append("    if isinstance(value, tuple):")
        compiler.lines.append("        for index, item in enumerate(value):")
        compiler.emit(items, "(name, index)", "item", 3)
    check: Callable[[str, Any], None] = compile_function(
        compiler.lines, "check_constraints", compiler.namespace
    )
    return check


@attrs.frozen
class Constraints:
    """
    An attrs validator made of JSON Schema keywords.

    ``Constraints(minLength=1)`` checks a string is non-empty and appears in the
    generated schema as ``"minLength": 1``. ``items`` holds the keywords each
    item of a tuple must meet. ``None`` always passes: optionality is the
    field's default, not a constraint.

    The keywords are compiled, on first use, into a function that checks only those
    present, with regular expressions compiled ahead; it raises exactly the errors of
    the keyword-by-keyword reference check (:meth:`reference`). Loading JSON inlines
    the same tests into its generated code and never needs the function, so a model
    import compiles nothing.
    """

    keywords: Mapping[str, Any]
    items: Mapping[str, Any] = attrs.field(factory=dict)
    _compiled: Callable[[str, Any], None] | None = attrs.field(
        init=False, default=None, repr=False, eq=False, hash=False, order=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", None)

    def _compile_now(self) -> Callable[[str, Any], None]:
        compiled = _compile(self.keywords, self.items)
        object.__setattr__(self, "_compiled", compiled)
        return compiled

    def __getstate__(self) -> dict[str, Any]:
        return {"keywords": self.keywords, "items": self.items}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "keywords", state["keywords"])
        object.__setattr__(self, "items", state["items"])
        self.__attrs_post_init__()

    def __call__(self, _inst: Any, attr: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            (self._compiled or self._compile_now())(attr.name, value)

    @property
    def check_value(self) -> Callable[[str, Any], None]:
        """The compiled check, ``check_value(name, value)``, for a value other than ``None``."""
        return self._compiled or self._compile_now()

    def failing(self, var: str, bind: Callable[[Any], str], pad: str, fail: str) -> list[str]:
        """
        Python statements that run ``fail`` (a statement) when the value in ``var``
        breaks a keyword: the compiled check inlined as bare tests, for generated code
        that already knows ``var`` is not ``None`` and is of the field's JSON type (so
        not a NaN or infinite float). ``bind`` names a constant in the generated code.
        """
        lines: list[str] = []
        _failing(self.keywords, var, bind, pad, fail, lines)
        if self.items:
            lines.append(f"{pad}for _item in {var}:")
            _failing(self.items, "_item", bind, pad + "    ", fail, lines)
        return lines

    @staticmethod
    def reference(
        keywords: Mapping[str, Any], items: Mapping[str, Any], name: str, value: Any
    ) -> None:
        """The keyword-by-keyword check the compiled function must agree with."""
        _reference(keywords, items, name, value)

    @staticmethod
    def _check(keywords: Mapping[str, Any], where: tuple[str | int, ...], value: Any) -> None:
        for keyword, limit in keywords.items():
            if keyword == "propertyNames":
                for key in value:
                    Constraints._check(limit, (*where, key), key)
                continue
            if keyword == "uniqueItems":
                ok = not limit or len(set(value)) == len(value)
            elif keyword in _ARRAY_KEYWORDS:
                ok = len(value) >= limit if keyword == "minItems" else len(value) <= limit
            else:
                ok = _check_scalar(keyword, limit, value)
            if not ok:
                raise _fail(keyword, limit, where, value)

    def schema(self) -> dict[str, Any]:
        """The JSON Schema keywords, with ``items`` folded in for arrays."""
        out = dict(self.keywords)
        if self.items:
            out["items"] = dict(self.items)
        return out


def is_(*, items: Mapping[str, Any] | None = None, **keywords: Any) -> Constraints:
    """
    Build a :class:`Constraints` validator from JSON Schema keywords.

    >>> is_(minLength=1).schema()
    {'minLength': 1}
    """
    return Constraints(keywords=keywords, items=dict(items or {}))
