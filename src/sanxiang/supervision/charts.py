"""Charts drawn by the installation (matplotlib, SVG with selectable text, or PNG for Word).

Readable on a projector and in print — large type, one restrained colour, and the
numbers written on the bars, so nothing depends on colour alone. Every chart is shown with
its numbers as a table too.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.utils.html import escape

# matplotlib writes a font cache; keep it under the installation's var/ unless told otherwise.
os.environ.setdefault("MPLCONFIGDIR", str(settings.VAR_DIR / "matplotlib"))

import matplotlib
from matplotlib.figure import Figure

matplotlib.rcParams.update(
    {
        # platform-notes: without the CJK font every Chinese glyph is missing.
        "font.sans-serif": ["Noto Sans CJK SC", "DejaVu Sans"],
        "font.family": "sans-serif",
        "font.size": 13,
        "svg.fonttype": "none",  # text stays text: selectable, searchable, crisp in print
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
    }
)
BRAND = "#1f5f8b"
_lock = threading.Lock()  # matplotlib's font cache and rcParams are not thread-safe

Number = int | float | Decimal


def _figure(
    labels: Sequence[str], values: Sequence[Number], *, title: str, horizontal: bool
) -> Figure:
    height = max(2.6, 0.42 * len(labels) + 1.0) if horizontal else 3.6
    figure = Figure(figsize=(8, height), dpi=100)
    axes = figure.add_subplot()
    numbers = [float(v) for v in values]
    if horizontal:
        bars = axes.barh(list(labels)[::-1], numbers[::-1], color=BRAND)
    else:
        bars = axes.bar(list(labels), numbers, color=BRAND)
        axes.tick_params(axis="x", labelrotation=45 if len(labels) > 6 else 0)
    axes.bar_label(bars, labels=[_fmt(v) for v in (values[::-1] if horizontal else values)])
    axes.margins(x=0.12 if horizontal else 0.02, y=0.02 if horizontal else 0.12)
    axes.set_title(title, loc="left", fontsize=14)
    figure.tight_layout()
    return figure


def _fmt(value: Number) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{Decimal(value):,.2f}"


def bar_chart(
    labels: Sequence[str], values: Sequence[Number], *, title: str, horizontal: bool = False,
    fmt: str = "svg",
) -> bytes:  # fmt: skip
    """A bar chart as SVG (for pages and PDF) or PNG (for Word); ``title`` labels it."""
    with _lock:
        figure = _figure(labels, values, title=title, horizontal=horizontal)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>\s*", re.S)


def _as_attributes(declarations: str) -> str:
    """CSS declarations as SVG presentation attributes (fill, stroke, font-size, …): every
    property matplotlib writes has an attribute of the same name."""
    pairs = (item.split(":", 1) for item in declarations.split(";") if ":" in item)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def svg_inline(svg: bytes) -> str:
    """The SVG without its XML prologue, to place inside an HTML page, with matplotlib's
    ``style`` attributes and its ``<style>`` rule turned into presentation attributes: the
    pages' Content Security Policy allows no inline style."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg") :]
    rule = _STYLE_ELEMENT.search(text)
    if rule:  # "*{…}": inherited properties, set once on the root
        text = _STYLE_ELEMENT.sub("", text, count=1)
        text = text.replace("<svg", "<svg" + _as_attributes(rule.group(1)), 1)
    return _STYLE_ATTRIBUTE.sub(lambda match: _as_attributes(match.group(1)), text)


def svg_bars(labels: Sequence[str], values: Sequence[Number], *, title: str) -> str:
    """A horizontal bar chart written by hand: fast enough for every dashboard request.

    Each bar carries its number in text, so the chart reads without colour and in print.
    """
    row, left, width, top = 30, 190, 420, 36
    peak = max((float(v) for v in values), default=0) or 1
    height = top + row * len(labels) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 110} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="Noto Sans CJK SC, PingFang SC, '
        f'Microsoft YaHei, sans-serif" font-size="15">',
        f'<text x="0" y="20" font-size="17" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        bar = max(1.0, float(value) / peak * width) if float(value) else 0
        parts += [
            f'<text x="{left - 8}" y="{y + 19}" text-anchor="end">{escape(str(label))}</text>',
            f'<rect x="{left}" y="{y + 4}" width="{bar:.1f}" height="{row - 10}" fill="{BRAND}"/>',
            f'<text x="{left + bar + 6:.1f}" y="{y + 19}">{escape(_fmt(value))}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
