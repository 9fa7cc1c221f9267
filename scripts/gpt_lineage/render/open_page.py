""""Reproduce it in the open" (`open.md`, `zh/open.md`): one row per OpenAI training step that open
models reproduce, generated from the `reproduces` relations.

A step is a parent link of an OpenAI model (parent → child, method). Each row names the open models
reproducing it (`Lineage.step_reproductions`), how close they get (their notes, benchmark results
recorded for them next to the OpenAI model's, claims naming both), their licence and weights, and
their evidence grades. Steps nobody in the data reproduces follow as a list of gaps.
"""

from __future__ import annotations

from ..i18n import page_src, t
from ..lineage import Lineage
from ..model import Model, Reproduction, Step
from . import badges, links, text
from .escape import md_inline
from .page import GeneratedPage
from .references import Footnotes

SRC_URI = "open.md"
COLUMNS = ("step", "method", "models", "how_close", "evidence", "weights")


def _model(lineage: Lineage, model_id: str, src: str, lang: str) -> str:
    m = lineage.models[model_id]
    return links.page_link(md_inline(m.name), links.model_src(model_id, lang), src)


def _score(value: float) -> str:
    return f"{value:g}"


def benchmark_evidence(lineage: Lineage, r: Reproduction) -> list[tuple[str, float, str | None, tuple[str, ...]]]:
    """(benchmark name, the open model's best score, the OpenAI model's best score on it or None,
    sources) for every benchmark with a result recorded for the reproducing model."""
    out = []
    for b in lineage.benchmarks.values():
        mine = [x for x in b.results if x.model == r.model]
        if not mine:
            continue
        best = max(mine, key=lambda x: x.score)
        theirs = [x for x in b.results if x.model == r.target]
        target = max(theirs, key=lambda x: x.score) if theirs else None
        sources = tuple(dict.fromkeys(best.sources + (target.sources if target else ())))
        out.append((b.name, best.score, target.score if target else None, sources))
    return out


def claims_about(lineage: Lineage, r: Reproduction) -> list:
    """Graded claims naming both the reproducing model and the model of the step."""
    return [c for c in lineage.claims.values() if r.model in c.models and r.target in c.models]


def _how_close(lineage: Lineage, r: Reproduction, fn: Footnotes, src: str, lang: str) -> str:
    note = text.md(r.note, lang) if r.note else md_inline(t(lang, "open.no_note"))
    parts = [t(lang, "open.labelled", name=md_inline(lineage.models[r.model].name), value=note)
             + f" {fn.cite(r.sources)}".rstrip()]
    for name, mine, theirs, sources in benchmark_evidence(lineage, r):
        key = "open.benchmark_vs" if theirs is not None else "open.benchmark"
        words = t(lang, key, benchmark=name, score=_score(mine), target=lineage.models[r.target].name,
                  target_score=_score(theirs) if theirs is not None else "")
        parts.append(f"{md_inline(words)} {fn.cite(sources)}")
    for c in claims_about(lineage, r):
        claim = links.page_link(text.md(c.statement, lang), links.claim_anchor(c.id, lang), src)
        parts.append(f"{t(lang, 'open.claim')} {claim} {badges.grade(lineage, c.grade, lang)}")
    return "<br>".join(parts)


def _weights(m: Model, lang: str) -> str:
    if m.open_weights:
        return md_inline(t(lang, "open.weights_open", name=m.name, licence=m.licence or "—"))
    return md_inline(t(lang, "open.weights_closed", name=m.name))


def reproduced_steps(lineage: Lineage) -> list[tuple[Step, tuple[Reproduction, ...]]]:
    """Every OpenAI step with at least one reproduction, in the order of `Lineage.steps`."""
    return [(s, found) for s in lineage.steps if (found := lineage.step_reproductions(s))]


def gaps(lineage: Lineage) -> list[Step]:
    """OpenAI steps no model in the data reproduces."""
    return [s for s in lineage.steps if not lineage.step_reproductions(s)]


def _step(lineage: Lineage, s: Step, src: str, lang: str) -> str:
    start = _model(lineage, s.parent, src, lang) if s.parent else md_inline(t(lang, "open.no_base"))
    return f"{start} → {_model(lineage, s.child, src, lang)}"


def render(lineage: Lineage, lang: str) -> str:
    src = page_src(SRC_URI, lang)
    fn = Footnotes(lineage, src, lang)
    rows = reproduced_steps(lineage)
    out = [f"# {t(lang, 'open.title')}", "", t(lang, "open.intro"), ""]
    if rows:
        out += ["| " + " | ".join(t(lang, f"open.col_{c}") for c in COLUMNS) + " |",
                "| " + " | ".join("---" for _ in COLUMNS) + " |"]
    else:
        out += [t(lang, "open.none"), ""]
    for s, found in rows:
        models = "<br>".join(t(lang, "open.model_org", model=_model(lineage, r.model, src, lang),
                               organisation=md_inline(lineage.models[r.model].organisation)) for r in found)
        close = "<br>".join(_how_close(lineage, r, fn, src, lang) for r in found)
        grades = "<br>".join(t(lang, "open.labelled", name=md_inline(lineage.models[r.model].name),
                               value=badges.grade(lineage, r.grade, lang)) for r in found)
        weights = "<br>".join(_weights(lineage.models[r.model], lang) for r in found)
        method = text.md(lineage.methods[s.method].name, lang)
        out.append(f"| {_step(lineage, s, src, lang)} | {method} | {models} | {close} | {grades} | {weights} |")
    if rows:
        out.append("")
    missing = gaps(lineage)
    out += [f"## {t(lang, 'open.gaps')} {{#gaps}}", "", t(lang, "open.gaps_intro"), ""]
    out += [f"- {_step(lineage, s, src, lang)} — {text.md(lineage.methods[s.method].name, lang)}" for s in missing] \
        or [f"- {t(lang, 'open.no_gaps')}"]
    out += ["", fn.definitions(), ""]
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "open.title"), "Explore", render(lineage, lang))
