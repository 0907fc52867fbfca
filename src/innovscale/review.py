"""
An offline review site: an evidence base as static pages anyone can open in a browser.

:func:`write_site` writes an index (validation and fitness for use at the top, then
every innovation with its score), a page per innovation (elements core and adaptable,
scaling vehicles and licence chains, adoptions with their adaptations and core changes
marked, reach over time as a chart with every source's figure in a table below it,
enabler claims, evidence with gradings, policy levers), the enabler matrix as a heat
map, the evidence map, and the sources every fact links to.

Nothing is fetched from the network: no CDN, no web fonts, no script; the pages work
from ``file://``. Templates are Jinja2; the charts are SVG drawn by leather, each with
a table of the same figures. (leather rather than matplotlib or pygal: on this machine
a matplotlib SVG chart takes 40-70 ms and a pygal one about 9 ms, so the reach charts
of a 2,000-innovation base take minutes or most of the time budget; leather draws one
in about 2 ms, in pure Python, and writes plain SVG with no script or stylesheet.)
Writing needs the ``report`` extra: ``pip install 'innovscale[report]'``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from innovscale import analysis
from innovscale.exceptions import FileWriteError, MissingExtra
from innovscale.vocab import Enabler, EvidenceDesign

if TYPE_CHECKING:
    from collections.abc import Callable

    from innovscale._io import PathLike
    from innovscale.model import EvidenceBase
    from innovscale.report import ValidationReport

__all__ = ["MARKER", "write_site"]

#: The file that marks a folder as a site innovscale wrote, which it may replace.
MARKER = ".innovscale-site"
#: The most validation issues the index lists.
MAX_ISSUES = 200
_TEMPLATES = Path(__file__).with_name("_templates")
_TIDIER = (
    ("why", "Why: rationale, theory or goal"),
    ("materials", "What: materials"),
    ("procedures", "What: procedures"),
    ("who_provides", "Who provides it"),
    ("how", "How: mode of delivery"),
    ("where", "Where"),
    ("when_and_how_much", "When and how much"),
    ("tailoring", "Tailoring"),
)


def _modules() -> tuple[Any, Any]:
    try:
        import jinja2  # noqa: PLC0415
        import leather  # noqa: PLC0415
    except ImportError as exc:
        raise MissingExtra("report", "Jinja2", "leather") from exc
    return jinja2, leather


def _band(score: float | None) -> str:
    if score is None:
        return "none"
    if score <= -1.5:
        return "n2"
    if score <= -0.5:
        return "n1"
    if score < 0.5:
        return "0"
    return "p1" if score < 1.5 else "p2"


def _year(date: Any) -> float:
    year: int
    month: int
    day: int
    year, month, day = date.earliest
    return round(year + (month - 1) / 12 + (day - 1) / 365.25, 3)


#: The series colours (colour-blind safe, from ColorBrewer's Dark2).
_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
#: leather writes a font the pages do not use; the charts use the pages' own.
_FONT = re.compile(r'font-family="[^"]*"')
_PAGE_FONT = 'font-family="system-ui, sans-serif"'


def _svg(chart: Any, width: int, height: int) -> str:
    text = chart.to_svg(width=width, height=height)
    return _FONT.sub(_PAGE_FONT, text[text.index("<svg") :])


def _ticks(low: float, high: float) -> list[int]:
    """Whole years for the x axis, at most about eight of them."""
    first, last = int(low), int(high) + 1
    step = max(1, (last - first) // 8 + 1)
    return list(range(first, last + 1, step))


def _year_label(value: float, _index: int, _count: int) -> str:
    return str(int(value))


def _reach_series(points: list[analysis.ReachPoint]) -> dict[str, list[tuple[float, float]]]:
    """The points of one innovation's reach chart: (year, figure) by metric, dated only."""
    series: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for point in points:
        if point.when is not None:
            series[point.metric.label].append((_year(point.when), float(point.value)))
    return {metric: sorted(values) for metric, values in series.items()}


