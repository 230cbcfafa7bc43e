"""The one chart helper: inline SVG drawn on the server (no chart library, no CDN, no
script), for the synthesis by unit, a series over the years and a review's indicators.

Every chart scales from zero to its largest figure, writes its figures with
``thidua.core.figures.format_figure`` in the page's language (so a chart and the table
beside it read the same), marks a missing figure as a gap or a dash rather than a zero,
and carries a title for screen readers (``role="img"`` + ``aria-label``) and a tooltip
per mark. Pages show the same figures in a table, so the chart is never the only way to
read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from thidua.core.figures import format_figure

COLOUR = "#1f5fa8"
MUTED = "#666"
AXIS = "#888"


@dataclass(frozen=True)
class Mark:
    """One figure of a chart: its label, value, text and share of the largest figure."""

    label: str
    value: Decimal | None
    text: str
    share: float  # 0..1 of the chart's top; 0 where there is no figure


def marks(points: Sequence[tuple[Any, Any]]) -> list[Mark]:
    """(label, value) pairs scaled to the largest value (negative values count as 0)."""
    values = [Decimal(str(v)) if v is not None else None for _, v in points]
    top = max((v for v in values if v is not None), default=Decimal(0))
    top_f = float(top) if top > 0 else 1.0
    return [
        Mark(
            label=str(label),
            value=v,
            text=format_figure(v),
            share=max(0.0, float(v) / top_f) if v is not None else 0.0,
        )
        for (label, _), v in zip(points, values, strict=True)
    ]


def _svg(width: int, height: int, title: str, body: list[str], *, top: int = 0) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 {-top} {width} {height + top}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(body)
        + "</svg>"
    )


def column_chart(
    points: Sequence[tuple[Any, Any]], *, title: str, height: int = 120, step: int = 44
) -> SafeString:
    """Vertical bars, one per label (years of a review), figure written above each bar."""
    if not points:
        return mark_safe("")
    body = []
    for i, m in enumerate(marks(points)):
        x = i * step
        label = escape(m.label)
        if m.value is None:
            body.append(
                f'<text x="{x + 16}" y="{height - 6}" font-size="12" text-anchor="middle" '
                f'fill="{MUTED}">—</text>'
            )
        else:
            h = max(1, round(height * m.share))
            y = height - h
            text = escape(m.text)
            body.append(
                f'<rect x="{x + 2}" y="{y}" width="30" height="{h}" fill="{COLOUR}">'
                f"<title>{label}: {text}</title></rect>"
                f'<text x="{x + 17}" y="{y - 3}" font-size="10" text-anchor="middle">{text}</text>'
            )
        body.append(
            f'<text x="{x + 17}" y="{height + 14}" font-size="11" text-anchor="middle">'
            f"{label}</text>"
        )
    return _svg(step * len(points), height + 20, title, body, top=16)


def bar_chart(
    points: Sequence[tuple[Any, Any]],
    *,
    title: str,
    width: int = 640,
    label_width: int = 200,
    row: int = 22,
) -> SafeString:
    """Horizontal bars, one per label (units of a synthesis), figure at the bar's end."""
    if not points:
        return mark_safe("")
    bar_room = width - label_width - 80
    body = []
    for i, m in enumerate(marks(points)):
        y = i * row
        label = escape(m.label)
        text = escape(m.text)
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"<title>{label}</title>{label}</text>"
        )
        if m.value is None:
            body.append(
                f'<text x="{label_width + 4}" y="{y + 15}" font-size="12" fill="{MUTED}">—</text>'
            )
            continue
        w = round(bar_room * m.share)
        body.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{w}" height="14" fill="{COLOUR}">'
            f"<title>{label}: {text}</title></rect>"
            f'<text x="{label_width + w + 4}" y="{y + 15}" font-size="12">{text}</text>'
        )
    return _svg(width, row * len(points), title, body)


def line_chart(
    points: Sequence[tuple[Any, Any]], *, title: str, width: int = 640, height: int = 240
) -> SafeString:
    """A line over (label, value) pairs (years of a series); a gap where a figure is missing."""
    ms = marks(points)
    if not any(m.value is not None for m in ms):
        return mark_safe("")
    pad_l, pad_r, pad_t, pad_b = 64, 16, 16, 32
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    n = max(len(ms) - 1, 1)
    top_text = escape(format_figure(max(m.value for m in ms if m.value is not None)))
    body = [
        f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" stroke="{AXIS}"/>',
        f'<text x="4" y="{pad_t + 10}" font-size="11">{top_text}</text>',
        f'<text x="4" y="{pad_t + h}" font-size="11">{escape(format_figure(0))}</text>',
    ]
    segment: list[str] = []

    def close() -> None:
        if len(segment) > 1:
            body.append(
                f'<polyline fill="none" stroke="{COLOUR}" stroke-width="2" '
                f'points="{" ".join(segment)}"/>'
            )
        segment.clear()

    for i, m in enumerate(ms):
        x = pad_l + w * i / n
        body.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">'
            f"{escape(m.label)}</text>"
        )
        if m.value is None:
            close()
            continue
        y = pad_t + h * (1 - m.share)
        segment.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{COLOUR}">'
            f"<title>{escape(m.label)}: {escape(m.text)}</title></circle>"
        )
    close()
    return _svg(width, height, title, body)
