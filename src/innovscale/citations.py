"""
References in: BibTeX, RIS and CSL-JSON files become :class:`~innovscale.Source` records.

Reference managers (Zotero, EndNote, Mendeley) export one of these three formats.
:func:`read` turns each entry into a ``Source`` (kind, title, authors, date, DOI, URL,
publisher), with a stable id (the entry's own key when it is a valid id, else one made
from the first author, the year and the title), and :func:`merge` adds them to an
evidence base without duplicating a DOI or a web address already there. Every entry
that is skipped or changed on the way is reported as a :class:`Note`.

>>> from innovscale import citations
>>> text = '''
... @article{heller2002,
...   title = {Training in flexible, intensive insulin management: the {DAFNE} trial},
...   author = {Heller, Simon R. and {DAFNE Study Group}},
...   journal = {BMJ}, year = 2002, month = oct,
...   doi = {https://doi.org/10.1136/bmj.325.7367.746},
... }'''
>>> (source,), notes = citations.parse(text, "bibtex")
>>> source.id, source.kind.value, source.authors, str(source.date)
('heller2002', 'journal_article', ('Heller SR', 'DAFNE Study Group'), '2002-10')
>>> source.doi, source.publisher
('10.1136/bmj.325.7367.746', 'BMJ')

BibTeX is read with bibtexparser and RIS with rispy: the ``spreadsheet`` extra
installs both.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import TYPE_CHECKING, Any

import attrs

from innovscale.exceptions import InvariantError, MissingExtra
from innovscale.model import PartialDate, Source
from innovscale.model._constraints import (
    DOI_PATTERN,
    DOI_PREFIX,
    ID_PATTERN,
    MONTH_NUMBERS,
    URL_PATTERN,
)
from innovscale.vocab import SourceKind

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from innovscale.model import EvidenceBase

__all__ = ["FORMATS", "Note", "format_of", "merge", "parse", "read"]

#: The formats read, by name, and the file suffixes that name them.
FORMATS = {"bibtex": (".bib", ".bibtex"), "ris": (".ris",), "csl-json": (".json",)}

#: The kind of a source whose reference file does not say what it is.
_NOT_STATED = "not stated in the reference file"
_ID = re.compile(ID_PATTERN)
_DOI = re.compile(DOI_PATTERN)
_URL = re.compile(URL_PATTERN)
_YEAR = re.compile(r"\b(1[5-9][0-9]{2}|2[0-9]{3})\b")

_BIBTEX_KINDS = {
    "article": SourceKind.JOURNAL_ARTICLE,
    "book": SourceKind.BOOK,
    "inbook": SourceKind.BOOK,
    "incollection": SourceKind.BOOK,
    "booklet": SourceKind.BOOK,
    "techreport": SourceKind.REPORT,
    "report": SourceKind.REPORT,
    "phdthesis": SourceKind.REPORT,
    "mastersthesis": SourceKind.REPORT,
    "thesis": SourceKind.REPORT,
    "online": SourceKind.WEB_PAGE,
    "electronic": SourceKind.WEB_PAGE,
    "www": SourceKind.WEB_PAGE,
    "dataset": SourceKind.DATASET,
    "data": SourceKind.DATASET,
}
_RIS_KINDS = {
    "JOUR": SourceKind.JOURNAL_ARTICLE,
    "JFULL": SourceKind.JOURNAL_ARTICLE,
    "EJOUR": SourceKind.JOURNAL_ARTICLE,
    "BOOK": SourceKind.BOOK,
    "CHAP": SourceKind.BOOK,
    "EBOOK": SourceKind.BOOK,
    "ECHAP": SourceKind.BOOK,
    "EDBOOK": SourceKind.BOOK,
    "RPRT": SourceKind.REPORT,
    "THES": SourceKind.REPORT,
    "GOVDOC": SourceKind.REPORT,
    "ELEC": SourceKind.WEB_PAGE,
    "WEB": SourceKind.WEB_PAGE,
    "BLOG": SourceKind.WEB_PAGE,
    "NEWS": SourceKind.NEWS,
    "MGZN": SourceKind.NEWS,
    "DATA": SourceKind.DATASET,
    "DBASE": SourceKind.DATASET,
    "HEAR": SourceKind.PARLIAMENTARY,
    "BILL": SourceKind.PARLIAMENTARY,
    "STAT": SourceKind.PARLIAMENTARY,
}
_CSL_KINDS = {
    "article-journal": SourceKind.JOURNAL_ARTICLE,
    "book": SourceKind.BOOK,
    "chapter": SourceKind.BOOK,
    "report": SourceKind.REPORT,
    "thesis": SourceKind.REPORT,
    "webpage": SourceKind.WEB_PAGE,
    "post-weblog": SourceKind.WEB_PAGE,
    "post": SourceKind.WEB_PAGE,
    "article-newspaper": SourceKind.NEWS,
    "article-magazine": SourceKind.NEWS,
    "dataset": SourceKind.DATASET,
    "legislation": SourceKind.PARLIAMENTARY,
    "bill": SourceKind.PARLIAMENTARY,
    "hearing": SourceKind.PARLIAMENTARY,
}


@attrs.frozen(kw_only=True)
class Note:
    """
    What happened to one entry that was not taken as it was.

    Attributes:
        entry: The entry, as its file names it (its key, or its number and title).
        action: ``"skipped"`` (not added) or ``"changed"`` (added, with a change).
        message: What happened and why, in words.
        source: The id of the source it became, or that it duplicates.
        line: The entry's line in the file, when known.
    """

    entry: str
    action: str
    message: str
    source: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.action} {self.entry}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The note as JSON-compatible data."""
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.define
class _Entry:
    """One reference, read from any format, before it becomes a :class:`Source`."""

    label: str
    key: str | None = None
    kind: SourceKind = SourceKind.OTHER
    kind_other: str | None = None
    title: str | None = None
    authors: list[str] = attrs.Factory(list)
    publisher: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    doi: str | None = None
    url: str | None = None
    line: int | None = None