def _reach_chart(series: dict[str, list[tuple[float, float]]]) -> str:
    """The SVG of a reach chart: a line and dots per metric (one dot per source's figure)."""
    _, leather = _modules()
    xs = [x for values in series.values() for x, _ in values]
    top = max(y for values in series.values() for _, y in values)
    chart = leather.Chart()
    low, high = min(xs) - 0.5, max(xs) + 0.5
    chart.add_x_scale(low, high)
    chart.add_y_scale(0, top * 1.1 or 1)
    chart.add_x_axis(ticks=_ticks(low, high), tick_formatter=_year_label, name="Year")
    chart.add_y_axis(name="Count")
    for n, (metric, values) in enumerate(series.items()):
        colour = _COLOURS[n % len(_COLOURS)]
        if len(values) > 1:
            chart.add_line(values, stroke_color=colour)
        chart.add_dots(values, name=metric, fill_color=colour, radius=4)
    return _svg(chart, 640, 300)


def _evidence_chart(cells: list[analysis.EvidenceCell]) -> str | None:
    """Evidence records by study design, as horizontal bars."""
    if not cells:
        return None
    _, leather = _modules()
    # An item with several roles is in several cells: count each record once.
    counts = {
        d: len({e for c in cells if c.design is d for e in c.evidence}) for d in EvidenceDesign
    }
    data = [(n, d.label) for d, n in counts.items() if n]
    chart = leather.Chart()
    chart.add_x_axis(name="Evidence records")
    chart.add_bars(data, fill_color=_COLOURS[0])
    return _svg(chart, 760, max(200, 40 + 28 * len(data)))


#: Below this many charts, drawing them in other processes is not worth starting them.
_POOL_FROM = 64


