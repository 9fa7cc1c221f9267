"""Summary table (`summary.md`), laid out like the seed article's table: abilities, model,
training method, OpenAI API name, paper, open-source approximation — one row per model in release
order, generated from the model files."""

from __future__ import annotations

from .. import i18n
from ..i18n import page_src, t
from ..lineage import Lineage
from ..model import Model
from . import badges, links, text
from .escape import md_inline
from .page import GeneratedPage
from .references import Footnotes

SRC_URI = "summary.md"
COLUMNS = ("abilities", "model", "method", "api", "paper", "approximation")


def _abilities(lineage: Lineage, m: Model, src: str, lang: str) -> str:
    if not m.abilities:
        return "—"
    return "<br>".join(
        f"{badges.change(a.change, lang)} "
        f"{links.page_link(text.md(lineage.abilities[a.ability].name, lang), links.ability_anchor(a.ability, lang), src)}"
        for a in m.abilities
    )


def _methods(lineage: Lineage, m: Model, lang: str) -> str:
    names: list[str] = []
    for p in m.parents:
        name = text.md(lineage.methods[p.method].name, lang)
        if name not in names:
            names.append(name)
    if names:
        return "<br>".join(names)
    # Only the lineage's first model was trained from scratch as far as the data says; other models
    # without a parent link have no training relation the sources state.
    return md_inline(t(lang, "summary.from_scratch" if lineage.is_first(m.id) else "summary.no_relation"))


def _paper(lineage: Lineage, m: Model, fn: Footnotes, src: str, lang: str) -> str:
    if not m.paper:
        return "—"
    s = lineage.sources[m.paper]  # titles stay in the source's own language
    return f"{links.page_link(md_inline(s.title), links.source_anchor(s.id, lang), src)} {fn.cite([s.id])}"


def _approximations(lineage: Lineage, m: Model, src: str, lang: str) -> str:
    """The open models reproducing the step into this model (`reproduces` relations), linked to
    their pages; where none exist, the `open_source_approximations` names (linked to a model page
    when they name a model in the data)."""
    found = lineage.reproductions_of(m.id)
    if found:
        names = dict.fromkeys(r.model for r in found)
        return "<br>".join(
            links.page_link(md_inline(lineage.models[x].name), links.model_src(x, lang), src) for x in names)
    parts = []
    for a in m.approximations:
        mid = lineage.model_named(a.name)
        if mid is not None:
            parts.append(links.page_link(md_inline(a.name), links.model_src(mid, lang), src))
        else:
            parts.append(links.external_link(md_inline(a.name), a.url) if a.url else md_inline(a.name))
    return "<br>".join(parts) or "—"


def render(lineage: Lineage, lang: str) -> str:
    src = page_src(SRC_URI, lang)
    fn = Footnotes(lineage, src, lang)
    matrix = links.md_link(page_src("matrix.md", lang), src)
    out = [
        f"# {t(lang, 'summary.title')}",
        "",
        t(lang, "summary.intro", matrix=matrix),
        "",
        "| " + " | ".join(t(lang, f"summary.col_{c}") for c in COLUMNS) + " |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in lineage.release_order():
        model = links.page_link(md_inline(m.name), links.model_src(m.id, lang), src)
        api = f"`{m.api_name}`" if m.api_name and "`" not in m.api_name else md_inline(m.api_name or "—")
        out.append(f"| {_abilities(lineage, m, src, lang)} | {model} | {_methods(lineage, m, lang)} | {api} | "
                   f"{_paper(lineage, m, fn, src, lang)} | {_approximations(lineage, m, src, lang)} |")
    out += ["", fn.definitions(), ""]
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "summary.title"), "Explore", render(lineage, lang))
