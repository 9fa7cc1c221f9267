"""Benchmark milestones (`benchmarks.md`) and the `[[chart:BENCHMARK_ID]]` shortcode.

Each benchmark becomes an SVG dot chart drawn at build time, with no JavaScript: one row per result
in date order (date, system, method on the left; the score as a dot on a shared axis), and a dashed
line for the best score reached so far, which is what "progress over time" means here. Rows rather
than a time axis because the results carry long method descriptions and some dates are known only
to the year; a row keeps every label readable and never invents a month. Colours are CSS classes
(lineage.css, CONTENT part) that read Material's palette variables, so light and dark both work. The same data
follows as a table, which is what screen readers and copy-paste get.
"""

from __future__ import annotations

import textwrap
import unicodedata

from .. import i18n
from ..i18n import page_src, t
from ..lineage import Lineage
from ..model import Benchmark, BenchmarkResult
from . import links, text
from .claims import source_links
from .escape import html_attr, md_inline, svg_attr as _svg_attr, svg_text as _svg_text
from .page import GeneratedPage

# The charts are raw HTML inside the page's Markdown, and the page's shortcodes are expanded after
# the render: a `[[tree]]` or `[[model:x]]` in a benchmark, system or method name would otherwise
# become real markup inside the SVG (a `<div>` there even ends the SVG, leaving a half-built tree
# for lineage-tree.js). Brackets become character references, which SVG in HTML shows literally.
_BRACKETS = str.maketrans({"[": "&#91;", "]": "&#93;"})


def svg_text(text) -> str:
    """`escape.svg_text` for a chart inside page Markdown: shortcode brackets kept literal too."""
    return _svg_text(text).translate(_BRACKETS)


def svg_attr(text) -> str:
    """`escape.svg_attr` for a chart inside page Markdown: shortcode brackets kept literal too."""
    return _svg_attr(text).translate(_BRACKETS)

SRC_URI = "benchmarks.md"

# Geometry of the drawing, in SVG user units (the SVG scales to the page width).
WIDTH = 700          # about the width of Material's content column, so 12px text stays 12px
LABEL_X = 6          # left edge of the date column
TEXT_X = 68          # left edge of system / method text
PLOT_X0, PLOT_X1 = 384, 676
TOP = 58             # room for the legend
ROW_PAD = 14
SYSTEM_LINE, METHOD_LINE = 16, 14
WRAP = 46            # columns per method line (a Chinese character takes two)


# --- values shared by the chart, the table and the [[score:…]] shortcode --------------------------


def format_score(benchmark: Benchmark, result: BenchmarkResult) -> str:
    """`56.9%` for a percentage metric, `56.9` otherwise; integers without a decimal point."""
    unit = "%" if "%" in benchmark.metric else ""
    return f"{result.score:g}{unit}"


def format_date(date: str, lang: str = i18n.DEFAULT) -> str:
    """`2021-10` -> `Oct 2021` / `2021年10月`; `2022` stays `2022` (month unknown, not guessed)."""
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = t(lang, f"chart.month.{int(parts[1])}")
    if len(parts) == 2:
        return t(lang, "chart.date_month", year=parts[0], month=month)
    return t(lang, "chart.date_day", year=parts[0], month=month, day=int(parts[2]))


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap(words: str, width: int = WRAP) -> list[str]:
    """Lines of at most `width` columns: breaks at spaces, and between Chinese characters (which
    take two columns and need no space to break). Text without wide characters wraps exactly as
    `textwrap.wrap` does."""
    if not any(_columns(ch) == 2 for ch in words):
        return textwrap.wrap(words, width)
    tokens: list[str] = []  # words, single wide characters and the spaces between them
    for ch in " ".join(words.split()):
        if ch == " " or _columns(ch) == 2 or not tokens or tokens[-1] == " " or _columns(tokens[-1][-1]) == 2:
            tokens.append(ch)
        else:
            tokens[-1] += ch
    lines, line = [], ""
    for token in tokens:
        if token == " ":
            if line:
                line += " "
            continue
        if line and sum(map(_columns, line + token)) > width and unicodedata.category(token[0]) not in ("Po", "Pe"):
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def chronological(benchmark: Benchmark) -> list[BenchmarkResult]:
    """Results by date; a result dated only to the year goes after that year's dated months."""
    def key(r: BenchmarkResult):
        parts = [int(p) for p in r.date.split("-")]
        return parts[0], parts[1] if len(parts) > 1 else 13, parts[2] if len(parts) > 2 else 0
    return sorted(benchmark.results, key=key)


def _axis_max(benchmark: Benchmark) -> float:
    if "%" in benchmark.metric:
        return 100.0
    top = max((r.score for r in benchmark.results), default=1.0) or 1.0
    step = 10 ** (len(str(int(top))) - 1)
    return float((int(top / step) + 1) * step)


# --- the SVG ------------------------------------------------------------------------------------


def _lang_attr(value, lang: str) -> str:
    """` lang="en"` on SVG text that falls back to English on a page in another language."""
    return "" if i18n.is_translated(value, lang) else ' lang="en"'


