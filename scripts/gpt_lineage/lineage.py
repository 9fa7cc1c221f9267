"""The lineage: validated documents turned into typed models, registries and graph queries.

Built once per build; every render is a pure function of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from .model import (
    Ability, AbilityChange, Approximation, Architecture, Benchmark, BenchmarkResult, Citation, Claim,
    DISTILLED_FROM, EDGE_KINDS, OPENAI, TRAINED_FROM, Disagreement, GlossaryTerm, Grade, KnowledgeCutoff, Method, Model,
    ParentLink, Position, Quantity, Release, Reproduction, Source, Step, Succession, Text, TrainingData, Where,
    date_key,
)
from .problems import DataError


def _ids(raw: Any) -> tuple[str, ...]:
    return tuple(raw or ())


def _quantity(raw: dict) -> Quantity:
    return Quantity(raw.get("value"), Text.of(raw.get("note")), _ids(raw.get("sources")))


def _model(doc) -> Model:
    raw = doc.data
    mid = raw["id"]

    def where(*path) -> Where:
        return Where(doc.path, doc.where(tuple(path))[0])

    arch = raw.get("architecture")
    cutoff = raw.get("knowledge_cutoff")
    return Model(
        id=mid,
        name=raw["name"],
        api_name=raw.get("api_name"),
        aliases=_ids(raw.get("aliases")),
        series=raw["series"],
        release=Release(raw["release"]["date"], Text.of(raw["release"].get("note")), _ids(raw["release"]["sources"])),
        parameters=_quantity(raw["parameters"]),
        context_window=_quantity(raw["context_window"]),
        architecture=None if arch is None else Architecture(
            arch.get("layers"), arch.get("heads"), arch.get("d_model"), Text.of(arch.get("note")), _ids(arch["sources"])
        ),
        training_data=TrainingData(
            Text.of(raw["training_data"]["text"]), raw["training_data"].get("tokens"), _ids(raw["training_data"]["sources"])
        ),
        summary=Text.of(raw["summary"]),
        parents=tuple(
            ParentLink(p["model"], mid, p["method"], p["grade"], Text.of(p.get("note")), _ids(p["sources"]),
                       where("parents", i), p.get("relation", TRAINED_FROM))
            for i, p in enumerate(raw["parents"])
        ),
        abilities=tuple(
            AbilityChange(a["ability"], a["change"], a["grade"], Text.of(a.get("note")), _ids(a["sources"]),
                          where("abilities", i))
            for i, a in enumerate(raw["abilities"])
        ),
        paper=raw.get("paper"),
        approximations=tuple(
            Approximation(a["name"], a.get("url"), Text.of(a.get("note")), _ids(a.get("sources")))
            for a in raw.get("open_source_approximations") or ()
        ),
        disagreements=tuple(
            Disagreement(Text.of(d["topic"]), tuple(Position(Text.of(p["value"]), _ids(p["sources"])) for p in d["positions"]))
            for d in raw.get("disagreements") or ()
        ),
        sources=_ids(raw.get("sources")),
        where=Where(doc.path, 1),
        organisation=raw["organisation"],
        open_weights=bool(raw.get("open_weights", False)),
        licence=raw.get("licence"),
        knowledge_cutoff=None if cutoff is None else KnowledgeCutoff(
            cutoff["date"], Text.of(cutoff.get("note")), _ids(cutoff["sources"])),
        succeeds=tuple(
            Succession(s["model"], mid, s["grade"], Text.of(s.get("note")), _ids(s["sources"]), where("succeeds", i))
            for i, s in enumerate(raw.get("succeeds") or ())
        ),
        reproduces=tuple(
            Reproduction(mid, r["model"], r["method"], r["grade"], Text.of(r.get("note")), _ids(r["sources"]),
                         where("reproduces", i))
            for i, r in enumerate(raw.get("reproduces") or ())
        ),
    )


def _registry(kind: str, items: list[dict], doc) -> list:
    """Build one registry's typed objects; one small constructor per kind."""
    def where(i: int) -> Where:
        return Where(doc.path, doc.where((kind, i))[0])

    build = {
        "abilities": lambda r, i: Ability(r["id"], Text.of(r["name"]), Text.of(r["definition"]), _ids(r.get("sources"))),
        "methods": lambda r, i: Method(r["id"], Text.of(r["name"]), Text.of(r["description"]), r["color"]["light"],
                                       r["color"]["dark"], r["marker"], _ids(r.get("sources"))),
        "grades": lambda r, i: Grade(r["id"], Text.of(r["name"]), Text.of(r["description"]), r["line_style"], r["rank"],
                                     _ids(r.get("sources"))),
        "sources": lambda r, i: Source(r["id"], r["title"], tuple(r["authors"]), r["year"], r.get("venue"), r["kind"],
                                       r.get("arxiv"), r.get("url")),
        "glossary": lambda r, i: GlossaryTerm(r["en"], r["zh"], r.get("abbr"), Text.of(r["definition"]), _ids(r.get("sources"))),
        "claims": lambda r, i: Claim(r["id"], Text.of(r["statement"]), r["grade"], Text.of(r["reasoning"]),
                                     _ids(r.get("abilities")), _ids(r.get("models")), _ids(r["sources"]), where(i)),
        "benchmarks": lambda r, i: Benchmark(r["id"], r["name"], r["metric"], Text.of(r["description"]), tuple(
            BenchmarkResult(x["system"], x.get("model"), Text.of(x["method"]), float(x["score"]), x["date"], _ids(x["sources"]))
            for x in r["results"])),
    }[kind]
    return [build(r, i) for i, r in enumerate(items)]


