"""Timeline (`timeline.md`): models in release order, grouped by year, each with its parents."""

from __future__ import annotations

from itertools import groupby

from ..i18n import DEFAULT, page_src, t
from ..lineage import Lineage
from . import links, text
from .escape import md_inline
from .page import GeneratedPage

SRC_URI = "timeline.md"


def render(lineage: Lineage, lang: str) -> str:
    src = page_src(SRC_URI, lang)
    out = [f"# {t(lang, 'timeline.title')}", "", t(lang, "timeline.intro"), ""]
    for year, models in groupby(lineage.release_order(), key=lambda m: m.release.year):
        # The year is the anchor on every edition (`## 2020 年` would otherwise get an empty slug).
        anchor = "" if lang == DEFAULT else f" {{#{year} }}"
        out += [f"## {t(lang, 'timeline.year', year=year)}{anchor}", ""]
        for m in models:
            link = links.page_link(md_inline(m.label), links.model_src(m.id, lang), src)
            parents = t(lang, "timeline.list_join").join(
                t(lang, "timeline.parent",
                  parent=links.page_link(md_inline(lineage.models[p.parent].name), links.model_src(p.parent, lang), src),
                  method=text.md(lineage.methods[p.method].name, lang))
                for p in m.parents
            )
            origin = t(lang, "timeline.from", parents=parents) if parents else t(lang, "timeline.from_scratch")
            out.append(f'- <time datetime="{md_inline(m.release.date)}">{md_inline(m.release.date)}</time> '
                       f"{link}{origin}")
        out.append("")
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "timeline.title"), "Explore", render(lineage, lang))
