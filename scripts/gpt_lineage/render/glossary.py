"""Glossary (`glossary.md`: English / Chinese / definition) and the abbreviation list that gives
every hand-written page hover tooltips (Material `content.tooltips` + the `abbr` extension)."""

from __future__ import annotations

import re

from ..i18n import page_src
from ..lineage import Lineage
from .escape import anchor_slug, md_inline
from .page import GeneratedPage
from .references import Footnotes

SRC_URI = "glossary.md"


def term_anchor(english: str) -> str:
    return f"term-{anchor_slug(english)}"


def render(lineage: Lineage) -> str:
    fn = Footnotes(lineage, SRC_URI)
    out = ["# Glossary", "", "Terms used across the site, in English and Chinese. Abbreviations "
           "show this definition when you hover them on the hand-written pages.", "",
           "| English | 中文 | Definition |", "| --- | --- | --- |"]
    for t in sorted(lineage.glossary, key=lambda t: t.en.lower()):
        abbr = f" ({md_inline(t.abbr)})" if t.abbr else ""
        out.append(f'| <span id="{term_anchor(t.en)}"></span>**{md_inline(t.en)}**{abbr} | '
                   f'<span lang="zh">{md_inline(t.zh)}</span> | {md_inline(t.definition.en)} {fn.cite(t.sources)} |')
    out += ["", fn.definitions(), ""]
    return "\n".join(out)


_ABBR_UNSAFE = re.compile(r"[\]\[\n\r]")


def abbreviations(lineage: Lineage) -> str:
    """`*[ABBR]: definition` lines for the `abbr` extension, one per glossary term with an abbr.

    The extension writes the definition into a `title` attribute through the HTML serializer,
    which escapes it; so here it only has to stay on one line and keep `]` out of the key.
    """
    lines = []
    for t in lineage.glossary:
        if not t.abbr:
            continue
        key = _ABBR_UNSAFE.sub("", t.abbr).strip()
        definition = " ".join(f"{t.en} ({t.zh}): {t.definition.en}".split())
        if key:
            lines.append(f"*[{key}]: {definition}")
    return "\n".join(lines)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), "Glossary", "Reference", render(lineage), edit_path="glossary.yaml")