def format_of(path: Path) -> str:
    """The format a file's suffix names: ``bibtex``, ``ris`` or ``csl-json``."""
    suffix = path.suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    msg = f"{path.name}: not a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file"
    raise ValueError(msg)


def read(path: Path) -> tuple[list[Source], list[Note]]:
    """
    The sources of the reference file at ``path`` (its format from its suffix), and a
    note for each entry skipped or changed.

    Raises:
        MissingExtra: The format needs a parser that is not installed.
        InvalidDocument: A CSL-JSON file is not JSON.
        ValueError: The suffix names no format.
        OSError: The file cannot be read.
    """
    from innovscale import _json  # noqa: PLC0415

    text = _json.decode(path.read_bytes(), source=str(path)).removeprefix("\ufeff")
    return parse(text, format_of(path))


def parse(
    text: str,
    format: str,  # noqa: A002 - the word users know
) -> tuple[list[Source], list[Note]]:
    """:func:`read`, of text in the named ``format``."""
    notes: list[Note] = []
    if format == "bibtex":
        entries = _bibtex(text, notes)
    elif format == "ris":
        entries = _ris(text, notes)
    elif format == "csl-json":
        entries = _csl(text, notes)
    else:
        msg = f"unknown reference format {format!r}; use one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    used: set[str] = set()
    sources = []
    for entry in entries:
        source = _source(entry, used, notes)
        if source is not None:
            used.add(source.id)
            sources.append(source)
    return sources, notes


# -- the three formats ----------------------------------------------------------------------


