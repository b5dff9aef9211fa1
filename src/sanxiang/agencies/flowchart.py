"""The flowchart of a matter (执法流程图), drawn as SVG from its stages and time limits.

Generated from the data every time, never a hand-drawn image: when a stage changes, the
chart changes with it. Plain SVG with a title and description, readable by screen readers,
printable at any size, no script and no outside font.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

WIDTH = 640
BOX_WIDTH = 420
LINE_HEIGHT = 22
CHARS_PER_LINE = 24  # CJK characters that fit in a box line at 16 px
GAP = 56
MARGIN = 20


@dataclass(frozen=True)
class Step:
    name: str
    detail: str = ""  # who does it, what happens
    time_limit: str = ""  # "5个工作日"


def _lines(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    text = " ".join(text.split())
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _box(y: int, step: Step, *, terminal: bool) -> tuple[str, int]:
    lines = [(step.name, True)] + [(line, False) for line in _lines(step.detail) if step.detail]
    height = LINE_HEIGHT * len(lines) + 20
    x = (WIDTH - BOX_WIDTH) // 2
    radius = height // 2 if terminal else 6
    parts = [
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="{radius}" '
        f'fill="{"#e8eef7" if terminal else "#ffffff"}" stroke="#1d4f91" stroke-width="2"/>'
    ]
    for n, (line, bold) in enumerate(lines):
        weight = ' font-weight="700"' if bold else ""
        parts.append(
            f'<text x="{WIDTH // 2}" y="{y + 26 + n * LINE_HEIGHT}" text-anchor="middle"'
            f"{weight}>{escape(line)}</text>"
        )
    return "".join(parts), height


def _arrow(y: int, label: str) -> str:
    x = WIDTH // 2
    parts = [
        f'<line x1="{x}" y1="{y}" x2="{x}" y2="{y + GAP - 8}" stroke="#1d4f91" stroke-width="2"/>',
        f'<path d="M{x - 7},{y + GAP - 12} L{x},{y + GAP} L{x + 7},{y + GAP - 12} Z" fill="#1d4f91"/>',
    ]
    if label:
        parts.append(
            f'<text x="{x + 14}" y="{y + GAP // 2 + 6}" fill="#57606a">{escape(label)}</text>'
        )
    return "".join(parts)


def draw(*, title: str, steps: Sequence[Step], total: str = "") -> str:
    """The SVG document of a flowchart: start, each step with its time limit, end."""
    chain = [Step(_("Apply")), *steps, Step(_("Done"), total)]
    body, y = [], MARGIN + 40
    for index, step in enumerate(chain):
        terminal = index in (0, len(chain) - 1)
        box, height = _box(y, step, terminal=terminal)
        body.append(box)
        y += height
        if index < len(chain) - 1:
            limit = chain[index + 1].time_limit if chain[index + 1] is not chain[-1] else ""
            body.append(_arrow(y, limit))
            y += GAP
    height = y + MARGIN
    description = "；".join(
        f"{s.name}（{s.time_limit}）" if s.time_limit else s.name for s in steps
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="fc-title fc-desc" '
        f"font-family={quoteattr('PingFang SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif')} "
        f'font-size="16">'
        f'<title id="fc-title">{escape(title)}</title><desc id="fc-desc">{escape(description)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        f'<text x="{WIDTH // 2}" y="{MARGIN + 12}" text-anchor="middle" font-size="20" '
        f'font-weight="700">{escape(title)}</text>' + "".join(body) + "</svg>"
    )
