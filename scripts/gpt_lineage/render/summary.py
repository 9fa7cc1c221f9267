"""Summary table (`summary.md`), laid out like the seed article's table: abilities, model,
training method, OpenAI API name, paper, open-source approximation — one row per model in release
order, generated from the model files."""

from __future__ import annotations

from ..i18n import page_src
from ..lineage import Lineage
from ..model import Model
from . import badges, links
from .escape import md_inline, md_url
from .page import GeneratedPage
from .references import Footnotes

SRC_URI = "summary.md"


def _abilities(lineage: Lineage, m: Model) -> str:
    if not m.abilities:
        return "—"
    return "<br>".join(
        f"{badges.change(a.change, 'en')} "
        f"[{md_inline(lineage.abilities[a.ability].name.en)}]({links.md_link(links.ability_anchor(a.ability), SRC_URI)})"
        for a in m.abilities
    )


def _methods(lineage: Lineage, m: Model) -> str:
    names: list[str] = []
    for p in m.parents:
        name = lineage.methods[p.method].name.en
        if name not in names:
            names.append(name)
    return "<br>".join(md_inline(n) for n in names) or "pre-training from scratch"


def _paper(lineage: Lineage, m: Model, fn: Footnotes) -> str:
    if not m.paper:
        return "—"
    s = lineage.sources[m.paper]
    return f"[{md_inline(s.title)}]({links.md_link(links.source_anchor(s.id), SRC_URI)}) {fn.cite([s.id])}"


def _approximations(m: Model) -> str:
    parts = [
        f"[{md_inline(a.name)}]({md_url(a.url)}){{: .lineage-external }}" if a.url else md_inline(a.name)
        for a in m.approximations
    ]
    return "<br>".join(parts) or "—"


def render(lineage: Lineage) -> str:
    fn = Footnotes(lineage, SRC_URI)
    out = [
        "# Summary table",
        "",
        "How each ability entered the lineage: the abilities a model gained (+, ++) or lost (−, −−), "
        "the model, how it was trained from its parent, its OpenAI API name, its paper and the "
        "closest open-source approximation. Generated from the model files; see the "
        "[capability matrix](matrix.md) for evidence grades.",
        "",
        "| Abilities | Model | Training method | OpenAI API | Paper | Open-source approximation |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in lineage.release_order():
        model = f"[{md_inline(m.name)}]({links.md_link(links.model_src(m.id), SRC_URI)})"
        api = f"`{m.api_name}`" if m.api_name and "`" not in m.api_name else md_inline(m.api_name or "—")
        out.append(f"| {_abilities(lineage, m)} | {model} | {_methods(lineage, m)} | {api} | "
                   f"{_paper(lineage, m, fn)} | {_approximations(m)} |")
    out += ["", fn.definitions(), ""]
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), "Summary table", "Explore", render(lineage))
