"""Small inline badges shared by every render: ability change (+ ++ - --) and evidence grade.

Styled in docs/stylesheets/lineage.css (SITE part) (`.lineage-badge`, `.lineage-change-*`, `.lineage-grade-*`).
Returned HTML is safe both inside Markdown and inside raw HTML blocks (text goes through md_inline).
"""

from __future__ import annotations

from ..lineage import Lineage
from .escape import md_attr_text, md_inline

CHANGE_CLASS = {"++": "plus2", "+": "plus", "-": "minus", "--": "minus2"}
CHANGE_WORDS = {
    "++": "strongly gained",
    "+": "gained",
    "-": "weakened",
    "--": "strongly weakened",
}


def change(symbol: str) -> str:
    """`+`/`++`/`-`/`--` as a coloured badge with a spoken label for screen readers."""
    cls = CHANGE_CLASS[symbol]
    shown = symbol.replace("-", "\u2212")  # a real minus sign reads better than a hyphen
    return (
        f'<span class="lineage-badge lineage-change lineage-change-{cls}" '
        f'title="{md_attr_text(CHANGE_WORDS[symbol])}">{md_inline(shown)}'
        f'<span class="lineage-sr"> ({md_inline(CHANGE_WORDS[symbol])})</span></span>'
    )


def grade(lineage: Lineage, grade_id: str) -> str:
    """Evidence grade badge: colour by rank (1 = strongest; ranks past 5 share the weakest
    colour), border in the grade's line style, as its edges are drawn in the tree."""
    g = lineage.grades[grade_id]
    rank = min(g.rank, 5)
    return (
        f'<span class="lineage-badge lineage-grade lineage-grade-rank-{rank} lineage-grade-line-{g.line_style}" '
        f'data-grade="{md_attr_text(g.id)}" title="{md_attr_text(g.description.en)}">{md_inline(g.name.en)}</span>'
    )
