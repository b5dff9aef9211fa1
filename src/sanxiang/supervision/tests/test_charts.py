"""Charts placed inside pages keep to the Content Security Policy (no inline style)."""

import re

from sanxiang.supervision import charts

STYLE = re.compile(r"<style[\s>]|\sstyle=", re.I)


def test_charts_placed_in_pages_carry_no_inline_style():
    svg = charts.svg_inline(charts.bar_chart(["甲", "乙"], [3, 5], title="标题"))
    assert not STYLE.search(svg)
    assert 'fill="#1f5f8b"' in svg and 'stroke-linejoin="round"' in svg.split(">", 1)[0]
    assert "font-size=" in svg and "text-anchor=" in svg
    assert "font-family=\"'Noto Sans CJK SC'" in svg  # the CJK font survives the conversion
