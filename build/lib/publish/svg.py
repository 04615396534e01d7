"""Charts as SVG, drawn here (no library, no script), for the HTML period report: a page that must open and print
offline. The same four charts as the workbook's sheet Biểu đồ: bars by commune with the area's level as a line,
result against plan, ethnic-minority against all, and a rate over the periods."""

import math

from vocabulary.escape import for_html
from vocabulary.text import vn_number

WIDTH, HEIGHT = 680, 340
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 40, 118  # room for the axis, the title, the slanted names and the legend
FONT = 'font-family="Times New Roman, serif"'
BLUE, ORANGE, GREEN, RED = "#4472C4", "#ED7D31", "#70AD47", "#C00000"


def _scale(values: list[float]) -> tuple[float, float]:
    """A round top for the axis and its step (1, 2 or 5 times a power of ten), six steps at most.

    >>> _scale([11.78, 3.2]), _scale([2342]), _scale([0.5]), _scale([0])
    ((12.0, 2.0), (2500.0, 500.0), (0.5, 0.1), (1.0, 0.2))
    """
    top = max([v for v in values if v is not None and v > 0], default=1)
    exponent = math.floor(math.log10(top)) - 1
    while True:
        for multiple in (1, 2, 5):
            step = round(multiple * 10.0 ** exponent, 10)
            if top / step <= 6:
                return round(step * math.ceil(round(top / step, 9)), 10), step
        exponent += 1


def _frame(title: str, top: float, step: float, decimals: int) -> list[str]:
    plot = HEIGHT - TOP - BOTTOM
    parts = [f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold" {FONT}>'
             f'{for_html(title)}</text>']
    for k in range(round(top / step) + 1):
        tick = k * step
        y = TOP + plot * (1 - tick / top)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9d9d9"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" {FONT}>'
                     f'{vn_number(tick, decimals)}</text>')
    return parts


def _legend(names: list[tuple[str, str]]) -> list[str]:
    parts: list[str] = []
    x: float = LEFT
    for name, color in names:
        parts.append(f'<rect x="{x}" y="{HEIGHT - 16}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{x + 14}" y="{HEIGHT - 7}" font-size="11" {FONT}>{for_html(name)}</text>')
        x += 24 + 6.2 * len(name)
    return parts


def _svg(label: str, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="{for_html(label)}">' + "".join(parts) + "</svg>")


def bar_chart(title: str, categories: list[str], series: list[tuple[str, list, str]],
              level: tuple[str, float, str] | None = None, decimals: int = 0) -> str:
    """Grouped bars, a group per category and a bar per series ``(name, values, colour)``; ``level`` a horizontal
    line ``(name, value, colour)`` across them (the area's rate)."""
    values = [v for _, vs, _ in series for v in vs] + ([level[1]] if level else [])
    top, step = _scale(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group = plot_w / max(len(categories), 1)
    bar = group * 0.8 / max(len(series), 1)
    parts = _frame(title, top, step, decimals)
    for i, category in enumerate(categories):
        x0 = LEFT + i * group + group * 0.1
        for j, (name, vs, color) in enumerate(series):
            value = vs[i] or 0
            h = plot_h * value / top
            parts.append(f'<rect x="{x0 + j * bar:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar:.1f}" '
                         f'height="{h:.1f}" fill="{color}"><title>{for_html(category)}, {for_html(name)}: '
                         f'{vn_number(vs[i], decimals)}</title></rect>')
        cx, cy = LEFT + (i + 0.5) * group, TOP + plot_h + 10
        parts.append(f'<text x="{cx:.1f}" y="{cy:.1f}" transform="rotate(-40 {cx:.1f} {cy:.1f})" text-anchor="end" '
                     f'font-size="11" {FONT}>{for_html(category)}</text>')
    names = [(name, color) for name, _, color in series]
    if level:
        y = TOP + plot_h * (1 - level[1] / top)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{level[2]}" '
                     f'stroke-width="2"/>')
        names.append((f"{level[0]}: {vn_number(level[1], decimals)}", level[2]))
    return _svg(title, parts + _legend(names))


def line_chart(title: str, categories: list[str], values: list[float], name: str, decimals: int = 2) -> str:
    """One series over ``categories`` (periods), its points marked and labelled."""
    top, step = _scale(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    gap = plot_w / max(len(categories), 1)
    points = [(LEFT + (i + 0.5) * gap, TOP + plot_h * (1 - v / top)) for i, v in enumerate(values)]
    parts = _frame(title, top, step, decimals)
    parts.append(f'<polyline fill="none" stroke="{BLUE}" stroke-width="2.5" '
                 f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}"/>')
    for (x, y), value, category in zip(points, values, categories):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BLUE}"/>')
        parts.append(f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" font-size="11" {FONT}>'
                     f'{vn_number(value, decimals)}</text>')
        parts.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 18:.1f}" text-anchor="middle" font-size="11" {FONT}>'
                     f'{for_html(category)}</text>')
    return _svg(title, parts + _legend([(name, BLUE)]))
