"""Charts as inline SVG, drawn on the server: no script, no style attributes, the same markup
in the web page and the PDF. Each chart has a title and description for screen readers and is
always followed by a table with its numbers (see ``report.Chart``)."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .blocks import next_id

INK, MUTED, LINE, BRAND, ACCENT = "#1b1f24", "#4a5560", "#c9d1d9", "#00546b", "#8a1c55"
SERIES = ["#8a96a3", "#4a5560", ACCENT, BRAND]  # older years lighter, the latest in brand
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'


def fmt(value, places=2):
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(
        value, bool
    ):  # a count or a level: "3", not "3,00"
        return number_format(value)
    return number_format(value, places)


def _svg(width, height, title, desc, body, numbers=""):
    """``numbers`` (the chart's values in words) joins the title: the PDF's alternative text is
    the title, so a reader of the PDF hears the figures as well as what the chart is."""
    n = next_id()
    if numbers:
        title = f"{title}: {numbers}"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" class="chart" role="img" aria-labelledby="chart{n}-t chart{n}-d" {FONT}>'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _text(x, y, text, size=13, anchor="start", fill=INK, weight="normal"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}">{escape(text)}</text>'
    )


def line_chart(title, desc, points, *, lo=1, hi=5, places=2):
    """Values over years on a fixed scale (the maturity 1–5)."""
    width, height, left, right, top, bottom = 640, 300, 48, 24, 24, 40
    inset = 40  # keep the first and last points clear of the axis labels
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(v):
        return top + plot_h - (float(v) - lo) / (hi - lo) * plot_h

    step = (plot_w - 2 * inset) / max(len(points) - 1, 1)
    body = []
    for tick in range(lo, hi + 1):
        y = y_of(tick)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>'
        )
        body.append(_text(left - 10, y + 4, str(tick), 12, "end", MUTED))
    coords = [
        (left + (inset + i * step if len(points) > 1 else plot_w / 2), y_of(v))
        for i, (_l, v) in enumerate(points)
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BRAND}" stroke-width="3"/>')
    for (x, y), (label, value) in zip(coords, points, strict=True):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{BRAND}"/>')
        body.append(_text(x, y - 12, fmt(value, places), 14, "middle", INK, "bold"))
        body.append(_text(x, height - 14, str(label), 13, "middle"))
    numbers = "; ".join(f"{label} {fmt(value, places)}" for label, value in points)
    return _svg(width, height, title, desc, body, numbers)


def _short(label, most=28):
    """A label that fits left of the bars; the table under the chart has it in full."""
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def bar_chart(title, desc, bars, *, places=0):
    """Horizontal bars with their values: counts per level, per kind, per organisation."""
    label_w, bar_h, gap, top = 230, 22, 10, 8
    width = 640
    height = top + len(bars) * (bar_h + gap) + 8
    most = max((float(v) for _l, v in bars), default=0) or 1
    plot_w = width - label_w - 60
    body = []
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = float(value) / most * plot_w
        body.append(_text(label_w - 10, y + bar_h * 0.7, _short(str(label)), 13, "end"))
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{BRAND}"/>'
        )
        body.append(_text(label_w + w + 8, y + bar_h * 0.7, fmt(value, places), 13))
    numbers = "; ".join(f"{label} {fmt(value, places)}" for label, value in bars)
    return _svg(width, height, title, desc, body, numbers)


def dot_chart(title, desc, rows, years, *, lo=1, hi=5, places=1):
    """Each organisation's score per year on one line: where it stands and where it moved."""
    label_w, row_h, top, legend_h = 230, 26, 30, 30
    width = 640
    plot_w = width - label_w - 30
    height = top + len(rows) * row_h + legend_h

    def x_of(v):
        return label_w + (float(v) - lo) / (hi - lo) * plot_w

    colours = dict(zip(years, SERIES[-len(years) :] if years else [], strict=False))
    body = []
    for tick in range(lo, hi + 1):
        x = x_of(tick)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 8}" '
            f'y2="{top + len(rows) * row_h}" stroke="{LINE}"/>'
        )
        body.append(_text(x, top - 14, str(tick), 12, "middle", MUTED))
    for i, (label, scores) in enumerate(rows):
        y = top + i * row_h + row_h / 2
        body.append(_text(label_w - 10, y + 4, str(label), 13, "end"))
        xs = [x_of(scores[yr]) for yr in years if scores.get(yr) is not None]
        if len(xs) > 1:
            body.append(
                f'<line x1="{min(xs):.1f}" x2="{max(xs):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{MUTED}" stroke-width="2"/>'
            )
        for yr in years:
            if scores.get(yr) is not None:
                body.append(_marker(yr, years, x_of(scores[yr]), y, colours[yr]))
    legend_y = top + len(rows) * row_h + 20
    for j, yr in enumerate(years):
        x = label_w + j * 80
        body.append(_marker(yr, years, x, legend_y - 4, colours[yr]))
        body.append(_text(x + 10, legend_y, str(yr), 12))
    numbers = "; ".join(
        f"{label} "
        + ", ".join(f"{yr} {fmt(scores[yr], places)}" for yr in years if scores.get(yr) is not None)
        for label, scores in rows
    )
    return _svg(width, height, title, desc, body, numbers)


def _marker(year, years, x, y, colour):
    """Shape as well as colour tells the years apart (no meaning by colour alone)."""
    shape = years.index(year) % 3
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    return (
        f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} '
        f'{x - 7:.1f},{y:.1f}" fill="{colour}"/>'
    )


def organisation_chart(title, desc, years, dimensions, overall_label):
    """One organisation's level per dimension and its overall maturity over the (latest four)
    years: one row per dimension, one marker per year."""
    shown = [y.year for y in years][-len(SERIES) :]
    rows = [(str(d.label), {y.year: y.dimensions.get(d.code) for y in years}) for d in dimensions]
    rows.append((str(overall_label), {y.year: y.overall for y in years}))
    return dot_chart(title, desc, rows, shown)
