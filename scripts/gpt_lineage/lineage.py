"""The lineage: validated documents turned into typed models, registries and graph queries.

Built once per build; every render is a pure function of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from .model import (
    Ability, AbilityChange, Approximation, Architecture, Benchmark, BenchmarkResult, Citation, Claim,
    Disagreement, GlossaryTerm, Grade, Method, Model, ParentLink, Position, Quantity, Release, Source,
    Text, TrainingData, Where, date_key,
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
                       where("parents", i))
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

    @cached_property
    def edges(self) -> tuple[ParentLink, ...]:
        return tuple(link for m in self.models.values() for link in m.parents)

    def parents(self, model_id: str) -> tuple[ParentLink, ...]:
        return self.models[model_id].parents

    def children(self, model_id: str) -> tuple[ParentLink, ...]:
        return self._children_by_parent.get(model_id, ())

    @cached_property
    def _children_by_parent(self) -> dict[str, tuple[ParentLink, ...]]:
        """Parent id → its child links, in edge order: built once, so pages asking per model stay linear."""
        found: dict[str, list[ParentLink]] = {}
        for e in self.edges:
            found.setdefault(e.parent, []).append(e)
        return {parent: tuple(links) for parent, links in found.items()}

    def ancestors(self, model_id: str) -> set[str]:
        return self._reach(model_id, lambda m: (e.parent for e in self.parents(m)))

    def descendants(self, model_id: str) -> set[str]:
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

    def roots(self) -> list[Model]:
        return [m for m in self.models.values() if not m.parents]

    def grade_rank(self, grade_id: str) -> int:
        return self.grades[grade_id].rank

    # --- citations -----------------------------------------------------------------------------

    @cached_property
    def citations(self) -> dict[str, tuple[Citation, ...]]:
        """Every place each source is cited, in a stable order (for the references page)."""
        found: dict[str, list[Citation]] = {sid: [] for sid in self.sources}

        def cite(ids, model=None, claim=None, context="", where=None):
            for sid in ids:
                found.setdefault(sid, []).append(Citation(sid, model, claim, context, where))

        for m in self.models.values():
            cite(m.release.sources, m.id, context="release date")
            cite(m.parameters.sources, m.id, context="parameters")
            cite(m.context_window.sources, m.id, context="context window")
            if m.architecture:
                cite(m.architecture.sources, m.id, context="architecture")
            cite(m.training_data.sources, m.id, context="training data")
            if m.paper:
                cite((m.paper,), m.id, context="paper")
            for p in m.parents:
                cite(p.sources, m.id, context=f"parent link {p.parent} → {m.id}", where=p.where)
            for a in m.abilities:
                cite(a.sources, m.id, context=f"ability {a.change} {a.ability}", where=a.where)
            for ap in m.approximations:
                cite(ap.sources, m.id, context=f"open-source approximation {ap.name}")
            for d in m.disagreements:
                for pos in d.positions:
                    cite(pos.sources, m.id, context=f"disagreement: {d.topic.en}")
            cite(m.sources, m.id, context="model overview")
        for c in self.claims.values():
            cite(c.sources, claim=c.id, context="claim", where=c.where)
        for b in self.benchmarks.values():
            for r in b.results:
                cite(r.sources, r.model, context=f"{b.name}: {r.system}")
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


def load_lineage(data_dir: Path) -> Lineage:
    """Load, validate and build; raises DataError with every problem found in one run."""
    from .validate import check

    documents, problems = check(Path(data_dir))
    if problems:
        raise DataError(problems)
    return Lineage.from_documents(documents)
