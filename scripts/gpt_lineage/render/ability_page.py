"""One page per ability (`abilities/<id>.md`) and the abilities index (`abilities/index.md`).

An ability page answers "where does this ability come from?": a generated answer at the top
(`answer`: where it first appeared, which steps strengthened or weakened it, with their grades, in
at most three sentences however many models record a change), its provenance cropped from the one
tree layout (`[[ability-tree:ID]]`, render/provenance.py), every recorded change as a list
(anchors `#change-<model id>`, the matrix cells link there), the graded claims about it, the
benchmarks that measure it, its sources.
"""

from __future__ import annotations

import re

from ..i18n import page_src, t, text as data_text
from ..lineage import Lineage
from ..model import Ability
from . import badges, changes, links, references, text
from .changes import CHANGE_ORDER, KIND, Record
from .claims import source_links
from .escape import md_inline
from .page import GeneratedPage
from .references import Footnotes

INDEX_SRC = "abilities/index.md"


def _series(items: list[str], lang: str, sep: str, last: str) -> str:
    """`a, b and c` (the catalogue's separators `ability.answer.<sep>` and `ability.answer.<last>`)."""
    if len(items) < 2:
        return "".join(items)
    return t(lang, f"ability.answer.{sep}").join(items[:-1]) + t(lang, f"ability.answer.{last}") + items[-1]


def _group(lineage: Lineage, kind: str, records: list[Record], lang: str, src: str) -> str:
    """All the models that record one kind of change ("strengthened in …"), each model's grade said
    once per run of models with the same grade (strongest grade first, models in release order),
    then the methods of the steps that produced them (in order of first use; "training from
    scratch" for a model without a recorded parent), in a span that names the kind (`data-change`).
    The steps' own grades and parents are in the list below the tree and on the model pages."""
    by_grade: dict[str, list[Record]] = {}
    for r in records:
        by_grade.setdefault(r.change.grade, []).append(r)
    graded = [t(lang, "ability.answer.graded",
                models=_series([changes.model_link(lineage, r.model.id, lang, src) for r in rs], lang, "list_sep", "list_last"),
                grade=badges.grade(lineage, grade, lang))
              for grade, rs in sorted(by_grade.items(), key=lambda item: lineage.grade_rank(item[0]))]
    methods: list[str | None] = []
    for r in records:
        for method in [s.method for s in r.steps] or [None]:
            if method not in methods:
                methods.append(method)
    named = [changes.method_link(lineage, m, lang, src) if m else t(lang, "ability.answer.step_root") for m in methods]
    words = t(lang, f"ability.answer.group.{KIND[kind]}", models=_series(graded, lang, "grades_sep", "grades_last"),
              methods=_series(named, lang, "list_sep", "methods_last"))
    return f'<span class="lineage-answer-group" data-change="{KIND[kind]}">{words}</span>'


def answer(lineage: Lineage, ability_id: str, lang: str, src: str) -> str:
    """At most three sentences from the data, however many models change the ability: where it first
    appeared (the model, the change's grade, the step that produced it with the step's grade); the
    later gains grouped by kind of change; the losses grouped likewise (`_group`). Every recorded
    change's own grade is said, once for each run of models of one kind that share it."""
    records = changes.history(lineage, ability_id)
    if not records:
        return t(lang, "ability.answer.none")
    first = next((r for r in records if r.change.gained), None)
    sentences = []
    if first is None:
        sentences.append(t(lang, "ability.answer.no_gain"))
    else:
        model = changes.model_link(lineage, first.model.id, lang, src)
        grade = badges.grade(lineage, first.change.grade, lang)
        if first.steps:
            sentences.append(t(lang, "ability.answer.first", model=model, grade=grade,
                               step=changes.steps_md(lineage, first.steps, lang, src)))
        else:
            sentences.append(t(lang, "ability.answer.first_root", model=model, grade=grade))

    def groups(rs: list[Record]) -> str:
        by_kind: dict[str, list[Record]] = {}
        for r in rs:
            by_kind.setdefault(r.change.change, []).append(r)
        return t(lang, "ability.answer.join").join(
            _group(lineage, kind, by_kind[kind], lang, src) for kind in CHANGE_ORDER if kind in by_kind)

    later = [r for r in records if r.change.gained and r is not first]
    losses = [r for r in records if not r.change.gained]
    if later:
        sentences.append(t(lang, "ability.answer.later", items=groups(later)))
    if losses:
        sentences.append(t(lang, "ability.answer.losses", items=groups(losses)))
    return _BADGE_THEN_PUNCTUATION.sub(r'<span class="lineage-nobr">\g<0></span>',
                                       t(lang, "ability.answer.sentence_join").join(sentences))


# A badge is an inline block, and the browser will break a line between it and the comma or full
# stop after it (the punctuation then starts the next line): the two are kept together.
_BADGE_THEN_PUNCTUATION = re.compile(r'<span class="lineage-badge [^"]*"[^>]*>[^<]*</span>[,.;:)。，、；：）]+')


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
        out += [
            f'<div class="lineage-claim" data-claim="{c.id}" data-grade="{c.grade}" markdown>',
            "",
            f"{badges.grade(lineage, c.grade, lang)} **{text.md(c.statement, lang)}**",
            "",
            text.md(c.reasoning, lang),
            "",
            f'<p class="lineage-claim-meta" markdown>{t(lang, "ability.claim_sources")}'
            f'{source_links(lineage, c.sources, src, lang)} · '
            f'{links.page_link(t(lang, "ability.claim_link"), links.claim_anchor(c.id, lang), src)}</p>',
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
    return [f"{t(lang, 'ability.concept')}{links.page_link(t(lang, 'ability.concept_link'), page_src(concept, lang), src)}",
            ""]


def _benchmarks(lineage: Lineage, ability: Ability, src: str, lang: str) -> list[str]:
    """Benchmarks that measure it: those tagged with the ability (`abilities:` on a benchmark, proposed)."""
    tagged = [b for b in lineage.benchmarks.values() if ability.id in (getattr(b, "abilities", None) or ())]
    out = [f"## {t(lang, 'ability.benchmarks')}", ""]
    if not tagged:
        return out + [t(lang, "ability.benchmarks_none"), ""]
    for b in tagged:
        name = links.page_link(md_inline(b.name), page_src(f"benchmarks.md#benchmark-{b.id}", lang), src)
        out.append(f"- {name} — {text.md(b.description, lang)}")
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
           f"**{t(lang, 'ability.answer.label')}** {answer(lineage, ability.id, lang, src)}", "",
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
