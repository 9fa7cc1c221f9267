"""Typed, immutable objects for the validated data. Renders read these, never raw YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Text:
    """Human-readable text: English always, Chinese when a contributor has written it."""

    en: str
    zh: str | None = None

    @classmethod
    def of(cls, raw: Any) -> "Text | None":
        if raw is None:
            return None
        return cls(en=raw["en"], zh=raw.get("zh"))


@dataclass(frozen=True)
class Where:
    """Where an object was written, so renders can link back to the YAML."""

    path: str
    line: int


def date_key(date: str) -> tuple[int, int, int]:
    """Sort key for YYYY, YYYY-MM or YYYY-MM-DD; missing parts sort first."""
    parts = [int(p) for p in date.split("-")]
    return (parts + [0, 0])[0], (parts + [0, 0])[1], (parts + [0, 0, 0])[2]


@dataclass(frozen=True)
class Release:
    date: str
    note: Text | None
    sources: tuple[str, ...]

    @property
    def year(self) -> int:
        return int(self.date[:4])


@dataclass(frozen=True)
class Quantity:
    """A number that may be undisclosed (parameters, context window)."""

    value: int | None
    note: Text | None
    sources: tuple[str, ...]

    @property
    def undisclosed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Architecture:
    layers: int | None
    heads: int | None
    d_model: int | None
    note: Text | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TrainingData:
    text: Text
    tokens: int | None
    sources: tuple[str, ...]


# Kinds of edge between two models. Training edges (a parent link) carry one of TRAINING_RELATIONS;
# succession and reproduction are relations of their own kinds, never training edges.
TRAINED_FROM = "trained-from"      # a training step from the parent's checkpoint
DISTILLED_FROM = "distilled-from"  # "trained on outputs of": the child learnt from data the parent generated
TRAINING_RELATIONS = (TRAINED_FROM, DISTILLED_FROM)
OPENAI = "OpenAI"  # the organisation whose training steps `reproduces` names
SUCCEEDS = "succeeds"              # presented as the successor/replacement (not a training relation)
REPRODUCES = "reproduces"          # an open model approximating an OpenAI training step
EDGE_KINDS = (TRAINED_FROM, DISTILLED_FROM, SUCCEEDS, REPRODUCES)


@dataclass(frozen=True)
class ParentLink:
    """A typed training edge of the lineage: child was trained from parent by method, either from the
    parent's checkpoint (`relation` "trained-from", the default) or on its outputs ("distilled-from")."""

    parent: str
    child: str
    method: str
    grade: str
    note: Text | None
    sources: tuple[str, ...]
    where: Where
    relation: str = TRAINED_FROM

    @property
    def kind(self) -> str:
        """The edge kind (one of EDGE_KINDS): the relation."""
        return self.relation

    @property
    def distilled(self) -> bool:
        return self.relation == DISTILLED_FROM


@dataclass(frozen=True)
class Step:
    """An OpenAI training step: the parent link `parent` → `child` by `method` (what `reproduces`
    names by its child and method). `parent` and `link` are None for a step into a model whose
    sources state no parent (o1's reinforcement learning: the base checkpoint is not named), known
    only because a reproduction names it."""

    parent: str | None
    child: str
    method: str
    link: ParentLink | None


@dataclass(frozen=True)
class Succession:
    """`successor` is presented as the successor/replacement of `predecessor` (not a training edge)."""

    predecessor: str
    successor: str
    grade: str
    note: Text | None
    sources: tuple[str, ...]
    where: Where

    @property
    def kind(self) -> str:
        return SUCCEEDS


@dataclass(frozen=True)
class Reproduction:
    """The open model `model` approximates the training step that produced `target` with `method`."""

    model: str
    target: str
    method: str
    grade: str
    note: Text | None
    sources: tuple[str, ...]
    where: Where

    @property
    def kind(self) -> str:
        return REPRODUCES


@dataclass(frozen=True)
class KnowledgeCutoff:
    date: str
    note: Text | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AbilityChange:
    ability: str
    change: str  # "+", "++", "-" or "--"
    grade: str
    note: Text | None
    sources: tuple[str, ...]
    where: Where

    @property
    def gained(self) -> bool:
        return self.change.startswith("+")


@dataclass(frozen=True)
class Approximation:
    name: str
    url: str | None
    note: Text | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Position:
    value: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    topic: Text
    positions: tuple[Position, ...]


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    api_name: str | None
    aliases: tuple[str, ...]
    series: str
    release: Release
    parameters: Quantity
    context_window: Quantity
    architecture: Architecture | None
    training_data: TrainingData
    summary: Text
    parents: tuple[ParentLink, ...]
    abilities: tuple[AbilityChange, ...]
    paper: str | None
    approximations: tuple[Approximation, ...]
    disagreements: tuple[Disagreement, ...]
    sources: tuple[str, ...]
    where: Where
    organisation: str = "OpenAI"
    open_weights: bool = False
    licence: str | None = None
    knowledge_cutoff: KnowledgeCutoff | None = None
    succeeds: tuple[Succession, ...] = ()
    reproduces: tuple[Reproduction, ...] = ()

    @property
    def label(self) -> str:
        """What a reader calls it: the display name, plus the API name when it differs."""
        if self.api_name and self.api_name not in self.name:  # "GPT-3 (davinci)" already says it
            return f"{self.name} ({self.api_name})"
        return self.name


@dataclass(frozen=True)
class Ability:
    id: str
    name: Text  # en and zh both required by the schema
    definition: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Method:
    id: str
    name: Text
    description: Text
    color_light: str
    color_dark: str
    marker: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Grade:
    id: str
    name: Text
    description: Text
    line_style: str  # solid, dashed, dotted
    rank: int  # 1 = strongest evidence
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    authors: tuple[str, ...]
    year: int
    venue: str | None
    kind: str
    arxiv: str | None
    url: str | None

    @property
    def link(self) -> str:
        """The page a reader should open: the URL given, else the arXiv abstract."""
        if self.url:
            return self.url
        return f"https://arxiv.org/abs/{self.arxiv}"


@dataclass(frozen=True)
class GlossaryTerm:
    en: str
    zh: str
    abbr: str | None
    definition: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
    id: str
    statement: Text
    grade: str
    reasoning: Text
    abilities: tuple[str, ...]
    models: tuple[str, ...]
    sources: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class BenchmarkResult:
    system: str
    model: str | None
    method: Text
    score: float
    date: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Benchmark:
    id: str
    name: str
    metric: str
    description: Text
    results: tuple[BenchmarkResult, ...]


@dataclass(frozen=True)
class Citation:
    """One place that cites a source: which object, and what about it."""

    source: str
    model: str | None  # the model the claim is about, if any
    claim: str | None  # claim id, if cited by a claim
    context: str  # what is cited, a key of the `references.context` catalogue ("release_date", "parent_link" …)
    where: Where | None = field(default=None, compare=False)
    details: tuple = ()  # the ids and texts the context names (parent and child, ability and change …)