def _latex(text: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text  # noqa: PLC0415

    try:
        decoded = LatexNodes2Text(strict_latex_spaces=True).latex_to_text(text)
    except Exception:  # noqa: BLE001 - pylatexenc fails in many ways on odd input: keep the text
        decoded = text.replace("{", "").replace("}", "")
    return " ".join(decoded.split())


def _bibtex_name(name: str) -> str:
    """``Heller, Simon R.`` or ``Simon R. Heller`` as ``Heller SR``; ``{A Group}`` as is."""
    name = " ".join(name.split())
    if name.startswith("{") and name.endswith("}") and name.count("{") == 1:
        return _latex(name[1:-1])
    if "," in name:
        last, _, first = name.partition(",")
        first = first.split(",")[-1]  # "von Last, Jr, First"
    else:
        *given, last = name.split(" ") if " " in name else ("", name)
        first = " ".join(given)
    return _person(_latex(last), _latex(first))


def _person(family: str, given: str) -> str:
    initials = "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part[:1].isalpha())
    return f"{family} {initials}".strip() if family else given


def _bibtex(text: str, notes: list[Note]) -> list[_Entry]:
    try:
        import bibtexparser  # noqa: PLC0415
        from bibtexparser import middlewares  # noqa: PLC0415
    except ImportError as exc:
        raise MissingExtra("spreadsheet", "bibtexparser") from exc
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors()])
    notes.extend(_failed_block(block) for block in library.failed_blocks)
    entries = []
    for item in library.entries:
        fields = {k.lower(): v for k, v in item.fields_dict.items()}

        def value(*names: str, fields: dict[str, Any] = fields) -> str | None:
            for name in names:
                field = fields.get(name)
                if field is not None and isinstance(field.value, str) and field.value.strip():
                    return _latex(field.value)
            return None

        authors = fields.get("author") or fields.get("editor")
        names = authors.value if authors is not None else []
        if isinstance(names, str):
            names = [names]
        entry_type = item.entry_type.lower()
        month = value("month")
        entry = _Entry(
            label=item.key,
            key=item.key,
            kind=_BIBTEX_KINDS.get(entry_type, SourceKind.OTHER),
            kind_other=entry_type if entry_type not in _BIBTEX_KINDS else None,
            title=value("title"),
            authors=[_bibtex_name(n) for n in names if n.strip()],
            publisher=value("journal", "journaltitle", "publisher", "institution", "booktitle"),
            doi=value("doi"),
            url=value("url", "howpublished"),
            line=item.start_line + 1,
        )
        _set_date(entry, value("date") or value("year"), month)
        if entry.kind is SourceKind.OTHER and entry_type == "misc" and entry.url:
            entry.kind, entry.kind_other = SourceKind.WEB_PAGE, None
        entries.append(entry)
    return entries


def _failed_block(block: Any) -> Note:
    """The note of a block bibtexparser could not read."""
    line = block.start_line + 1
    key = getattr(block, "key", None)
    previous = getattr(block, "previous_block", None)
    if key is not None and previous is not None:
        earlier = getattr(previous, "start_line", None)
        where = f" (line {earlier + 1})" if isinstance(earlier, int) else ""
        message = f"its key is the key of an earlier entry{where}"
        return Note(entry=str(key), action="skipped", message=message, line=line)
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or "unreadable"
    return Note(
        entry="an entry", action="skipped", message=f"not valid BibTeX: {reason}", line=line
    )


def _ris(text: str, notes: list[Note]) -> list[_Entry]:
    try:
        import rispy  # noqa: PLC0415
    except ImportError as exc:
        raise MissingExtra("spreadsheet", "rispy") from exc
    try:
        records = rispy.loads(text)
    except Exception as exc:  # noqa: BLE001 - rispy raises bare errors on a malformed file
        notes.append(Note(entry="the file", action="skipped", message=f"not valid RIS: {exc}"))
        return []
    entries = []
    for number, record in enumerate(records, 1):

        def first(*names: str, record: dict[str, Any] = record) -> str | None:
            for name in names:
                found = record.get(name)
                if isinstance(found, list):
                    found = next((f for f in found if isinstance(f, str) and f.strip()), None)
                if isinstance(found, str) and found.strip():
                    return " ".join(found.split())
            return None

        kind = str(record.get("type_of_reference", "")).upper()
        title = first("title", "primary_title", "translated_title")
        names = [*record.get("authors", []), *record.get("first_authors", [])]
        entry = _Entry(
            label=f"entry {number}" + (f" ({title[:40]})" if title else ""),
            key=first("id"),
            kind=_RIS_KINDS.get(kind, SourceKind.OTHER),
            kind_other=None if kind in _RIS_KINDS else (kind.lower() or None),
            title=title,
            authors=[_ris_name(n) for n in names if isinstance(n, str) and n.strip()],
            publisher=first("journal_name", "alternate_title3", "secondary_title", "publisher"),
            doi=first("doi"),
            url=first("urls", "url"),
        )
        _set_date(entry, first("date", "publication_year", "year"), None)
        entries.append(entry)
    return entries


