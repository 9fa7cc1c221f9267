"""Small inline badges shared by every render: ability change (+ ++ - --) and evidence grade.

Styled in docs/stylesheets/lineage.css (SITE part) (`.lineage-badge`, `.lineage-change-*`, `.lineage-grade-*`).
Returned HTML is safe both inside Markdown and inside raw HTML blocks (text goes through md_inline).
"""

from __future__ import annotations

from ..i18n import t
from ..lineage import Lineage
from . import text
from .escape import md_attr_text, md_inline

CHANGE_CLASS = {"++": "plus2", "+": "plus", "-": "minus", "--": "minus2"}
# Catalogue keys of the spoken label of each change.
CHANGE_KEYS = {"++": "change.plus2", "+": "change.plus", "-": "change.minus", "--": "change.minus2"}


def change_words(symbol: str, lang: str) -> str:
    """What a change means, in words ("strongly gained" / "显著增强" …)."""
    return t(lang, CHANGE_KEYS[symbol])


def change(symbol: str, lang: str) -> str:
    """`+`/`++`/`-`/`--` as a coloured badge with a spoken label for screen readers."""
    cls = CHANGE_CLASS[symbol]
    shown = symbol.replace("-", "\u2212")  # a real minus sign reads better than a hyphen
    words = change_words(symbol, lang)
    return (
        f'<span class="lineage-badge lineage-change lineage-change-{cls}" '
        f'title="{md_attr_text(words)}">{md_inline(shown)}'
        f'<span class="lineage-sr"> ({md_inline(words)})</span></span>'
    )


def grade(lineage: Lineage, grade_id: str, lang: str) -> str:
    """Evidence grade badge: colour by rank (1 = strongest; ranks past 5 share the weakest
    colour), border in the grade's line style, as its edges are drawn in the tree."""
    g = lineage.grades[grade_id]
    rank = min(g.rank, 5)
    return (
        f'<span class="lineage-badge lineage-grade lineage-grade-rank-{rank} lineage-grade-line-{g.line_style}" '
        f'data-grade="{md_attr_text(g.id)}" title="{text.attr(g.description, lang)}">{text.md(g.name, lang)}</span>'
    )
