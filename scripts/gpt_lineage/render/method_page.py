"""One page per training method (`methods/<id>.md`) and the methods index (`methods/index.md`).

A method page: what the method is (the registry's description, cited), every parent → child step
that used it with its grade and the abilities that changed across it (`changes.steps_with`), the
open models that reproduce it (for now the `open_source_approximations` of the models it
produced), its sources.
"""

from __future__ import annotations

from ..i18n import page_src, t, text as data_text
from ..lineage import Lineage
from ..model import Method
from . import badges, changes, links, references, text
from .escape import md_inline
from .page import GeneratedPage
from .references import Footnotes

INDEX_SRC = "methods/index.md"


def _steps(lineage: Lineage, method: Method, fn: Footnotes, src: str, lang: str) -> list[str]:
    out = [f"## {t(lang, 'method.steps')}", ""]
    steps = changes.steps_with(lineage, method.id)
    if not steps:
        return out + [t(lang, "method.steps_none"), ""]
    cols = ("step", "evidence", "abilities", "sources")
    out += ["| " + " | ".join(t(lang, f"method.col.{c}") for c in cols) + " |", "| --- " * len(cols) + "|"]
    sep = t(lang, "changes.list_sep")
    for link in steps:
        step = t(lang, "method.step", parent=changes.model_link(lineage, link.parent, lang, src),
                 child=changes.model_link(lineage, link.child, lang, src))
        changed = sep.join(f"{badges.change(a.change, lang)} {changes.ability_link(lineage, a.ability, lang, src)}"
                           for a in lineage.models[link.child].abilities) or t(lang, "method.no_change")
        out.append(f"| {step} | {badges.grade(lineage, link.grade, lang)} | {changed} | {fn.cite(link.sources)} |")
    return out + [""]


def _approximations(lineage: Lineage, method: Method, fn: Footnotes, src: str, lang: str) -> list[str]:
    out = [f"## {t(lang, 'method.approximations')}", ""]
    found = []
    for link in changes.steps_with(lineage, method.id):
        for ap in lineage.models[link.child].approximations:
            found.append((link.child, ap))
    if not found:
        return out + [t(lang, "method.approximations_none"), ""]
    out += [t(lang, "method.approximations_intro"), ""]
    for child, ap in found:
        name = links.external_link(md_inline(ap.name), ap.url) if ap.url else md_inline(ap.name)
        note = f" — {text.md(ap.note, lang)}" if ap.note else ""
        of = t(lang, "method.approximates", model=changes.model_link(lineage, child, lang, src))
        out.append(f"- {name} ({of}){note} {fn.cite(ap.sources)}".rstrip())
    return out + [""]


def _sources(lineage: Lineage, ids, src: str, lang: str) -> list[str]:
    out = [f"## {t(lang, 'method.sources')}", ""]
    return out + references.source_items(lineage, ids, src, lang, t(lang, "method.sources_none")) + [""]


def render(lineage: Lineage, method: Method, lang: str) -> str:
    src = links.method_src(method.id, lang)
    fn = Footnotes(lineage, src, lang)
    out = [f"# {text.md(method.name, lang)}", "",
           f"{text.md(method.description, lang)} {fn.cite(method.sources)}".rstrip(), "",
           t(lang, "method.marker", marker=f"`{method.marker}`" if "`" not in method.marker else md_inline(method.marker)),
           ""]
    out += _steps(lineage, method, fn, src, lang)
    out += _approximations(lineage, method, fn, src, lang)
    out += _sources(lineage, method.sources, src, lang)
    out += [fn.definitions(), ""]
    return "\n".join(out)


def render_index(lineage: Lineage, lang: str) -> str:
    src = page_src(INDEX_SRC, lang)
    cols = ("method", "steps", "description")
    out = [f"# {t(lang, 'method.index_title')}", "", t(lang, "method.index_intro"), "",
           "| " + " | ".join(t(lang, f"method.index_col.{c}") for c in cols) + " |", "| --- " * len(cols) + "|"]
    sep = t(lang, "changes.list_sep")
    for m in lineage.methods.values():
        steps = sep.join(t(lang, "method.step", parent=changes.model_link(lineage, s.parent, lang, src),
                           child=changes.model_link(lineage, s.child, lang, src))
                         for s in changes.steps_with(lineage, m.id)) or "—"
        out.append(f"| {changes.method_link(lineage, m.id, lang, src)} | {steps} | {text.md(m.description, lang)} |")
    return "\n".join(out) + "\n"


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(INDEX_SRC, lang), t(lang, "method.index_nav"), "Methods",
                        render_index(lineage, lang), edit_path="methods.yaml")
    for m in lineage.methods.values():
        yield GeneratedPage(links.method_src(m.id, lang), data_text(m.name, lang), "Methods",
                            render(lineage, m, lang), edit_path="methods.yaml")