def _ris_name(name: str) -> str:
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return _person(family.strip(), given.split(",")[0].strip())
    return name


def _csl(text: str, notes: list[Note]) -> list[_Entry]:
    from innovscale import _json  # noqa: PLC0415

    data = _json.parse(text)
    items = data.get("items", data) if isinstance(data, dict) else data
    if not isinstance(items, list):
        notes.append(
            Note(entry="the file", action="skipped", message="CSL-JSON is a list of items")
        )
        return []
    entries = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            notes.append(
                Note(entry=f"item {number}", action="skipped", message="not a CSL-JSON object")
            )
            continue

        def text_of(*names: str, item: dict[str, Any] = item) -> str | None:
            for name in names:
                found = item.get(name)
                if isinstance(found, (int, float)) and not isinstance(found, bool):
                    found = str(found)
                if isinstance(found, str) and found.strip():
                    return " ".join(found.split())
            return None

        kind = str(item.get("type", ""))
        key = text_of("id", "citation-key")
        entry = _Entry(
            label=key or f"item {number}",
            key=key,
            kind=_CSL_KINDS.get(kind, SourceKind.OTHER),
            kind_other=(kind or None) if kind not in _CSL_KINDS else None,
            title=text_of("title"),
            authors=_csl_names(item.get("author") or item.get("editor")),
            publisher=text_of("container-title", "publisher"),
            doi=text_of("DOI", "doi"),
            url=text_of("URL", "url"),
        )
        _csl_date(entry, item.get("issued"))
        entries.append(entry)
    return entries


def _csl_names(names: Any) -> list[str]:
    out = []
    for name in names if isinstance(names, list) else []:
        if not isinstance(name, dict):
            continue
        literal = name.get("literal")
        if isinstance(literal, str) and literal.strip():
            out.append(" ".join(literal.split()))
            continue
        family, given = name.get("family"), name.get("given")
        family = " ".join(family.split()) if isinstance(family, str) else ""
        given = given if isinstance(given, str) else ""
        person = _person(family, given)
        if person:
            out.append(person)
    return out


def _csl_date(entry: _Entry, issued: Any) -> None:
    if not isinstance(issued, dict):
        return
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(part))
            except (TypeError, ValueError):
                break
        entry.year, entry.month, entry.day = (*numbers, None, None, None)[:3]
    elif isinstance(issued.get("raw"), str):
        _set_date(entry, issued["raw"], None)


def _set_date(entry: _Entry, text: str | None, month: str | None) -> None:
    """The year (and month and day, when they are given plainly) of a date in words."""
    if not text:
        return
    iso = re.match(r"^\s*(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?", text)
    if iso:
        entry.year = int(iso.group(1))
        entry.month = int(iso.group(2)) if iso.group(2) else None
        entry.day = int(iso.group(3)) if iso.group(2) and iso.group(3) else None
    else:
        found = _YEAR.search(text)
        entry.year = int(found.group(1)) if found else None
    if month and entry.month is None:
        word = month.strip().lower().rstrip(".")
        entry.month = MONTH_NUMBERS.get(word) or (int(word) if word.isdigit() else None)


# -- entries to sources ---------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _make_id(entry: _Entry) -> str:
    if entry.key and _ID.match(entry.key) and len(entry.key) <= 100:
        return entry.key
    if entry.key and _slug(entry.key):
        return _slug(entry.key)[:100].strip("-")
    family = entry.authors[0].split(" ")[0] if entry.authors else ""
    words = [w for w in _slug(entry.title or "").split("-") if len(w) > 3][:2]
    parts = [_slug(family), str(entry.year or ""), *words]
    return "-".join(p for p in parts if p)[:100].strip("-") or "source"


def _date(entry: _Entry) -> PartialDate | None:
    """The entry's date, as precise as it is valid: the month or day left out if not."""
    if entry.year is None:
        return None
    for month, day in ((entry.month, entry.day), (entry.month, None), (None, None)):
        try:
            return PartialDate(entry.year, month, day)
        except (InvariantError, ValueError, TypeError):
            continue
    return None


