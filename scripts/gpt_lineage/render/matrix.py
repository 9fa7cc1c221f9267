"""Capability matrix (`matrix.md`): abilities × models in release order.

A Markdown table wrapped in a `div.lineage-matrix` (site.js makes it sortable by header click and
keeps `aria-sort` in step; without JavaScript it is a plain readable table). Each cell shows the
change badge; its `title` tooltip says model, change, grade and sources, and its footnote links
reach the sources on the references page. Row anchors: `#ability-<id>`.
"""

from __future__ import annotations

from ..i18n import page_src
from ..lineage import Lineage
from ..model import AbilityChange
from . import badges, links
from .escape import md_attr_text, md_inline
from .page import GeneratedPage
from .references import Footnotes, short_label

SRC_URI = "matrix.md"
# Sort weight of a cell (descending sort puts the strongest gains first); empty cells in between.
SORT_WEIGHT = {"++": 2, "+": 1, "": 0, "-": -1, "--": -2}


def _cell(lineage: Lineage, model_name: str, change: AbilityChange | None, fn: Footnotes) -> str:
    if change is None:
        return '<span class="lineage-cell-empty" data-sort="0" title="no change recorded">·</span>'
    grade = lineage.grades[change.grade]
    cited = "; ".join(short_label(lineage, s) for s in change.sources)
    title = f"{model_name}: {badges.change_words(change.change, 'en')} — evidence: {grade.name.en} — sources: {cited}"
    return (f'<span class="lineage-cell" data-sort="{SORT_WEIGHT[change.change]}" '
            f'data-grade="{md_attr_text(grade.id)}" title="{md_attr_text(title)}">'
            f"{badges.change(change.change, 'en')}</span>{fn.cite(change.sources)}")


def render(lineage: Lineage) -> str:
    models = lineage.release_order()
    fn = Footnotes(lineage, SRC_URI)
    out = [
        # The table is wide (one column per model): give it the width the table of contents took.
        "---",
        "hide:",
        "  - toc",
        "---",
        "",
        "# Capability matrix",
        "",
        "Which model gained or lost which ability. Rows are abilities, columns are models in release "
        "order. Hover a cell for its evidence grade and sources; the small numbers are footnotes "
        "that lead to the [references](references.md). Click a column header to sort.",
        "",
        '<div class="lineage-legend" markdown>',
        "",
        f"**Legend:** {badges.change('++', 'en')} strongly gained · {badges.change('+', 'en')} gained · "
        f"{badges.change('-', 'en')} weakened · {badges.change('--', 'en')} strongly weakened · "
        '<span class="lineage-cell-empty">·</span> no change recorded. '
        "**Evidence grades:** " + " ".join(badges.grade(lineage, g, 'en') for g in
                                             sorted(lineage.grades, key=lineage.grade_rank)),
        "",
        "</div>",
        "",
        '<div class="lineage-matrix" markdown>',
        "",
        "| Ability | " + " | ".join(
            f"[{md_inline(m.name)}]({links.md_link(links.model_src(m.id), SRC_URI)})" for m in models) + " |",
        "| --- |" + " :-: |" * len(models),
    ]
    for ability in lineage.abilities.values():
        changes = {m.id: next((a for a in m.abilities if a.ability == ability.id), None) for m in models}
        head = (f'<span id="ability-{ability.id}" class="lineage-ability" '
                f'title="{md_attr_text(ability.definition.en)}">{md_inline(ability.name.en)}</span>'
                f' <span lang="zh" class="lineage-zh">{md_inline(ability.name.zh or "")}</span>')
        cells = [_cell(lineage, m.name, changes[m.id], fn) for m in models]
        out.append(f"| {head} | " + " | ".join(cells) + " |")
    out += ["", "</div>", "", fn.definitions(), ""]
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), "Capability matrix", "Explore", render(lineage))
