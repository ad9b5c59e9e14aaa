"""Server-side SVG charts, readable without colour: every bar carries its value as text, a
count under 5 is a hatched bar labelled '< 5' (its true value never reaches the chart:
the charts take suppressed cells from bot.campaigns.tables), and <title> and <desc> say
in words what the chart shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

from bot.campaigns.labels import SUPPRESSED, SUPPRESSED_WORDS
from bot.campaigns.tables import THRESHOLD, Cell

FONT = "system-ui, -apple-system, 'Segoe UI', Arial, sans-serif"
INK = "#1a1a1a"
BAR = "#1f4e79"  # dark blue on white: contrast 9:1
MUTED = "#595959"

# Vertical chart (weeks)
MIN_WIDTH = 520
PLOT_TOP = 76  # room above the tallest bar for its value
PLOT_HEIGHT = 180
SLOT = 44
BAR_WIDTH = 30
LEFT = 16
TOP = 56  # where the bars of the horizontal chart start
BOTTOM = 62

# Horizontal chart (scam types)
LABEL_WIDTH = 310
BAR_AREA = 300
ROW = 30
VALUE_ROOM = 56


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _chart_id(title: str, chart_id: str | None) -> str:
    if chart_id:
        return "".join(c if c.isalnum() or c in "-_" else "-" for c in chart_id)
    return "chart-" + hashlib.sha256(title.encode()).hexdigest()[:10]


def _check(cells: Sequence[Cell]) -> None:
    for cell in cells:
        if isinstance(cell, int) and 0 < cell < THRESHOLD:
            raise ValueError("charts take suppressed counts (bot.campaigns.tables.suppress)")
        if isinstance(cell, str) and cell != SUPPRESSED:
            raise ValueError(f"not a count: {cell!r}")


def _in_words(cell: Cell) -> str:
    return SUPPRESSED_WORDS if cell == SUPPRESSED else str(cell)


def _drawn(cell: Cell) -> int:
    """The height a bar is drawn at: a suppressed count fills the band up to the threshold."""
    return THRESHOLD if cell == SUPPRESSED else int(cell)


def _open(
    element_id: str, width: int, height: int, title: str, description: str, hatch: bool
) -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" '
        f'font-family="{_attr(FONT)}" font-size="13" fill="{INK}">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        f'<desc id="{element_id}-desc">{escape(description)}</desc>',
    ]
    if hatch:
        parts.append(
            f'<defs><pattern id="{element_id}-hatch" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="#ffffff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/>'
            "</pattern></defs>"
        )
    parts.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    parts.append(
        f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold">{escape(title)}</text>'
    )
    return parts


def _bar(element_id: str, x: float, y: float, w: float, h: float, cell: Cell, tip: str) -> str:
    fill = f"url(#{element_id}-hatch)" if cell == SUPPRESSED else BAR
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
        f'stroke="{INK}" stroke-width="1"><title>{escape(tip)}</title></rect>'
    )


def _note(cells: Sequence[Cell], x: int, y: int) -> str:
    if SUPPRESSED not in cells:
        return ""
    return (
        f'<text x="{x}" y="{y}" font-size="12" fill="{MUTED}">'
        "Gestreept = minder dan 5, of verborgen zodat je geen klein aantal kunt uitrekenen"
        "</text>"
    )


def _empty(element_id: str, title: str) -> str:
    width, height = MIN_WIDTH, 90
    parts = _open(element_id, width, height, title, "Nog geen gegevens.", hatch=False)
    parts.append(f'<text x="{LEFT}" y="60">Nog geen gegevens.</text>')
    parts.append("</svg>")
    return "".join(parts)


def weekly_chart(
    title: str,
    points: Sequence[tuple[str, Cell]],
    *,
    what: str = "Gesprekken",
    chart_id: str | None = None,
) -> str:
    """A bar chart over weeks (one campaign): points are (ISO week, suppressed count)."""
    element_id = _chart_id(title, chart_id)
    if not points:
        return _empty(element_id, title)
    cells = [cell for _, cell in points]
    _check(cells)
    top = max(max(_drawn(cell) for cell in cells), THRESHOLD)
    width = max(LEFT * 2 + SLOT * len(points), MIN_WIDTH)
    height = PLOT_TOP + PLOT_HEIGHT + BOTTOM
    description = f"{what} per week. " + " ".join(
        f"Week {week}: {_in_words(cell)}." for week, cell in points
    )
    parts = _open(element_id, width, height, title, description, hatch=True)
    parts.append(f'<text x="{LEFT}" y="42" fill="{MUTED}">{escape(what)} per week</text>')
    baseline = PLOT_TOP + PLOT_HEIGHT
    previous_year = ""
    for index, (week, cell) in enumerate(points):
        x = LEFT + SLOT * index + (SLOT - BAR_WIDTH) / 2
        centre = LEFT + SLOT * index + SLOT / 2
        h = PLOT_HEIGHT * _drawn(cell) / top
        tip = f"Week {week}: {_in_words(cell)}"
        if h:
            parts.append(_bar(element_id, x, baseline - h, BAR_WIDTH, h, cell, tip))
        parts.append(
            f'<text x="{centre:.1f}" y="{baseline - h - 5:.1f}" text-anchor="middle" '
            f'font-weight="bold">{escape(str(cell))}</text>'
        )
        year, number = week.split("-W") if "-W" in week else ("", week)
        parts.append(
            f'<text x="{centre:.1f}" y="{baseline + 17}" text-anchor="middle">'
            f"{escape('W' + number)}</text>"
        )
        if year != previous_year:
            parts.append(
                f'<text x="{centre:.1f}" y="{baseline + 33}" text-anchor="middle" '
                f'font-size="11" fill="{MUTED}">{escape(year)}</text>'
            )
            previous_year = year
    parts.append(
        f'<line x1="{LEFT}" y1="{baseline}" x2="{LEFT + SLOT * len(points)}" y2="{baseline}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    parts.append(_note(cells, LEFT, height - 8))
    parts.append("</svg>")
    return "".join(parts)


def scam_type_chart(
    items: Sequence[tuple[str, Cell]],
    *,
    title: str = "Soorten oplichting",
    what: str = "Gesprekken",
    chart_id: str | None = None,
) -> str:
    """A horizontal bar chart: items are (scam type label, suppressed count)."""
    element_id = _chart_id(title, chart_id)
    if not items:
        return _empty(element_id, title)
    cells = [cell for _, cell in items]
    _check(cells)
    top = max(max(_drawn(cell) for cell in cells), THRESHOLD)
    width = LEFT + LABEL_WIDTH + BAR_AREA + VALUE_ROOM
    height = TOP + ROW * len(items) + 36
    description = f"{what} per soort oplichting. " + " ".join(
        f"{label}: {_in_words(cell)}." for label, cell in items
    )
    parts = _open(element_id, width, height, title, description, hatch=True)
    parts.append(f'<text x="{LEFT}" y="42" fill="{MUTED}">{escape(what)}</text>')
    x0 = LEFT + LABEL_WIDTH
    for index, (label, cell) in enumerate(items):
        y = TOP + ROW * index
        w = BAR_AREA * _drawn(cell) / top
        tip = f"{label}: {_in_words(cell)}"
        parts.append(
            f'<text x="{x0 - 8}" y="{y + ROW / 2 + 4:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        if w:
            parts.append(_bar(element_id, x0, y + 5, w, ROW - 10, cell, tip))
        parts.append(
            f'<text x="{x0 + w + 6:.1f}" y="{y + ROW / 2 + 4:.1f}" font-weight="bold">'
            f"{escape(str(cell))}</text>"
        )
    parts.append(
        f'<line x1="{x0}" y1="{TOP}" x2="{x0}" y2="{TOP + ROW * len(items)}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    parts.append(_note(cells, LEFT, height - 10))
    parts.append("</svg>")
    return "".join(parts)