@dataclass(frozen=True)
class Lineage:
    """Models (in release order), registries (in file order) and the queries renders need."""

    models: dict[str, Model]
    abilities: dict[str, Ability]
    methods: dict[str, Method]
    grades: dict[str, Grade]
    sources: dict[str, Source]
    glossary: tuple[GlossaryTerm, ...]
    claims: dict[str, Claim]
    benchmarks: dict[str, Benchmark]

    @classmethod
    def from_documents(cls, documents: Iterable) -> "Lineage":
        """Assumes the documents passed validation."""
        models: list[Model] = []
        registries: dict[str, list] = {}
        for doc in documents:
            if doc.kind == "model":
                models.append(_model(doc))
            else:
                registries[doc.kind] = _registry(doc.kind, doc.data[doc.kind], doc)
        models.sort(key=lambda m: (date_key(m.release.date), m.id))
        by_id = lambda items: {x.id: x for x in items}  # noqa: E731
        return cls(
            models={m.id: m for m in models},
            abilities=by_id(registries.get("abilities", [])),
            methods=by_id(registries.get("methods", [])),
            grades=by_id(registries.get("grades", [])),
            sources=by_id(registries.get("sources", [])),
            glossary=tuple(registries.get("glossary", [])),
            claims=by_id(registries.get("claims", [])),
            benchmarks=by_id(registries.get("benchmarks", [])),
        )

    # --- graph queries -------------------------------------------------------------------------
    # Three kinds of relation between models (model.EDGE_KINDS):
    # - training edges (ParentLink, `relation` trained-from or distilled-from): `edges`, `parents`,
    #   `children`, `ancestors`, `descendants`, `roots` follow these, and only these;
    # - succession (Succession: presented as the successor of): `successions`, `succeeds`, `succeeded_by`;
    # - reproduction (Reproduction: an open model approximates an OpenAI training step):
    #   `reproductions`, `reproduces`, `reproductions_of`, `steps`.

    @cached_property
    def edges(self) -> tuple[ParentLink, ...]:
        """Every training edge (both relations), child models in release order."""
        return tuple(link for m in self.models.values() for link in m.parents)

    def parents(self, model_id: str) -> tuple[ParentLink, ...]:
        """The model's training parents: links trained-from and distilled-from ("trained on outputs of")."""
        return self.models[model_id].parents

    def children(self, model_id: str) -> tuple[ParentLink, ...]:
        """Links of the models trained from (or on the outputs of) this one."""
        return self._children_by_parent.get(model_id, ())

    def trained_from(self, model_id: str) -> tuple[ParentLink, ...]:
        """Parent links with relation trained-from only (a step from the parent's checkpoint)."""
        return tuple(p for p in self.parents(model_id) if p.relation == TRAINED_FROM)

    def distilled_from(self, model_id: str) -> tuple[ParentLink, ...]:
        """Parent links with relation distilled-from only (trained on the parent's outputs)."""
        return tuple(p for p in self.parents(model_id) if p.relation == DISTILLED_FROM)

    def edges_of_kind(self, kind: str) -> tuple:
        """Every edge of one kind (model.EDGE_KINDS), for drawing each kind its own way: ParentLinks
        for trained-from / distilled-from, Successions for succeeds, Reproductions for reproduces."""
        if kind in (TRAINED_FROM, DISTILLED_FROM):
            return tuple(e for e in self.edges if e.relation == kind)
        if kind == "succeeds":
            return self.successions
        if kind == "reproduces":
            return self.reproductions
        raise KeyError(f"unknown edge kind {kind!r} (one of {', '.join(EDGE_KINDS)})")

    @cached_property
    def successions(self) -> tuple[Succession, ...]:
        """Every succession edge, successors in release order."""
        return tuple(s for m in self.models.values() for s in m.succeeds)

    def succeeds(self, model_id: str) -> tuple[Succession, ...]:
        """The models this one is presented as succeeding (its predecessors; not a training relation)."""
        return self.models[model_id].succeeds

    def succeeded_by(self, model_id: str) -> tuple[Succession, ...]:
        """The successions naming this model as the predecessor, successors in release order."""
        return self._successors.get(model_id, ())

    @cached_property
    def _successors(self) -> dict[str, tuple[Succession, ...]]:
        found: dict[str, list[Succession]] = {}
        for s in self.successions:
            found.setdefault(s.predecessor, []).append(s)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def reproductions(self) -> tuple[Reproduction, ...]:
        """Every reproduction edge, reproducing models in release order."""
        return tuple(r for m in self.models.values() for r in m.reproduces)

    def reproduces(self, model_id: str) -> tuple[Reproduction, ...]:
        """The OpenAI steps this (open) model reproduces."""
        return self.models[model_id].reproduces

    def reproductions_of(self, model_id: str, method: str | None = None) -> tuple[Reproduction, ...]:
        """The open models reproducing the step into `model_id` (optionally: by `method` only), in
        release order of the reproducing models."""
        return tuple(r for r in self._reproductions_by_target.get(model_id, ())
                     if method is None or r.method == method)

    @cached_property
    def _reproductions_by_target(self) -> dict[str, tuple[Reproduction, ...]]:
        found: dict[str, list[Reproduction]] = {}
        for r in self.reproductions:
            found.setdefault(r.target, []).append(r)
        return {k: tuple(v) for k, v in found.items()}

    def is_openai(self, model_id: str) -> bool:
        return self.models[model_id].organisation == OPENAI

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """The OpenAI training steps, one per parent link of an OpenAI model (child release order,
        then link order), what `reproduces` names by child and method; then, for OpenAI models
        with no parent link, one step (parent None) per method a reproduction names."""
        linked = [Step(e.parent, e.child, e.method, e) for e in self.edges if self.is_openai(e.child)]
        unanchored = {(r.target, r.method): Step(None, r.target, r.method, None) for r in self.reproductions
                      if r.target in self.models and self.is_openai(r.target) and not self.models[r.target].parents}
        order = {mid: i for i, mid in enumerate(self.models)}
        return tuple(linked) + tuple(sorted(unanchored.values(), key=lambda s: (order[s.child], s.method)))

    def step_reproductions(self, step: Step) -> tuple[Reproduction, ...]:
        """The reproductions of one step: those naming its child and method."""
        return self.reproductions_of(step.child, step.method)

    @cached_property
    def _names(self) -> dict[str, str]:
        """Normalised id, name, API name and aliases → model id (first model in release order wins)."""
        found: dict[str, str] = {}
        for m in self.models.values():
            for name in (m.id, m.name, m.label, m.api_name, *m.aliases):
                if name:
                    found.setdefault(_name_key(name), m.id)
        return found

    def model_named(self, name: str) -> str | None:
        """The model an `open_source_approximations` name refers to, if it is in the data: names are
        compared ignoring case, spaces and a trailing "(organisation)" ("OPT-175B (Meta)" → opt-175b)."""
        return self._names.get(_name_key(name)) or self._names.get(_name_key(re.sub(r"\s*\([^()]*\)\s*$", "", name)))

    def approximations_not_reproducing(self, model_id: str) -> tuple[Approximation, ...]:
        """The model's `open_source_approximations` minus those naming a model that `reproduces` a step
        into it (those are shown as reproductions)."""
        reproducing = {r.model for r in self.reproductions_of(model_id)}
        return tuple(a for a in self.models[model_id].approximations if self.model_named(a.name) not in reproducing)

    def open_weights(self) -> list[Model]:
        """Models whose weights can be downloaded, in release order (the tree's open-weights filter)."""
        return [m for m in self.models.values() if m.open_weights]

    @cached_property
    def _children_by_parent(self) -> dict[str, tuple[ParentLink, ...]]:
        """Parent id → its child links, in edge order: built once, so pages asking per model stay linear."""
        found: dict[str, list[ParentLink]] = {}
        for e in self.edges:
            found.setdefault(e.parent, []).append(e)
        return {parent: tuple(links) for parent, links in found.items()}

    def ancestors(self, model_id: str) -> set[str]:
        """Every model reachable upward along training edges (trained-from and distilled-from);
        succession and reproduction edges are not followed."""
        return self._reach(model_id, lambda m: (e.parent for e in self.parents(m)))

    def descendants(self, model_id: str) -> set[str]:
        """Every model reachable downward along training edges only (see `ancestors`)."""
        return self._reach(model_id, lambda m: (e.child for e in self.children(m)))

    def _reach(self, start: str, step) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in step(todo.pop()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def release_order(self) -> list[Model]:
        return list(self.models.values())

    def is_first(self, model_id: str) -> bool:
        """A first model of the lineage: no training parent and released on the earliest date in the
        data (GPT-1). Only these are shown as "trained from scratch"; any other model without a parent
        is shown as one whose sources state no training relation."""
        m, first = self.models[model_id], next(iter(self.models.values()))
        return not m.parents and m.release.date == first.release.date

    def roots(self) -> list[Model]:
        """Models with no training parent (succession and reproduction do not count)."""
        return [m for m in self.models.values() if not m.parents]

    def grade_rank(self, grade_id: str) -> int:
        return self.grades[grade_id].rank

    # --- citations -----------------------------------------------------------------------------

    @cached_property
    def citations(self) -> dict[str, tuple[Citation, ...]]:
        """Every place each source is cited, in a stable order (for the references page)."""
        found: dict[str, list[Citation]] = {sid: [] for sid in self.sources}

        def cite(ids, model=None, claim=None, context="", where=None, details=()):
            for sid in ids:
                found.setdefault(sid, []).append(Citation(sid, model, claim, context, where, details))

        for m in self.models.values():
            cite(m.release.sources, m.id, context="release_date")
            cite(m.parameters.sources, m.id, context="parameters")
            cite(m.context_window.sources, m.id, context="context_window")
            if m.architecture:
                cite(m.architecture.sources, m.id, context="architecture")
            cite(m.training_data.sources, m.id, context="training_data")
            if m.paper:
                cite((m.paper,), m.id, context="paper")
            if m.knowledge_cutoff:
                cite(m.knowledge_cutoff.sources, m.id, context="knowledge_cutoff")
            for p in m.parents:
                kind = "parent_link" if p.relation == TRAINED_FROM else "parent_link_distilled"
                cite(p.sources, m.id, context=kind, where=p.where, details=(p.parent, m.id))
            for s in m.succeeds:
                cite(s.sources, m.id, context="succeeds", where=s.where, details=(s.predecessor,))
            for r in m.reproduces:
                cite(r.sources, m.id, context="reproduces", where=r.where, details=(r.target, r.method))
            for a in m.abilities:
                cite(a.sources, m.id, context="ability", where=a.where, details=(a.change, a.ability))
            for ap in m.approximations:
                cite(ap.sources, m.id, context="approximation", details=(ap.name,))
            for d in m.disagreements:
                for pos in d.positions:
                    cite(pos.sources, m.id, context="disagreement", details=(d.topic,))
            cite(m.sources, m.id, context="model_overview")
        for c in self.claims.values():
            cite(c.sources, claim=c.id, context="claim", where=c.where)
        for b in self.benchmarks.values():
            for r in b.results:
                cite(r.sources, r.model, context="benchmark", details=(b.name, r.system))
        return {sid: tuple(cs) for sid, cs in found.items()}

    @cached_property
    def sources_by_model(self) -> dict[str, tuple[str, ...]]:
        """Model id → every source cited anywhere about it, in registry order (built once from `citations`)."""
        found: dict[str, dict[str, None]] = {}
        for sid, cites in self.citations.items():
            for c in cites:
                if c.model is not None:
                    found.setdefault(c.model, {})[sid] = None
        return {model: tuple(sids) for model, sids in found.items()}


def _name_key(name: str) -> str:
    return "".join(name.casefold().split())


def load_lineage(data_dir: Path) -> Lineage:
    """Load, validate and build; raises DataError with every problem found in one run."""
    from .validate import check

    documents, problems = check(Path(data_dir))
    if problems:
        raise DataError(problems)
    return Lineage.from_documents(documents)