def svg(lineage: Lineage, benchmark: Benchmark, lang: str) -> str:
    """The chart as one inline `<svg>` element (no blank lines, so it stays one Markdown HTML block)."""
    rows = chronological(benchmark)
    top = _axis_max(benchmark)

    def x(score: float) -> float:
        return round(PLOT_X0 + (PLOT_X1 - PLOT_X0) * score / top, 1)

    laid = []  # (result, y_top, height, method lines)
    y = TOP
    for r in rows:
        lines = wrap(i18n.text(r.method, lang)) or [""]
        height = SYSTEM_LINE + METHOD_LINE * len(lines) + ROW_PAD
        laid.append((r, y, height, lines))
        y += height
    bottom = y
    total_h = bottom + 48

    bid = svg_attr(benchmark.id)
    best = max(rows, key=lambda r: r.score) if rows else None
    summary = t(lang, "chart.summary", count=len(rows), name=benchmark.name, metric=benchmark.metric,
                first=format_date(rows[0].date, lang), last=format_date(rows[-1].date, lang),
                score=format_score(benchmark, best), system=best.system,
                method=i18n.text(best.method, lang)) if rows else t(lang, "chart.no_results")
    out = [
        f'<svg class="lineage-chart-svg" viewBox="0 0 {WIDTH} {total_h}" width="100%" role="img" '
        f'aria-labelledby="chart-{bid}-title chart-{bid}-desc" data-benchmark="{bid}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{bid}-title">'
        f'{svg_text(t(lang, "chart.svg_title", name=benchmark.name, metric=benchmark.metric))}</title>',
        f'<desc id="chart-{bid}-desc">{svg_text(summary)} {svg_text(t(lang, "chart.svg_desc_table"))}</desc>',
    ]
    # Legend.
    out += [
        '<g class="lineage-chart-legend">',
        f'<circle class="lineage-chart-dot lineage-chart-dot--lineage" cx="{LABEL_X + 6}" cy="20" r="6"/>',
        f'<text x="{LABEL_X + 18}" y="24">{svg_text(t(lang, "chart.legend_lineage"))}</text>',
        f'<circle class="lineage-chart-dot lineage-chart-dot--other" cx="{LABEL_X + 176}" cy="20" r="6"/>',
        f'<text x="{LABEL_X + 188}" y="24">{svg_text(t(lang, "chart.legend_other"))}</text>',
        f'<line class="lineage-chart-frontier" x1="{LABEL_X + 290}" y1="20" x2="{LABEL_X + 326}" y2="20"/>',
        f'<text x="{LABEL_X + 334}" y="24">{svg_text(t(lang, "chart.legend_best"))}</text>',
        "</g>",
    ]
    # Grid and axis.
    out.append('<g class="lineage-chart-axis">')
    ticks = [top * i / 5 for i in range(6)]
    for tick in ticks:
        out.append(f'<line class="lineage-chart-grid" x1="{x(tick)}" y1="{TOP - 6}" x2="{x(tick)}" y2="{bottom}"/>')
        out.append(f'<text class="lineage-chart-tick" x="{x(tick)}" y="{bottom + 16}" text-anchor="middle">{tick:g}</text>')
    out.append(f'<line class="lineage-chart-baseline" x1="{PLOT_X0}" y1="{bottom}" x2="{PLOT_X1}" y2="{bottom}"/>')
    out.append(f'<text class="lineage-chart-axis-title" x="{(PLOT_X0 + PLOT_X1) / 2}" y="{bottom + 38}" '
               f'text-anchor="middle">{svg_text(benchmark.metric)}</text>')
    out.append("</g>")
    # Best-so-far line: a step through each row at the best score reached by that date.
    frontier, running = [], None
    for r, y0, h, _ in laid:
        running = r.score if running is None else max(running, r.score)
        frontier += [(x(running), y0), (x(running), y0 + h)]
    if frontier:
        pts = " ".join(f"{px},{py}" for px, py in frontier)
        out.append(f'<polyline class="lineage-chart-frontier" points="{pts}"/>')
    # Rows.
    for i, (r, y0, h, lines) in enumerate(laid):
        cy = y0 + h / 2
        kind = "lineage" if r.model else "other"
        score = format_score(benchmark, r)
        if i % 2:
            out.append(f'<rect class="lineage-chart-band" x="0" y="{y0}" width="{WIDTH}" height="{h}"/>')
        out.append(f'<g class="lineage-chart-row" data-system="{svg_attr(r.system)}">')
        out.append(f'<text class="lineage-chart-date" x="{LABEL_X}" y="{y0 + SYSTEM_LINE}">{svg_text(format_date(r.date, lang))}</text>')
        out.append(f'<text class="lineage-chart-system" x="{TEXT_X}" y="{y0 + SYSTEM_LINE}">{svg_text(r.system)}</text>')
        for j, line in enumerate(lines):
            out.append(f'<text class="lineage-chart-method" x="{TEXT_X}" y="{y0 + SYSTEM_LINE + METHOD_LINE * (j + 1)}"'
                       f'{_lang_attr(r.method, lang)}>{svg_text(line)}</text>')
        out.append(f'<line class="lineage-chart-stem" x1="{PLOT_X0}" y1="{cy}" x2="{x(r.score)}" y2="{cy}"/>')
        out.append(
            f'<circle class="lineage-chart-point lineage-chart-dot lineage-chart-dot--{kind}" cx="{x(r.score)}" '
            f'cy="{cy}" r="6" data-score="{r.score:g}" data-date="{svg_attr(r.date)}">'
            f"<title>{svg_text(t(lang, 'chart.point_title', system=r.system, method=i18n.text(r.method, lang), score=score, date=format_date(r.date, lang)))}"
            "</title></circle>"
        )
        right = x(r.score) > WIDTH - 56  # keep the label inside the drawing
        lx = x(r.score) - 10 if right else x(r.score) + 10
        anchor = "end" if right else "start"
        out.append(f'<text class="lineage-chart-value" x="{lx}" y="{cy + 4}" text-anchor="{anchor}">{svg_text(score)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def table(lineage: Lineage, benchmark: Benchmark, from_src_uri: str, lang: str) -> str:
    """The chart's data as a Markdown table, in the same order as the rows."""
    heads = " | ".join(t(lang, f"chart.col_{c}") for c in ("date", "system", "method", "score", "sources"))
    out = [f"| {heads} |", "| --- | --- | --- | ---: | --- |"]
    for r in chronological(benchmark):
        system = md_inline(r.system)
        if r.model:
            system = links.page_link(system, links.model_src(r.model, lang), from_src_uri)
        out.append(f"| {md_inline(format_date(r.date, lang))} | {system} | {text.md(r.method, lang)} | "
                   f"{md_inline(format_score(benchmark, r))} | {source_links(lineage, r.sources, from_src_uri, lang)} |")
    return "\n".join(out)


def chart_block(lineage: Lineage, benchmark: Benchmark, from_src_uri: str, lang: str) -> str:
    """Figure (SVG + caption) followed by the data table: what both the page and the shortcode show.
    `from_src_uri` is the real source path of the page it goes on (`zh/benchmarks.md`)."""
    return "\n".join([
        f'<figure class="lineage-chart" id="chart-{svg_attr(benchmark.id)}">',
        svg(lineage, benchmark, lang),
        f"<figcaption>{t(lang, 'chart.caption', name=svg_text(benchmark.name))}</figcaption>",
        "</figure>",
        "",
        table(lineage, benchmark, from_src_uri, lang),
        "",
    ])


def render(lineage: Lineage, lang: str) -> str:
    src = page_src(SRC_URI, lang)
    out = [f"# {t(lang, 'chart.title')}", "", t(lang, "chart.intro"), ""]
    for b in lineage.benchmarks.values():
        out += [f"## {md_inline(b.name)} {{#benchmark-{b.id} }}", "", text.md(b.description, lang), "",
                chart_block(lineage, b, src, lang)]
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "chart.title"), "Explore", render(lineage, lang),
                        edit_path="benchmarks.yaml")


