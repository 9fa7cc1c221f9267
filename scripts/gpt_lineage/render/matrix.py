"""Capability matrix (`matrix.md`): models × abilities, built to be read rather than scrolled.

Models are rows, in release order grouped by series (one `<tbody>` per series, in the order the
series first appear); abilities are compact columns whose rotated headers link to the ability
pages (anchors `#ability-<id>` stay on the headers, for older links). The table is raw HTML, so it
is the `[[matrix]]` shortcode: links need final URLs, which only the shortcode knows.

No cell has a `title` (Material's content.tooltips would set up one tooltip per titled element on
load): each change is a link to its row on the ability page (`#change-<model>`, grade, note,
sources: works without JavaScript) carrying its details as visually hidden text; site.js shows
that text in one shared popover on click. The badge's border repeats the grade's line style.
site.js sorts by a column header (descending, ascending, back to the series order) and keeps
`aria-sort` in step; cells carry a numeric `data-sort` weight.
"""

from __future__ import annotations

from ..i18n import page_src, t, text as data_text
from ..lineage import Lineage
from ..model import AbilityChange, Model
from . import badges, links
from .escape import html_attr, html_text
from .page import GeneratedPage
from .references import short_label
from .shortcodes import Context, ShortcodeError

SRC_URI = "matrix.md"
# Sort weight of a cell (descending sort puts the strongest gains first); empty cells in between.
SORT_WEIGHT = {"++": 2, "+": 1, "": 0, "-": -1, "--": -2}
SHOWN = {"++": "++", "+": "+", "-": "\u2212", "--": "\u2212\u2212"}


def series_groups(lineage: Lineage) -> list[tuple[str, list[Model]]]:
    """Models grouped by series, series in order of first release, models in release order."""
    groups: dict[str, list[Model]] = {}
    for m in lineage.release_order():
        groups.setdefault(m.series, []).append(m)
    return list(groups.items())


def _cell(lineage: Lineage, m: Model, change: AbilityChange | None, ctx_url, lang: str) -> str:
    if change is None:
        return (f'<td data-sort="0"><span class="lm-empty" aria-hidden="true">·</span>'
                f'<span class="lineage-sr">{html_text(t(lang, "matrix.empty"))}</span></td>')
    grade = lineage.grades[change.grade]
    sources = t(lang, "matrix.source_sep").join(short_label(lineage, s) for s in change.sources)
    detail = t(lang, "matrix.cell", change=badges.change_words(change.change, lang),
               grade=data_text(grade.name, lang), sources=sources)
    href = ctx_url(links.ability_src(change.ability, lang) + f"#change-{m.id}")
    style = grade.line_style if grade.line_style in ("solid", "dashed", "dotted") else "solid"
    return (f'<td data-sort="{SORT_WEIGHT[change.change]}"><a class="lm-cell lineage-badge lineage-change '
            f'lineage-change-{badges.CHANGE_CLASS[change.change]} lineage-grade-line-{style}" '
            f'href="{html_attr(href)}" data-grade="{html_attr(grade.id)}">{SHOWN[change.change]}'
            f'<span class="lineage-sr"> {html_text(detail)}</span></a></td>')


def table(lineage: Lineage, src: str, use_directory_urls: bool, lang: str) -> str:
    """The matrix table as raw HTML, links relative to page `src`."""
    def url(target: str) -> str:
        return links.url_for(target, src, use_directory_urls)

    abilities = list(lineage.abilities.values())
    n = len(abilities) + 1
    out = [
        f'<div class="lineage-matrix lm-lang-{html_attr(lang)}" data-sort-label="{html_attr(t(lang, "matrix.sort"))}" '
        f'data-details="{html_attr(t(lang, "matrix.details"))}" data-close="{html_attr(t(lang, "matrix.close"))}">',
        '<table class="lm-table">',
        f'<caption class="lineage-sr">{html_text(t(lang, "matrix.caption"))}</caption>',
        "<thead><tr>",
        f'<th scope="col" class="lm-model-col"><span class="lm-head-text">{html_text(t(lang, "matrix.col_model"))}</span></th>',
    ]
    for a in abilities:
        out.append(f'<th scope="col" id="ability-{html_attr(a.id)}" class="lm-ability">'
                   f'<a class="lm-head" href="{html_attr(url(links.ability_src(a.id, lang)))}">'
                   f'<span class="lm-head-text">{html_text(data_text(a.name, lang))}</span></a></th>')
    out.append("</tr></thead>")
    for series, models in series_groups(lineage):
        out.append(f'<tbody data-series="{html_attr(series)}">')
        out.append(f'<tr class="lm-series"><th scope="rowgroup" colspan="{n}">'
                   f'{html_text(t(lang, "matrix.series", series=series))}</th></tr>')
        for m in models:
            by_ability = {c.ability: c for c in m.abilities}
            out.append(f'<tr data-model="{html_attr(m.id)}"><th scope="row" class="lm-model">'
                       f'<a href="{html_attr(url(links.model_src(m.id, lang)))}">{html_text(m.name)}</a>'
                       f'<span class="lm-date">{html_text(m.release.date[:7])}</span></th>')
            out += [_cell(lineage, m, by_ability.get(a.id), url, lang) for a in abilities]
            out.append("</tr>")
        out.append("</tbody>")
    out += ["</table>", "</div>"]
    return "\n".join(out)


def matrix_shortcode(argument: str, ctx: Context) -> str:
    """`[[matrix]]`: the capability matrix table (the matrix page's; usable on any page)."""
    if argument:
        raise ShortcodeError(f"[[matrix]] takes no argument (got {argument!r})")
    return table(ctx.lineage, ctx.src_uri, ctx.use_directory_urls, ctx.lang)


def _legend(lineage: Lineage, lang: str) -> list[str]:
    changes = " · ".join(f"{badges.change(s, lang)} {badges.change_words(s, lang)}" for s in ("++", "+", "-", "--"))
    by_style: dict[str, list[str]] = {}
    for g in sorted(lineage.grades.values(), key=lambda g: (g.rank, g.id)):
        by_style.setdefault(g.line_style, []).append(badges.grade(lineage, g.id, lang))
    styles = " · ".join(
        f'<span class="lineage-badge lm-sample lineage-grade-line-{s}" aria-hidden="true">+</span> '
        f"{t(lang, f'matrix.line.{s}') if s in ('solid', 'dashed', 'dotted') else s}{t(lang, 'matrix.colon')}"
        + " ".join(names) for s, names in by_style.items())
    return ['<div class="lineage-legend" markdown>', "",
            f"**{t(lang, 'matrix.legend')}**{t(lang, 'matrix.colon')}{changes} · "
            f'<span class="lineage-badge lm-sample lm-empty" aria-hidden="true">·</span> {t(lang, "matrix.empty")}', "",
            f"**{t(lang, 'matrix.legend_grades')}**{t(lang, 'matrix.colon')}{styles}", "",
            "</div>", ""]


def render(lineage: Lineage, lang: str = "en") -> str:
    src = page_src(SRC_URI, lang)
    out = [
        # The table fits the content column; the table of contents would only repeat the title.
        "---",
        "hide:",
        "  - toc",
        "---",
        "",
        f"# {t(lang, 'matrix.title')}",
        "",
        t(lang, "matrix.intro", abilities=links.md_link(page_src("abilities/index.md", lang), src)),
        "",
    ]
    out += _legend(lineage, lang)
    out += ["[[matrix]]", ""]
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "matrix.nav"), "Explore", render(lineage, lang))
