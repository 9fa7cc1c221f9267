"""Timeline (`timeline.md`): models in release order, grouped by year, each with its parents."""

from __future__ import annotations

from itertools import groupby

from ..i18n import page_src
from ..lineage import Lineage
from . import links
from .escape import md_inline
from .page import GeneratedPage

SRC_URI = "timeline.md"


def render(lineage: Lineage) -> str:
    out = ["# Timeline", "", "Models in the order OpenAI released them, grouped by year, with the "
           "models each was trained from.", ""]
    for year, models in groupby(lineage.release_order(), key=lambda m: m.release.year):
        out += [f"## {year}", ""]
        for m in models:
            link = f"[{md_inline(m.label)}]({links.md_link(links.model_src(m.id), SRC_URI)})"
            parents = ", ".join(
                f"[{md_inline(lineage.models[p.parent].name)}]({links.md_link(links.model_src(p.parent), SRC_URI)})"
                f" by {md_inline(lineage.methods[p.method].name.en)}"
                for p in m.parents
            )
            origin = f" — from {parents}" if parents else " — trained from scratch"
            out.append(f'- <time datetime="{md_inline(m.release.date)}">{md_inline(m.release.date)}</time> '
                       f"{link}{origin}")
        out.append("")
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), "Timeline", "Explore", render(lineage))
