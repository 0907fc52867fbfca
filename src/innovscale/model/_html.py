"""
HTML views for notebooks: what ``_repr_html_`` of an evidence base and an innovation
show in Jupyter. Every value is escaped; long lists are cut short
with a count of what is left out, so a national base renders as fast as a small one.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from innovscale.model.base import EvidenceBase
    from innovscale.model.innovation import Innovation

__all__ = ["MAX_ROWS", "base_html", "innovation_html", "table"]

#: The most rows a table shows.
MAX_ROWS = 50
_STYLE = (
    "border-collapse:collapse;margin:0.3em 0;font-size:90%",
    "text-align:left;padding:2px 8px;border-bottom:1px solid #ccc",
    "text-align:left;padding:2px 8px;vertical-align:top",
)


def _text(value: Any) -> str:
    if value is None:
        return "<i>not recorded</i>"
    code = getattr(value, "code", None)
    if code is not None and hasattr(value, "label"):
        return escape(str(value.label))
    return escape(str(value))


def table(headers: Iterable[str], rows: list[list[Any]], total: int | None = None) -> str:
    table, head, cell = _STYLE
    out = [f'<table style="{table}"><thead><tr>']
    out += [f'<th style="{head}">{escape(h)}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for row in rows[:MAX_ROWS]:
        out.append("<tr>" + "".join(f'<td style="{cell}">{v}</td>' for v in row) + "</tr>")
    out.append("</tbody></table>")
    left = (total if total is not None else len(rows)) - min(len(rows), MAX_ROWS)
    if left > 0:
        out.append(f"<p><i>… and {left:,} more</i></p>")
    return "".join(out)


def base_html(base: EvidenceBase) -> str:
    """An evidence base: its title, its record counts, and its innovations."""
    from innovscale.model.base import RECORD_COLLECTIONS  # noqa: PLC0415

    counts = [
        [escape(name.replace("_", " ")), f"{len(getattr(base, name)):,}"]
        for name in RECORD_COLLECTIONS
    ]
    adopted: dict[str, int] = {}
    for adoption in base.adoptions:
        adopted[adoption.innovation] = adopted.get(adoption.innovation, 0) + 1
    innovations = [
        [f"<code>{escape(i.id)}</code>", escape(i.name), _text(i.kind), f"{adopted.get(i.id, 0):,}"]
        for i in base.innovations[:MAX_ROWS]
    ]
    return "".join(
        [
            f"<div><strong>{escape(base.title)}</strong> <code>{escape(base.id)}</code>",
            f"<p>{escape(base.description)}</p>" if base.description else "",
            table(["records", "count"], counts),
            table(
                ["innovation", "name", "kind", "adoptions"],
                innovations,
                total=len(base.innovations),
            ),
            "</div>",
        ]
    )


def innovation_html(innovation: Innovation) -> str:
    """An innovation: its summary, its core and adaptable elements, its scaling vehicles."""
    elements = [
        [
            f"<code>{escape(e.id)}</code>",
            escape(e.name),
            f"<strong>{_text(e.kind)}</strong>" if e.kind.code == "core" else _text(e.kind),
            escape(e.function),
        ]
        for e in innovation.elements
    ]
    vehicles = [
        [
            ", ".join(
                f"<code>{escape(o)}</code>"
                for o in ([v.organisation] if v.organisation else [])
                + [r.organisation for r in v.roles]
            ),
            _text(v.type),
            _text(v.licenses_from),
        ]
        for v in innovation.scaling_vehicles
    ]
    parts = [
        f"<div><strong>{escape(innovation.name)}</strong> <code>{escape(innovation.id)}</code>",
        f" ({_text(innovation.kind)})",
        f"<p>{escape(innovation.summary)}</p>",
        table(["element", "name", "kind", "function"], elements),
    ]
    if vehicles:
        parts.append(table(["scaling vehicle", "type", "licenses from"], vehicles))
    if innovation.sources:
        parts.append(
            "<p>Sources: "
            + ", ".join(f"<code>{escape(s)}</code>" for s in innovation.sources)
            + "</p>"
        )
    parts.append("</div>")
    return "".join(parts)