# --- shortcodes ------------------------------------------------------------------------------------


def _benchmark(argument: str, ctx, kind: str) -> Benchmark:
    from .shortcodes import ShortcodeError

    if not argument:
        raise ShortcodeError(f"[[{kind}:…]] needs a benchmark id")
    b = ctx.lineage.benchmarks.get(argument)
    if b is None:
        raise ShortcodeError(f"unknown benchmark id {argument!r} (known: {', '.join(ctx.lineage.benchmarks)})")
    return b


def chart_shortcode(argument: str, ctx) -> str:
    """`[[chart:BENCHMARK_ID]]`: the same figure and table as on the benchmarks page."""
    return chart_block(ctx.lineage, _benchmark(argument.strip(), ctx, "chart"), ctx.src_uri, ctx.lang)


def score_shortcode(argument: str, ctx) -> str:
    """`[[score:BENCHMARK_ID|SYSTEM|METHOD WORDS]]`: one result's score from the data.

    The system must match exactly and the method words must occur in exactly one of that system's
    results, so prose cannot silently point at a different result after the data changes.
    """
    from .shortcodes import ShortcodeError

    parts = [p.strip() for p in argument.split("|")]
    if len(parts) != 3:
        raise ShortcodeError(f"[[score:{argument}]]: write [[score:BENCHMARK_ID|SYSTEM|METHOD WORDS]]")
    b = _benchmark(parts[0], ctx, "score")
    found = [(i, r) for i, r in enumerate(b.results)
             if r.system == parts[1] and parts[2].lower() in r.method.en.lower()]
    if len(found) != 1:
        raise ShortcodeError(f"[[score:{argument}]]: matches {len(found)} results of {b.id}, not exactly one")
    i, r = found[0]
    return (f'<span class="lineage-fact lineage-score" data-benchmark="{html_attr(b.id)}" data-result="{i}">'
            f"{md_inline(format_score(b, r))}</span>")