def _draw_all(
    specs: dict[str, dict[str, list[tuple[float, float]]]],
    folder: Path,
    meanwhile: Callable[[], None],
) -> None:
    """
    Write each reach chart, and run ``meanwhile`` (the pages) as they are drawn: in
    other processes, as many as there are cores, when there are many charts.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(specs) < _POOL_FROM or workers < 2:
        meanwhile()
        for name, series in specs.items():
            (folder / name).write_text(_reach_chart(series), encoding="utf-8")
        return
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    names = list(specs)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        drawn = pool.map(_reach_chart, [specs[n] for n in names], chunksize=32)
        meanwhile()
        for name, svg in zip(names, drawn, strict=True):
            (folder / name).write_text(svg, encoding="utf-8")


def _chain(vehicle: Any, vehicles: dict[str, Any]) -> list[str]:
    """The vehicles ``vehicle`` holds its licence from, nearest first (a cycle stops it)."""
    chain: list[str] = []
    current = vehicle.licenses_from
    while current is not None and current not in chain and current != vehicle.id:
        chain.append(current)
        nxt = vehicles.get(current)
        current = nxt.licenses_from if nxt is not None else None
    return chain


class _Site:
    """Everything the pages need, indexed once."""

    def __init__(self, base: EvidenceBase, report: ValidationReport) -> None:
        self.base = base
        self.report = report
        self.names = {o.id: o.name for o in base.organisations}
        self.all_findings, scores = analysis.fitness_both(base)
        self.scores = {s.innovation: s for s in scores}
        self.findings: dict[str | None, list[analysis.FitnessFinding]] = defaultdict(list)
        for finding in self.all_findings:
            self.findings[finding.innovation].append(finding)
        self.reach: dict[str, list[analysis.ReachPoint]] = defaultdict(list)
        for point in analysis.reach_series(base):
            self.reach[point.innovation].append(point)
        self.changes: dict[str, list[analysis.AdaptationRow]] = defaultdict(list)
        for row in analysis.adaptations(base):
            self.changes[row.adoption].append(row)
        self.evidence: dict[str, list[Any]] = defaultdict(list)
        about = analysis._About(base)  # noqa: SLF001 - the one definition of "about"
        for record in base.evidence:
            for name in about(record):
                self.evidence[name].append(record)
        self.claims: dict[str, list[Any]] = defaultdict(list)
        for claim in base.enabler_claims:
            self.claims[claim.innovation].append(claim)

    def innovation(self, innovation: Any, chart: str | None) -> dict[str, Any]:
        vehicles = {v.id: v for v in innovation.scaling_vehicles}
        description = innovation.description
        return {
            "title": innovation.name,
            "root": "../",
            "i": innovation,
            "score": self.scores[innovation.id],
            "findings": self.findings.get(innovation.id, []),
            "tidier": [(title, getattr(description, key)) for key, title in _TIDIER]
            if description is not None
            else [],
            "vehicles": [
                {
                    "vehicle": v,
                    "organisation": ", ".join(
                        self.names.get(o, o)
                        for o in ([v.organisation] if v.organisation else [])
                        + [r.organisation for r in v.roles]
                    ),
                    "chain": _chain(v, vehicles),
                }
                for v in innovation.scaling_vehicles
            ],
            "adoptions": [
                {
                    "adoption": a,
                    "adopter": self.names.get(a.adopter, a.adopter)
                    if a.adopter is not None
                    else a.adopters.summary()
                    if a.adopters is not None
                    else "",
                    "changes": self.changes.get(a.id, []),
                }
                for a in self.base.adoptions_of(innovation.id)
            ],
            "reach": self.reach.get(innovation.id, []),
            "conflicts": any(p.conflicts for p in self.reach.get(innovation.id, [])),
            "chart": chart,
            "claims": self.claims.get(innovation.id, []),
            "evidence": self.evidence.get(innovation.id, []),
            "levers": self.base.levers_for(innovation.id),
        }

    def index(self) -> dict[str, Any]:
        counts: dict[str, int] = defaultdict(int)
        for finding in self.all_findings:
            counts[finding.code] += 1
        adopted: dict[str, int] = defaultdict(int)
        for adoption in self.base.adoptions:
            adopted[adoption.innovation] += 1
        return {
            "title": "Overview",
            "root": "",
            "report": self.report,
            "issues": self.report.issues[:MAX_ISSUES],
            "more_issues": len(self.report.issues) > MAX_ISSUES,
            "findings": self.all_findings,
            "checks": [(c, counts.get(code, 0)) for code, c in analysis.FITNESS_CHECKS.items()],
            "innovations": [
                {"innovation": i, "adoptions": adopted.get(i.id, 0), "score": self.scores[i.id]}
                for i in self.base.innovations
            ],
        }

    def enablers(self) -> dict[str, Any]:
        cells = analysis.enabler_matrix(self.base)
        per = len(Enabler)
        rows = []
        for n, innovation in enumerate(self.base.innovations):
            mine = cells.rows[n * per : (n + 1) * per]
            rows.append(
                {
                    "innovation": innovation,
                    "cells": [
                        {
                            "band": _band(c.score),
                            "score": c.score,
                            "claims": c.claims,
                            "evidence": c.evidence,
                            "claim_ids": c.claim_ids,
                        }
                        for c in mine
                    ],
                }
            )
        return {"title": "Enabler matrix", "root": "", "enablers": list(Enabler), "rows": rows}


def _target(directory: Path) -> None:
    """Refuse a folder that holds files innovscale did not write."""
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).is_file():
        msg = (
            f"cannot write the site into {directory}: it holds files that are not a site "
            "innovscale wrote; choose an empty or new folder"
        )
        raise FileWriteError(msg)
    if directory.exists() and not directory.is_dir():
        raise FileWriteError(f"cannot write the site into {directory}: it is a file")


def write_site(
    base: EvidenceBase, directory: PathLike, *, report: ValidationReport | None = None
) -> list[Path]:
    """
    Write the review site of ``base`` into ``directory`` and return the pages written.

    ``report`` is the validation report the index shows (``base`` is validated when
    it is not given). The folder must be new, empty, or a site this function wrote
    before, which is replaced as a whole (stale pages do not linger).

    Raises:
        MissingExtra: Jinja2 or pygal is not installed.
        FileWriteError: The folder holds other files, or cannot be written.
    """
    jinja2, _ = _modules()
    if report is None:
        from innovscale.validation import validate  # noqa: PLC0415

        report = validate(base)
    target = Path(directory)
    _target(target)
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise FileWriteError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        pages = _write(jinja2, base, report, work)
        (work / MARKER).write_text("This folder was written by innovscale report.\n")
        os.chmod(work, 0o777 & ~_umask())  # noqa: PTH101 - mkdtemp makes it private
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            target.replace(old / "site")
            work.replace(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            work.replace(target)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise FileWriteError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return [target / p.relative_to(work) for p in pages]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _environment(jinja2: Any, base: EvidenceBase) -> Any:
    """The templates, with the filters they use: ``cite`` and ``label``."""
    from innovscale import __version__  # noqa: PLC0415

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    env.globals.update(base=base, version=__version__)
    markup = jinja2.utils.markupsafe.Markup
    escape = jinja2.utils.markupsafe.escape

    def cite(ids: tuple[str, ...], root: str) -> Any:
        """The sources of a fact, each a link to its entry on the sources page."""
        if not ids:
            return markup('<span class="sources missing">[no source]</span>')
        links = ", ".join(
            f'<a href="{root}sources.html#source-{escape(s)}">{escape(s)}</a>' for s in ids
        )
        return markup(f'<span class="sources">[{links}]</span>')

    def label(value: Any) -> Any:
        """A vocabulary member's label, a value as text, or "not recorded"."""
        if value is None:
            return markup('<span class="unknown">not recorded</span>')
        return escape(value.label if hasattr(value, "label") else value)

    env.filters.update(cite=cite, label=label)
    return env


