"""Glossary (`glossary.md`: English / Chinese / definition) and the abbreviation list that gives
every hand-written page hover tooltips (Material `content.tooltips` + the `abbr` extension)."""

from __future__ import annotations

import re

from .. import i18n
from ..i18n import page_src, t
from ..lineage import Lineage
from . import text
from .escape import anchor_slug, md_inline
from .page import GeneratedPage
from .references import Footnotes

SRC_URI = "glossary.md"


def term_anchor(english: str) -> str:
    return f"term-{anchor_slug(english)}"


def render(lineage: Lineage, lang: str) -> str:
    src = page_src(SRC_URI, lang)
    fn = Footnotes(lineage, src, lang)
    out = [f"# {t(lang, 'glossary.title')}", "", t(lang, "glossary.intro"), "",
           f"| {t(lang, 'glossary.col_en')} | {t(lang, 'glossary.col_zh')} | {t(lang, 'glossary.col_definition')} |",
           "| --- | --- | --- |"]
    # English order on both editions, so a term sits on the same row and keeps its anchor.
    for term in sorted(lineage.glossary, key=lambda term: term.en.lower()):
        abbr = f" ({md_inline(term.abbr)})" if term.abbr else ""
        english = f"**{md_inline(term.en)}**{abbr}"
        if lang != "en":
            english = f'<span lang="en">{english}</span>'
        chinese = md_inline(term.zh) if lang == "zh" else f'<span lang="zh">{md_inline(term.zh)}</span>'
        out.append(f'| <span id="{term_anchor(term.en)}"></span>{english} | '
                   f'{chinese} | {text.md(term.definition, lang)} {fn.cite(term.sources)} |')
    out += ["", fn.definitions(), ""]
    return "\n".join(out)


_ABBR_UNSAFE = re.compile(r"[\]\[\n\r]")


def abbreviations(lineage: Lineage, lang: str = i18n.DEFAULT) -> str:
    """`*[ABBR]: definition` lines for the `abbr` extension, one per glossary term with an abbr,
    the definition in the page's language (`lang` defaults to English for callers not yet passing it).

    The extension writes the definition into a `title` attribute through the HTML serializer,
    which escapes it; so here it only has to stay on one line and keep `]` out of the key.
    """
    lines = []
    for term in lineage.glossary:
        if not term.abbr:
            continue
        key = _ABBR_UNSAFE.sub("", term.abbr).strip()
        definition = " ".join(t(lang, "glossary.abbr", en=term.en, zh=term.zh,
                                definition=i18n.text(term.definition, lang)).split())
        if key:
            lines.append(f"*[{key}]: {definition}")
    return "\n".join(lines)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "glossary.title"), "Reference", render(lineage, lang),
                        edit_path="glossary.yaml")
