"""One page per ability (`abilities/<id>.md`) and the abilities index (`abilities/index.md`).

An ability page answers "where does this ability come from?": a generated answer at the top
(`changes.answer`: where it first appeared, which steps strengthened or weakened it, each with its
grade), its provenance cropped from the one tree layout (`[[ability-tree:ID]]`, render/provenance.py),
every recorded change as a list (anchors `#change-<model id>`, the matrix cells link there),
the graded claims about it, the benchmarks that measure it, its sources.
"""

from __future__ import annotations

from ..i18n import page_src, t, text as data_text
from ..lineage import Lineage
from ..model import Ability
from . import badges, changes, links, references, text
from .claims import source_links
from .escape import md_inline, md_url
from .page import GeneratedPage
from .references import Footnotes

INDEX_SRC = "abilities/index.md"


def _history(lineage: Lineage, ability: Ability, fn: Footnotes, src: str, lang: str) -> list[str]:
    """Every recorded change as a list (it reads in a narrow column and on a phone): model, change,
    evidence, the step that produced the model, the note, the sources. Anchors `#change-<model>`."""
    records = changes.history(lineage, ability.id)
    if not records:
        return [t(lang, "ability.answer.none"), ""]
    out = []
    for r in records:
        note = f" {text.md(r.change.note, lang)}" if r.change.note else ""
        out.append(f'- <span id="change-{r.model.id}"></span>**{changes.model_link(lineage, r.model.id, lang, src)}** '
                   f"{badges.change(r.change.change, lang)} {badges.grade(lineage, r.change.grade, lang)}"
                   f"{t(lang, 'changes.colon')}{t(lang, 'ability.trained_by', step=changes.steps_md(lineage, r.steps, lang, src))}"
                   f"{note} {fn.cite(r.change.sources)}".rstrip())
    return out + [""]


def _claims(lineage: Lineage, ability: Ability, src: str, lang: str) -> list[str]:
    out = [f"## {t(lang, 'ability.claims')}", ""]
    about = [c for c in lineage.claims.values() if ability.id in c.abilities]
    if not about:
        return out + [t(lang, "ability.claims_none"), ""]
    for c in sorted(about, key=lambda c: (lineage.grade_rank(c.grade), list(lineage.claims).index(c.id))):
        target = links.md_link(links.claim_anchor(c.id, lang), src)
        out += [
            f'<div class="lineage-claim" data-claim="{c.id}" data-grade="{c.grade}" markdown>',
            "",
            f"{badges.grade(lineage, c.grade, lang)} **{text.md(c.statement, lang)}**",
            "",
            text.md(c.reasoning, lang),
            "",
            f'<p class="lineage-claim-meta" markdown>{t(lang, "ability.claim_sources")}'
            f'{source_links(lineage, c.sources, src, lang)} · [{t(lang, "ability.claim_link")}]({target})</p>',
            "",
            "</div>",
            "",
        ]
    return out


def _concept(ability: Ability, src: str, lang: str) -> list[str]:
    """The concept page that discusses it, once abilities.yaml names one (`concept:`, proposed)."""
    concept = getattr(ability, "concept", None)
    if not concept:
        return []
    return [f"{t(lang, 'ability.concept')}[{t(lang, 'ability.concept_link')}]"
            f"({links.md_link(page_src(concept, lang), src)})", ""]


def _benchmarks(lineage: Lineage, ability: Ability, src: str, lang: str) -> list[str]:
    """Benchmarks that measure it: those tagged with the ability (`abilities:` on a benchmark, proposed)."""
    tagged = [b for b in lineage.benchmarks.values() if ability.id in (getattr(b, "abilities", None) or ())]
    out = [f"## {t(lang, 'ability.benchmarks')}", ""]
    if not tagged:
        return out + [t(lang, "ability.benchmarks_none"), ""]
    for b in tagged:
        target = links.md_link(page_src(f"benchmarks.md#benchmark-{b.id}", lang), src)
        out.append(f"- [{md_inline(b.name)}]({target}) — {text.md(b.description, lang)}")
    return out + [""]


def _sources(lineage: Lineage, ids, src: str, lang: str) -> list[str]:
    out = [f"## {t(lang, 'ability.sources')}", ""]
    return out + references.source_items(lineage, ids, src, lang, t(lang, "ability.sources_none")) + [""]


def render(lineage: Lineage, ability: Ability, lang: str) -> str:
    src = links.ability_src(ability.id, lang)
    fn = Footnotes(lineage, src, lang)
    out = [f"# {text.md(ability.name, lang)}", "",
           f"{text.md(ability.definition, lang)} {fn.cite(ability.sources)}".rstrip(), "",
           '<div class="lineage-answer" markdown>', "",
           f"**{t(lang, 'ability.answer.label')}** {changes.answer(lineage, ability.id, lang, src)}", "",
           "</div>", ""]
    out += _concept(ability, src, lang)
    out += [f"## {t(lang, 'ability.provenance')}", "", t(lang, "ability.provenance_intro"), "",
            f"[[ability-tree:{ability.id}]]", ""]
    out += _history(lineage, ability, fn, src, lang)
    out += _claims(lineage, ability, src, lang)
    out += _benchmarks(lineage, ability, src, lang)
    out += _sources(lineage, ability.sources, src, lang)
    out += [fn.definitions(), ""]
    return "\n".join(out)


def render_index(lineage: Lineage, lang: str) -> str:
    src = page_src(INDEX_SRC, lang)
    cols = ("ability", "first", "gains", "losses")
    out = [f"# {t(lang, 'ability.index_title')}", "", t(lang, "ability.index_intro"), "",
           "| " + " | ".join(t(lang, f"ability.index_col.{c}") for c in cols) + " |", "| --- " * len(cols) + "|"]
    sep = t(lang, "changes.list_sep")
    for a in lineage.abilities.values():
        records = changes.history(lineage, a.id)
        first = next((r for r in records if r.change.gained), None)
        first_md = (f"{changes.model_link(lineage, first.model.id, lang, src)} "
                    f"{badges.grade(lineage, first.change.grade, lang)}") if first else "—"

        def listed(rs) -> str:
            return sep.join(f"{changes.model_link(lineage, r.model.id, lang, src)} {badges.change(r.change.change, lang)}"
                            for r in rs) or "—"
        later = [r for r in records if r.change.gained and r is not first]
        losses = [r for r in records if not r.change.gained]
        out.append(f"| {changes.ability_link(lineage, a.id, lang, src)} | {first_md} | {listed(later)} | {listed(losses)} |")
    return "\n".join(out) + "\n"


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(INDEX_SRC, lang), t(lang, "ability.index_nav"), "Abilities",
                        render_index(lineage, lang), edit_path="abilities.yaml")
    for a in lineage.abilities.values():
        yield GeneratedPage(links.ability_src(a.id, lang), data_text(a.name, lang), "Abilities",
                            render(lineage, a, lang), edit_path="abilities.yaml")