def _source(entry: _Entry, used: set[str], notes: list[Note]) -> Source | None:  # noqa: C901 - one check per field that may be given badly
    def note(action: str, message: str, source: str | None = None) -> None:
        notes.append(
            Note(entry=entry.label, action=action, message=message, source=source, line=entry.line)
        )

    ident = base = _make_id(entry)
    if entry.key and ident != entry.key:
        note("changed", f"its key is not an innovscale id; the source's id is {ident!r}", ident)
    counter = 1
    while ident in used:
        counter += 1
        ident = f"{base}-{counter}"
    if ident != base:
        note("changed", f"the id {base!r} is taken; the source's id is {ident!r}", ident)
    doi = DOI_PREFIX.sub("", entry.doi).strip() if entry.doi else None
    if doi and not _DOI.match(doi):
        note("changed", f"{entry.doi!r} is not a DOI (10.NNNN/…); it was left out", ident)
        doi = None
    url = entry.url.strip() if entry.url else None
    if url and not _URL.match(url):
        if url.startswith("www."):
            url = "https://" + url
        else:
            note("changed", f"{entry.url!r} is not a web address; it was left out", ident)
            url = None
    if not entry.title and doi is None and url is None:
        note("skipped", "it has no title, DOI or web address, one of which every source needs")
        return None
    date = _date(entry)
    if entry.year is not None and date is None:
        note("changed", f"its date ({entry.year}) is not a plausible date; it was left out", ident)
    try:
        return Source(
            id=ident,
            kind=entry.kind,
            kind_other=(entry.kind_other or _NOT_STATED)
            if entry.kind is SourceKind.OTHER
            else None,
            title=entry.title or None,
            authors=tuple(dict.fromkeys(entry.authors)),
            publisher=entry.publisher,
            date=date,
            doi=doi,
            url=url,
        )
    except InvariantError as exc:
        note("skipped", f"it cannot be a source: {exc}")
        return None


def _same_url(url: str) -> str:
    return url.rstrip("/").lower()


def merge(base: EvidenceBase, sources: Iterable[Source]) -> tuple[EvidenceBase, list[Note]]:
    """
    ``base`` with ``sources`` added, and a note for each one not added as it was.

    A source whose DOI (in any case) or web address (ignoring a trailing ``/``) the base
    already has, or whose id and title a source of the base has, is skipped: importing
    the same file twice adds nothing. A source whose id the base uses for another record
    gets the next free ``-2``, ``-3``… id.
    """
    dois = {s.doi.lower(): s.id for s in base.sources if s.doi}
    urls = {_same_url(s.url): s.id for s in base.sources if s.url}
    titles = {s.id: s.title for s in base.sources}
    used = {r.id for r in base.records()}
    notes = []
    added = []
    for source in sources:
        same, what = _duplicate(source, dois, urls, titles)
        if same is not None:
            notes.append(
                Note(
                    entry=source.id,
                    action="skipped",
                    message=f"the base has its {what} already, as {same!r}",
                    source=same,
                )
            )
            continue
        ident, counter = source.id, 1
        while ident in used:
            counter += 1
            ident = f"{source.id}-{counter}"
        if ident != source.id:
            notes.append(
                Note(
                    entry=source.id,
                    action="changed",
                    message=f"the base uses the id {source.id!r}; the source's id is {ident!r}",
                    source=ident,
                )
            )
            source = attrs.evolve(source, id=ident)  # noqa: PLW2901 - the source, renamed
        added.append(source)
        used.add(ident)
        titles[ident] = source.title
        if source.doi:
            dois[source.doi.lower()] = ident
        if source.url:
            urls[_same_url(source.url)] = ident
    return attrs.evolve(base, sources=(*base.sources, *added)), notes


def _duplicate(
    source: Source, dois: dict[str, str], urls: dict[str, str], titles: dict[str, str | None]
) -> tuple[str | None, str]:
    """The id of the source ``source`` duplicates, and what they share."""
    if source.doi and source.doi.lower() in dois:
        return dois[source.doi.lower()], "DOI"
    if source.url and _same_url(source.url) in urls:
        return urls[_same_url(source.url)], "web address"
    if source.id in titles and titles[source.id] == source.title:
        return source.id, "id and title"
    return None, ""
