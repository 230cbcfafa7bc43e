"""Inline SVG charts, drawn on the server: no chart library, nothing from a CDN."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _polyline(points: list[str]) -> str:
    return f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{" ".join(points)}"/>'


def line_chart(
    points: Sequence[tuple[int, Decimal | None]], *, title: str, width: int = 640, height: int = 240
) -> SafeString:
    """A labelled line chart of (year, value); gaps where a year has no figure."""
    known = [(x, float(v)) for x, v in points if v is not None]
    if not known:
        return mark_safe("")
    pad_l, pad_r, pad_t, pad_b = 56, 16, 16, 32
    top = max(v for _, v in known) or 1.0
    n = max(len(points) - 1, 1)
    w, h = width - pad_l - pad_r, height - pad_t - pad_b

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad_l + w * i / n, pad_t + h * (1 - v / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" stroke="#888"/>',
        f'<text x="4" y="{pad_t + 10}" font-size="11">{top:,.0f}</text>',
        f'<text x="4" y="{pad_t + h}" font-size="11">0</text>',
    ]
    segment: list[str] = []
    for i, (year, v) in enumerate(points):
        x = pad_l + w * i / n
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{year}</text>'
        )
        if v is None:
            if len(segment) > 1:
                parts.append(_polyline(segment))
            segment = []
            continue
        px, py = xy(i, float(v))
        segment.append(f"{px:.1f},{py:.1f}")
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="#1f5fa8">'
            f"<title>{year}: {float(v):,.2f}</title></circle>"
        )
    if len(segment) > 1:
        parts.append(_polyline(segment))
    parts.append("</svg>")
    return mark_safe("".join(parts))