def _write(jinja2: Any, base: EvidenceBase, report: ValidationReport, out: Path) -> list[Path]:
    env = _environment(jinja2, base)
    site = _Site(base, report)
    (out / "innovations").mkdir()
    (out / "charts").mkdir()
    pages: list[Path] = []

    def page(name: str, template: str, context: dict[str, Any]) -> None:
        path = out / name
        path.write_text(env.get_template(template).render(**context), encoding="utf-8")
        pages.append(path)

    page("index.html", "index.html", site.index())
    page("enablers.html", "enablers.html", site.enablers())
    cells = list(analysis.evidence_map(base))
    evidence_chart = _evidence_chart(cells)
    if evidence_chart is not None:
        (out / "charts" / "evidence.svg").write_text(evidence_chart, encoding="utf-8")
    context = {
        "title": "Evidence map",
        "root": "",
        "cells": cells,
        "chart": "evidence.svg" if evidence_chart is not None else None,
    }
    page("evidence.html", "evidence.html", context)
    page("sources.html", "sources.html", {"title": "Sources", "root": ""})
    specs: dict[str, dict[str, list[tuple[float, float]]]] = {}
    chart_of: dict[str, str] = {}
    for innovation in base.innovations:
        series = _reach_series(site.reach.get(innovation.id, []))
        if series:
            chart_of[innovation.id] = f"reach-{innovation.id}.svg"
            specs[chart_of[innovation.id]] = series

    def pages_of_innovations() -> None:
        for innovation in base.innovations:
            context = site.innovation(innovation, chart_of.get(innovation.id))
            page(f"innovations/{innovation.id}.html", "innovation.html", context)

    _draw_all(specs, out / "charts", pages_of_innovations)
    shutil.copyfile(_TEMPLATES / "site.css", out / "site.css")
    return pages
