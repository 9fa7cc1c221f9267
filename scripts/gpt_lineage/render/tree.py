"""The evolution tree: one Graphviz graph built from the Lineage, laid out once, drawn as SVG per page.

Why the SVG is written here rather than taken from Graphviz's renderer: Graphviz bakes colours,
numbers its own ids and knows nothing of per-page links. We let `dot` do what it is good at —
ranks, ordering, spline routing — read the coordinates back, and write a small SVG whose every
element carries our ids, classes and data attributes. Colours come from CSS (Material's palette
variables plus one colour pair per training method from `data/methods.yaml`), never from fills.

Time axis: models of a later release year are always drawn below every model of earlier years
(one horizontal band per year, labelled in a left gutter); inside a year a child sits at least one
rank below its parents. So the picture reads top to bottom as time, parents above children.

`layout(lineage)` runs `dot` once per Lineage object and caches the result; `render_svg` is cheap
string work (relative links, focus classes) done per page. A model page's focus view draws only the
model, its ancestors and descendants from that same layout, cropped to their bounding box: its size
follows the size of that lineage, not of the whole tree (1,000 models would otherwise put the full
tree, ~1.6 MB, on each of 1,000 pages).
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass

from ..i18n import DEFAULT, LANGUAGES, language_of, t
from ..i18n import text as data_text
from ..lineage import Lineage
from ..model import DISTILLED_FROM, OPENAI, Model, ParentLink, Succession
from . import badges, links
from .escape import dot_label, svg_attr, svg_text

NODE_H = 58.0          # px; three text lines
MIN_NODE_W = 128.0
MAX_LABEL_CHARS = 26   # longer names are shortened with an ellipsis (the full name is in aria-label)
GUTTER = 52.0          # left column for the year labels
MARGIN = 10.0
RANKSEP_IN = 0.55      # room between ranks for the method marker
NODESEP_IN = 0.3
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
LANE_FONT = 12.0       # px; a series lane's label
FOCUS_MIN_SCALE = 0.6  # smallest scale of a model page's focus view (text stays legible)


# --- layout -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EdgeShape:
    path: str      # SVG path data of the spline
    arrow: str     # polygon points of the arrowhead
    mx: float      # where the method marker sits
    my: float
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1 of spline, arrow and marker (for crops)


@dataclass(frozen=True)
class YearBand:
    year: int
    top: float
    bottom: float


@dataclass(frozen=True)
class SeriesBox:
    """One series' lane: the Graphviz cluster around its models, with its label's place."""

    series: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    node_w: float
    node_h: float
    nodes: dict[str, tuple[float, float]]            # model id -> centre
    edges: dict[tuple[str, str], EdgeShape]          # (parent, child) -> shape
    bands: tuple[YearBand, ...]
    successions: dict[tuple[str, str], EdgeShape]    # (predecessor, successor) -> shape (no marker)
    series: tuple[SeriesBox, ...]                    # one lane per series, in order of first release
    dot: str                                         # the DOT source that was laid out
    links: tuple[ParentLink, ...]                    # parent links in drawing order (`sorted_edges`)
    children: dict[str, tuple[str, ...]]             # model id -> child ids, as `Lineage.children` orders them
    parents: dict[str, tuple[str, ...]]              # model id -> known parent ids

    def reach(self, start: str, step: dict[str, tuple[str, ...]]) -> frozenset[str]:
        """Every model reachable from `start` through `step` (parents: ancestors; children: descendants).
        Linear in the answer, unlike `Lineage.descendants`, which scans every edge per model."""
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in step.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return frozenset(seen)


def _char_em(ch: str) -> float:
    if ord(ch) >= 0x2E80:  # CJK and other wide scripts
        return 1.0
    if ch.isupper() or ch in "mwMW@%":
        return 0.7
    return 0.56


def text_width(text: str, size: float) -> float:
    """A generous estimate of rendered width in px, so labels fit whatever font the reader has."""
    return sum(_char_em(c) for c in text) * size


def short(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def api_line(m: Model, lang: str = DEFAULT) -> str:
    """The box's second line: the API name; for a model of another organisation without one, that
    organisation (an open model has no OpenAI API name to lack); else the words for "none"."""
    if m.api_name:
        return m.api_name
    if getattr(m, "organisation", OPENAI) != OPENAI:
        return m.organisation
    return t(lang, "tree.no_api")


def node_width(lineage: Lineage) -> float:
    """One box width for the whole tree and for every language: the layout is computed once and
    shared by all languages, so the "no API name" line is measured in the widest of its wordings."""
    widest = MIN_NODE_W
    for m in lineage.models.values():
        widest = max(widest, text_width(short(m.name), 13.5) + 20)
        if m.api_name:
            widest = max(widest, len(short(m.api_name)) * 0.62 * 11.5 + 20)
        else:
            widest = max([widest] + [max(text_width(short(api_line(m, lang)), 11.5),
                                         len(short(api_line(m, lang))) * 0.62 * 11.5) + 20
                                     for lang in LANGUAGES])
    return math.ceil(widest)


def successions(lineage: Lineage) -> list[Succession]:
    """Succession links between models of the lineage, in a fixed order (successor's release order)."""
    return [s for m in lineage.release_order() for s in getattr(m, "succeeds", ())
            if s.predecessor in lineage.models and s.predecessor != m.id]


def _above(lineage: Lineage) -> dict[str, list[str]]:
    """Who must sit above each model: its training parents, the models it succeeds, and the model
    released before it in its own series (so a series reads down its lane in release order)."""
    above: dict[str, list[str]] = {mid: [e.parent for e in m.parents] for mid, m in lineage.models.items()}
    for s in successions(lineage):
        above[s.successor].append(s.predecessor)
    last: dict[str, Model] = {}  # the latest earlier-dated model of each series
    day: dict[str, Model] = {}   # the latest model of each series, same day or not
    for m in lineage.release_order():
        prev = day.get(m.series)
        if prev is not None and prev.release.date != m.release.date:
            last[m.series] = prev
        if m.series in last:  # a same-day pair keeps the order its links give (no cycle with a parent)
            above[m.id].append(last[m.series].id)
        day[m.series] = m
    return above


def ranks(lineage: Lineage) -> dict[str, int]:
    """Rank (row) of each model: every year starts below all earlier years; inside a year a model sits
    one rank below the lowest of its parents, the models it succeeds and the previous model of its
    series. Links with bad data (unknown model, later year) are ignored here — validation reports them."""
    years: dict[int, list[Model]] = {}
    for m in lineage.release_order():
        years.setdefault(m.release.year, []).append(m)
    above = _above(lineage)
    rank: dict[str, int] = {}
    start = 0
    for year in sorted(years):
        members = years[year]
        for _ in range(len(members) + 1):  # relax until stable; one pass unless same-day parents
            changed = False
            for m in members:
                r = start
                for pid in above[m.id]:
                    parent = lineage.models.get(pid)
                    if parent is not None and parent.release.year <= year and pid in rank:
                        r = max(r, rank[pid] + 1)
                if rank.get(m.id) != r:
                    rank[m.id] = r
                    changed = True
            if not changed:
                break
        start = max(rank[m.id] for m in members) + 1
    return rank


def sorted_edges(lineage: Lineage) -> list[ParentLink]:
    """Parent links in a fixed order (child's release order, then parent's), for determinism."""
    order = {mid: i for i, mid in enumerate(lineage.models)}
    return sorted((e for e in lineage.edges if e.parent in order),
                  key=lambda e: (order[e.child], order[e.parent], e.method))


def _axis(r: int) -> str:
    return f"rank {r}"  # contains a space, so it can never be a model id


def build_graph(lineage: Lineage):
    """The one Graphviz graph of the lineage: used for the layout and written out as `lineage.dot`.

    Colours and line styles are here for people who render the DOT export themselves; the site's
    SVG takes its colours from CSS instead.
    """
    import pygraphviz as pgv

    rank = ranks(lineage)
    width = node_width(lineage)
    g = pgv.AGraph(directed=True, strict=False, name="gpt_lineage")
    # nslimit: dot's x-positioning (network simplex) may run two iterations per node, not unbounded.
    # The shipped lineage converges well before that (same layout with or without the limit); at 100
    # synthetic models the edges' horizontal travel is 5 % longer than converged; at 1,000 models the
    # layout took about 140 s without the limit and 12 s with it (1 per node: 8 s, but 35 % longer edges at 100).
    g.graph_attr.update(rankdir="TB", newrank="true", nodesep=str(NODESEP_IN), ranksep=str(RANKSEP_IN),
                        nslimit="2", fontname="Helvetica", label=dot_label(t(DEFAULT, "tree.dot_label")))
    g.node_attr.update(shape="box", style="rounded", fixedsize="true", width=f"{width / 72:.3f}",
                       height=f"{NODE_H / 72:.3f}", fontname="Helvetica", fontsize="11")
    g.edge_attr.update(arrowsize="0.7", fontname="Helvetica", fontsize="9")
    n_ranks = max(rank.values(), default=-1) + 1
    for r in range(n_ranks):  # the time axis: an invisible chain with one point per rank
        g.add_node(_axis(r), shape="point", width="0.01", height="0.01", style="invis", label="")
    for r in range(1, n_ranks):
        g.add_edge(_axis(r - 1), _axis(r), style="invis")
    for m in lineage.release_order():
        label = "\\n".join(dot_label(x) for x in (short(m.name), short(api_line(m, DEFAULT)), m.release.date))
        g.add_node(m.id, label=label, tooltip=dot_label(m.label), comment=dot_label(m.release.date))
    for r in range(n_ranks):
        members = [mid for mid in lineage.models if rank[mid] == r]
        _subgraph(g, [_axis(r), *members], name=f"rank_{r}", rank="same")
    # One lane per series: a cluster (dot keeps its models together and reserves room for its label).
    for i, (series, members) in enumerate(series_groups(lineage)):
        _subgraph(g, members, name=f"cluster_{i}", label=dot_label(series), labeljust="l", labelloc="t",
                  style="rounded,dashed", color="grey60", fontsize=_f(LANE_FONT), margin="10")
    for e in sorted_edges(lineage):
        method = lineage.methods.get(e.method)
        grade = lineage.grades.get(e.grade)
        g.add_edge(e.parent, e.child, key=e.method,
                   color=method.color_light if method and _HEX.match(method.color_light) else "black",
                   style=grade.line_style if grade and grade.line_style in ("solid", "dashed", "dotted") else "solid",
                   xlabel=dot_label(method.marker if method else e.method), comment=dot_label(e.grade),
                   **({"arrowhead": "empty", "penwidth": "2.5", "tooltip": dot_label(DISTILLED_FROM)}
                      if e.relation == DISTILLED_FROM else {}))
    for s in successions(lineage):  # "presented as the successor of": thin, grey, no training marker
        g.add_edge(s.predecessor, s.successor, key=SUCCESSION_KEY, color="grey45", penwidth="0.8",
                   arrowhead="odot", weight="0", comment=dot_label(s.grade))
    return g


SUCCESSION_KEY = "succeeds"


def _subgraph(g, members: list[str], name: str, **attr) -> None:
    """A subgraph of existing nodes. pygraphviz's `add_subgraph(nbunch)` also scans every edge of the
    graph for each subgraph (to copy the induced edges), which made the graph quadratic in the number
    of ranks (30 s at 1,000 models); subgraphs here are made before any edge between their members."""
    sub = g.add_subgraph(name=name, **attr)
    for member in members:
        sub.add_node(member)


def series_groups(lineage: Lineage) -> list[tuple[str, list[str]]]:
    """Model ids per series, series in order of their first release, models in release order."""
    groups: dict[str, list[str]] = {}
    for m in lineage.release_order():
        groups.setdefault(m.series, []).append(m.id)
    return list(groups.items())


def render_dot(lineage: Lineage) -> str:
    """The lineage as Graphviz DOT (the exports page offers it as `lineage.dot`): the graph the
    layout was computed from, kept by the layout (the graph is built once per build)."""
    return layout(lineage).dot


_LAYOUTS: dict[int, tuple[weakref.ref, Layout]] = {}


def layout(lineage: Lineage) -> Layout:
    """Run `dot` once per Lineage object; later calls (every page of a build) reuse the result."""
    key = id(lineage)
    cached = _LAYOUTS.get(key)
    if cached is not None and cached[0]() is lineage:
        return cached[1]
    result = _compute_layout(lineage)
    _LAYOUTS[key] = (weakref.ref(lineage, lambda _ref, k=key: _LAYOUTS.pop(k, None)), result)
    return result


def _point(text: str) -> tuple[float, float]:
    x, y = text.split(",")[:2]
    return float(x), float(y)


def _bezier(p0, p1, p2, p3, t: float) -> tuple[float, float]:
    u = 1 - t
    return (u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
            u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1])


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _edge_shape(pos: str, to_svg, marker_w: float, boxes: Boxes, taken: Boxes) -> EdgeShape:
    end = None
    points = []
    for token in pos.split():
        if token.startswith("e,"):
            end = to_svg(*_point(token[2:]))
        elif token.startswith("s,"):
            continue
        else:
            points.append(to_svg(*_point(token)))
    d = [f"M{_f(points[0][0])},{_f(points[0][1])}"]
    for i in range(1, len(points) - 2, 3):
        d.append("C" + " ".join(f"{_f(x)},{_f(y)}" for x, y in points[i:i + 3]))
    tip = end or points[-1]
    base = points[-1] if end else points[-2]
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length * 4.0, dx / length * 4.0
    arrow = " ".join(f"{_f(x)},{_f(y)}" for x, y in ((tip[0], tip[1]), (base[0] + nx, base[1] + ny),
                                                    (base[0] - nx, base[1] - ny)))
    mx, my = marker_spot(points, marker_w, boxes, taken) if marker_w else points[len(points) // 2]
    if marker_w:
        taken.add_box(mx - marker_w / 2, my - 7.5, mx + marker_w / 2, my + 7.5)
    xs = [x for x, _ in points] + [tip[0], base[0] - abs(nx), base[0] + abs(nx), mx - marker_w / 2, mx + marker_w / 2]
    ys = [y for _, y in points] + [tip[1], base[1] - abs(ny), base[1] + abs(ny), my - 8, my + 8]
    return EdgeShape(" ".join(d), arrow, mx, my, (min(xs), min(ys), max(xs), max(ys)))


class Boxes:
    """Rectangles in a coarse grid, to ask cheaply whether a new one would overlap any of them."""

    CELL = 96.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, x0, y0, x1, y1):
        for i in range(int(x0 // self.CELL), int(x1 // self.CELL) + 1):
            for j in range(int(y0 // self.CELL), int(y1 // self.CELL) + 1):
                yield i, j

    def add_box(self, x0: float, y0: float, x1: float, y1: float) -> None:
        for key in self._keys(x0, y0, x1, y1):
            self.cells.setdefault(key, []).append((x0, y0, x1, y1))

    def hits(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        return any(a < x1 and x0 < c and b < y1 and y0 < d
                   for key in self._keys(x0, y0, x1, y1) for a, b, c, d in self.cells.get(key, ()))


MARKER_STOPS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8)  # where along an edge to try its marker


def marker_spot(points: list[tuple[float, float]], marker_w: float, boxes: Boxes, taken: Boxes) -> tuple[float, float]:
    """Where the method marker goes: halfway along the spline by length, unless it would cover a
    model's box or another marker there; then the nearest free point towards either end."""
    samples = [points[0]]
    for i in range(0, len(points) - 3, 3):
        samples += [_bezier(*points[i:i + 4], t / 8) for t in range(1, 9)]
    steps = [math.dist(a, b) for a, b in zip(samples, samples[1:])]
    total = sum(steps)

    def at(fraction: float) -> tuple[float, float]:
        remaining = total * fraction
        for (a, b), step in zip(zip(samples, samples[1:]), steps):
            if step >= remaining and step > 0:
                t = remaining / step
                return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            remaining -= step
        return samples[-1]

    pad = 3.0
    for fraction in MARKER_STOPS:
        x, y = at(fraction)
        rect = (x - marker_w / 2 - pad, y - 7.5 - pad, x + marker_w / 2 + pad, y + 7.5 + pad)
        if not boxes.hits(*rect) and not taken.hits(*rect):
            return x, y
    return at(0.5)


def _compute_layout(lineage: Lineage) -> Layout:
    g = build_graph(lineage)
    dot = g.string()
    g.layout(prog="dot")
    x0, y0, x1, y1 = (float(v) for v in g.graph_attr["bb"].split(","))
    height = (y1 - y0) + 2 * MARGIN

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return x - x0 + GUTTER + MARGIN, (y1 - y) + MARGIN

    nodes = {mid: to_svg(*_point(g.get_node(mid).attr["pos"])) for mid in lineage.models}
    node_w = node_width(lineage)
    boxes, taken = Boxes(), Boxes()  # model boxes; markers placed so far
    for x, y in nodes.values():
        boxes.add_box(x - node_w / 2, y - NODE_H / 2, x + node_w / 2, y + NODE_H / 2)
    series_boxes = []
    for i, (name, _members) in enumerate(series_groups(lineage)):
        bx0, by0, bx1, by1 = (float(v) for v in g.get_subgraph(f"cluster_{i}").graph_attr["bb"].split(","))
        (ax, ay), (bx, by) = to_svg(bx0, by1), to_svg(bx1, by0)
        series_boxes.append(SeriesBox(name, round(ax, 1), round(ay, 1), round(bx, 1), round(by, 1)))
        boxes.add_box(ax, ay, ax + 12 + text_width(name, LANE_FONT), ay + 20)  # markers keep off its label
    edges = {}
    for e in sorted_edges(lineage):
        edge = g.get_edge(e.parent, e.child, key=e.method)
        edges[(e.parent, e.child)] = _edge_shape(edge.attr["pos"], to_svg, marker_width(lineage, e.method),
                                                 boxes, taken)
    succ = {}
    for sc in successions(lineage):
        edge = g.get_edge(sc.predecessor, sc.successor, key=SUCCESSION_KEY)
        succ[(sc.predecessor, sc.successor)] = _edge_shape(edge.attr["pos"], to_svg, 0.0, boxes, taken)
    rank = ranks(lineage)
    n_ranks = max(rank.values(), default=-1) + 1
    rank_y = [to_svg(*_point(g.get_node(_axis(r)).attr["pos"]))[1] for r in range(n_ranks)]
    bands = []
    years = sorted({m.release.year for m in lineage.models.values()})
    for year in years:
        rs = [rank[m.id] for m in lineage.models.values() if m.release.year == year]
        first, last = min(rs), max(rs)
        top = 0.0 if first == 0 else (rank_y[first - 1] + rank_y[first]) / 2
        bottom = height if last == n_ranks - 1 else (rank_y[last] + rank_y[last + 1]) / 2
        bands.append(YearBand(year, round(top, 1), round(bottom, 1)))
    children: dict[str, list[str]] = {}
    for e in lineage.edges:
        children.setdefault(e.parent, []).append(e.child)
    return Layout(width=round((x1 - x0) + GUTTER + 2 * MARGIN, 1), height=round(height, 1),
                  node_w=node_width(lineage), node_h=NODE_H, nodes=nodes, edges=edges,
                  bands=tuple(bands), successions=succ, series=tuple(series_boxes), dot=dot,
                  links=tuple(sorted_edges(lineage)),
                  children={k: tuple(v) for k, v in children.items()},
                  parents={m.id: tuple(e.parent for e in m.parents if e.parent in lineage.models)
                           for m in lineage.models.values()})


# --- SVG --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    """The model-page view: one model with its ancestors and descendants, nothing else."""

    model: str
    ancestors: frozenset[str]
    descendants: frozenset[str]

    @classmethod
    def of(cls, lineage: Lineage, model_id: str) -> "Focus":
        lay = layout(lineage)
        return cls(model_id, lay.reach(model_id, lay.parents), lay.reach(model_id, lay.children))

    @property
    def members(self) -> frozenset[str]:
        return self.ancestors | self.descendants | {self.model}

    def node_class(self, mid: str) -> str:
        if mid == self.model:
            return " lt-self"
        if mid in self.ancestors:
            return " lt-ancestor"
        if mid in self.descendants:
            return " lt-descendant"
        return " lt-dim"

    def on_path(self, e: ParentLink) -> bool:
        upward = e.parent in self.ancestors and (e.child == self.model or e.child in self.ancestors)
        downward = e.child in self.descendants and (e.parent == self.model or e.parent in self.descendants)
        return upward or downward


@dataclass(frozen=True)
class Provenance:
    """Where an ability comes from: who records a change in it (id → change symbol, release order)
    and who lies on the lines between them (descendants of one recording model that are ancestors
    of another). The ONE definition of an ability's provenance set: the ability page's view
    (render/provenance.py) draws it, the interactive tree's ability filter highlights it (the
    set is written into the page, the script does not recompute it)."""

    changes: dict[str, str]
    between: frozenset[str]

    @classmethod
    def of(cls, lineage: Lineage, ability_id: str) -> "Provenance":
        lay = layout(lineage)
        changes = {m.id: a.change for m in lineage.release_order() for a in m.abilities if a.ability == ability_id}
        below: set[str] = set()  # descendants of some recording model
        above: set[str] = set()  # ancestors of some recording model
        for mid in changes:
            below |= lay.reach(mid, lay.children)
            above |= lay.reach(mid, lay.parents)
        return cls(changes, frozenset((below & above) - set(changes)))

    @property
    def members(self) -> frozenset[str]:
        return frozenset(self.changes) | self.between

    # what `_edge` asks of a focus: every edge drawn for a provenance is on its lines
    def on_path(self, e: ParentLink) -> bool:
        return True


def provenance(lineage: Lineage, ability_id: str) -> Provenance:
    """The provenance set of one ability (see `Provenance`)."""
    return Provenance.of(lineage, ability_id)


@dataclass(frozen=True)
class Crop:
    """The part of the layout one SVG shows (its viewBox), in layout coordinates."""

    x: float
    y: float
    width: float
    height: float


def crop_around(lay: Layout, node_ids, links) -> Crop:
    """The bounding box of these nodes and edges, with the year gutter on its left and a margin."""
    half_w, half_h = lay.node_w / 2, lay.node_h / 2
    xs0, ys0, xs1, ys1 = [], [], [], []
    for mid in node_ids:
        x, y = lay.nodes[mid]
        xs0.append(x - half_w), ys0.append(y - half_h), xs1.append(x + half_w), ys1.append(y + half_h)
    for e in links:
        x0, y0, x1, y1 = lay.edges[(e.parent, e.child)].bounds
        xs0.append(x0), ys0.append(y0), xs1.append(x1), ys1.append(y1)
    left = max(0.0, min(xs0) - GUTTER - MARGIN)
    top = max(0.0, min(ys0) - MARGIN)
    right = min(lay.width, max(xs1) + MARGIN)
    bottom = min(lay.height, max(ys1) + MARGIN)
    return Crop(round(left, 1), round(top, 1), round(right - left, 1), round(bottom - top, 1))


def marker_text(lineage: Lineage, method_id: str) -> str:
    method = lineage.methods.get(method_id)
    return method.marker if method else method_id


def marker_width(lineage: Lineage, method_id: str) -> float:
    return text_width(marker_text(lineage, method_id), 10) + 8


def _colour_vars(lineage: Lineage, method_id: str) -> str:
    """The method's colour pair as CSS variables; the stylesheet picks one per palette."""
    method = lineage.methods.get(method_id)
    if method is None or not (_HEX.match(method.color_light) and _HEX.match(method.color_dark)):
        return ""
    return f' style="--lt-c:{method.color_light};--lt-cd:{method.color_dark}"'


def method_name(lineage: Lineage, method_id: str, lang: str) -> str:
    """A method's name in `lang` (its id if the data lacks it: validation reports that)."""
    method = lineage.methods.get(method_id)
    return data_text(method.name, lang) if method else method_id


def grade_name(lineage: Lineage, grade_id: str, lang: str) -> str:
    grade = lineage.grades.get(grade_id)
    return data_text(grade.name, lang) if grade else grade_id


def ability_name(lineage: Lineage, ability_id: str, lang: str) -> str:
    ability = lineage.abilities.get(ability_id)
    return data_text(ability.name, lang) if ability else ability_id


def change_words(symbol: str, lang: str) -> str:
    """An ability change in words; a symbol outside + ++ - -- (bad data) as written."""
    return badges.change_words(symbol, lang) if symbol in badges.CHANGE_KEYS else symbol


def node_description(lineage: Lineage, m: Model, lang: str = DEFAULT) -> str:
    """What a screen reader hears on a node: names, date, where it comes from, abilities."""
    if m.api_name:
        parts = [t(lang, "tree.aria.head_api", name=m.name, api=m.api_name, date=m.release.date)]
    else:
        parts = [t(lang, "tree.aria.head_no_api", name=m.name, date=m.release.date)]
    org = getattr(m, "organisation", OPENAI)
    if getattr(m, "open_weights", False):
        parts.append(t(lang, "tree.aria.org_open_licence" if m.licence else "tree.aria.org_open", org=org,
                       series=m.series, licence=m.licence or ""))
    else:
        parts.append(t(lang, "tree.aria.org", org=org, series=m.series))
    for e in m.parents:
        parent = lineage.models.get(e.parent)
        key = "tree.aria.parent_distilled" if getattr(e, "relation", "") == DISTILLED_FROM else "tree.aria.parent"
        parts.append(t(lang, key, parent=parent.name if parent else e.parent,
                       method=method_name(lineage, e.method, lang), grade=grade_name(lineage, e.grade, lang)))
    for sc in getattr(m, "succeeds", ()):
        if sc.predecessor in lineage.models:
            parts.append(t(lang, "tree.aria.succeeds", predecessor=lineage.models[sc.predecessor].name,
                           grade=grade_name(lineage, sc.grade, lang)))
    changes = [t(lang, "tree.aria.change", ability=ability_name(lineage, a.ability, lang),
                 change=change_words(a.change, lang)) for a in m.abilities]
    if changes:
        parts.append(t(lang, "tree.aria.abilities", changes=t(lang, "tree.aria.change_sep").join(changes)))
    return t(lang, "tree.aria.sentence_sep").join(parts)


def line_variant(lineage: Lineage, grade_id: str) -> int:
    """0 for the strongest grade drawn with its line style, 1 for the next, … so two grades that share
    a style (say two kinds of solid) still look different (the stylesheet thins or shortens them)."""
    grade = lineage.grades.get(grade_id)
    if grade is None:
        return 0
    same = sorted((g.rank, g.id) for g in lineage.grades.values() if g.line_style == grade.line_style)
    return min(same.index((grade.rank, grade.id)), 2)


def render_svg(lineage: Lineage, from_src_uri: str, use_directory_urls: bool, *, focus: str | None = None,
               id_prefix: str = "", title: str | None = None, lang: str | None = None) -> str:
    """The tree as an inline SVG for page `from_src_uri`; node links are relative to that page.

    `lang`: the language of its words and of the pages its boxes link to; by default the language
    of the page it is drawn for (`zh/…` is Chinese). The layout is the same for every language.

    Links use `xlink:href`, not `href`: Material's instant navigation rewrites every `[href]` element
    by assigning `el.href`, which throws on SVG links (their `href` is read-only) — `xlink:href` is
    outside that selector and works in every browser, with or without JavaScript.

    `focus`: a model id for the model-page view: only that model, its ancestors and descendants and
    the edges among them, cropped to their bounding box (same coordinates as the full tree, the
    viewBox does the cropping), with the year bands they span.
    `id_prefix`: keeps ids unique if a page shows more than one tree.
    """
    lang = lang or language_of(from_src_uri)
    title = t(lang, "tree.svg_title") if title is None else title
    lay = layout(lineage)
    spot = Focus.of(lineage, focus) if focus else None
    if spot:
        members = spot.members
        models = [m for m in lineage.release_order() if m.id in members]
        edges = [e for e in lay.links if e.parent in members and e.child in members]
        view = crop_around(lay, members, edges)
    else:
        models = lineage.release_order()
        edges = list(lay.links)
        view = Crop(0.0, 0.0, lay.width, lay.height)
    if spot:
        succ = [s for s in successions(lineage) if s.predecessor in members and s.successor in members]
    else:
        succ = successions(lineage)
    out = [_svg_open(view, spot is not None, id_prefix, title), '<g class="lt-viewport">']
    out += _bands(lay, view)
    out += _lanes(lay, view)
    out.append('<g class="lt-edges" aria-hidden="true">')
    for s in succ:
        out += _succession(lineage, lay, s, id_prefix, lang, static=spot is not None)
    for e in edges:
        out += _edge(lineage, lay, e, spot, id_prefix, lang)
    out.append("</g>")
    out.append('<g class="lt-nodes">')
    for m in models:
        out += _node(lineage, lay, m, spot, id_prefix, lang,
                     links.url_for(links.model_src(m.id, lang), from_src_uri, use_directory_urls))
    out += ["</g>", "</g>", "</svg>"]
    return "\n".join(out)


def _svg_open(view: Crop, focused: bool, id_prefix: str, title: str) -> str:
    box = " ".join(_f(v) for v in (view.x, view.y, view.width, view.height))
    # A focus view may shrink to its column, but not below 60 %: a wide lineage scrolls instead.
    style = f' style="min-width:{_f(view.width * FOCUS_MIN_SCALE)}px"' if focused else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'class="lt-svg{" lt-focused" if focused else ""}" viewBox="{box}" width="{_f(view.width)}" '
        f'height="{_f(view.height)}"{style} role="group" tabindex="-1" aria-labelledby="{id_prefix}lt-title" '
        f'data-width="{_f(view.width)}" data-height="{_f(view.height)}">\n'
        f'<title id="{id_prefix}lt-title">{svg_text(title)}</title>'
    )


def _bands(lay: Layout, view: Crop) -> list[str]:
    """The year bands inside the view, clipped to it, each labelled at the view's left edge."""
    out = ['<g class="lt-bands" aria-hidden="true">']
    bottom = view.y + view.height
    for i, band in enumerate(lay.bands):
        top, end = max(band.top, view.y), min(band.bottom, bottom)
        if end - top < 1:
            continue
        out.append(f'<rect class="lt-band lt-band-{i % 2}" x="{_f(view.x)}" y="{_f(top)}" width="{_f(view.width)}" '
                   f'height="{_f(end - top)}" data-year="{band.year}"/>')
        out.append(f'<text class="lt-year" x="{_f(view.x + 8)}" y="{_f(top + 18)}">{band.year}</text>')
    out.append("</g>")
    return out


def _lanes(lay: Layout, view: Crop) -> list[str]:
    """The series lanes (Graphviz clusters) inside the view, each labelled at its top left."""
    right, bottom = view.x + view.width, view.y + view.height
    out = ['<g class="lt-lanes" aria-hidden="true">']
    for box in getattr(lay, "series", ()):
        if box.x1 < view.x or box.x0 > right or box.y1 < view.y or box.y0 > bottom:
            continue
        out.append(f'<g class="lt-lane" data-series="{svg_attr(box.series)}">'
                   f'<rect class="lt-lane-box" x="{_f(box.x0)}" y="{_f(box.y0)}" width="{_f(box.x1 - box.x0)}" '
                   f'height="{_f(box.y1 - box.y0)}" rx="8"/>'
                   f'<text class="lt-lane-label" x="{_f(box.x0 + 8)}" y="{_f(box.y0 + 15)}">{svg_text(box.series)}'
                   "</text></g>")
    out.append("</g>")
    return out


def _succession(lineage: Lineage, lay: Layout, s: Succession, id_prefix: str, lang: str, static: bool) -> list[str]:
    """A succession ("presented as the successor of"): a thin neutral line ending in a small circle,
    no method marker — it is not a training step. Not a `g.lt-edge`: the script's ancestry ignores it."""
    shape = lay.successions[(s.predecessor, s.successor)]
    tip, base = (tuple(float(v) for v in p.split(",")) for p in shape.arrow.split()[:2])
    cx, cy = (tip[0] + base[0]) / 2, (tip[1] + base[1]) / 2
    title = t(lang, "tree.succession_title", successor=lineage.models[s.successor].name,
              predecessor=lineage.models[s.predecessor].name, grade=grade_name(lineage, s.grade, lang))
    data = "" if static else f' data-grade="{svg_attr(s.grade)}"'
    return [
        f'<g id="{id_prefix}succ-{svg_attr(s.predecessor)}--{svg_attr(s.successor)}" class="lt-succ" '
        f'data-from="{svg_attr(s.predecessor)}" data-to="{svg_attr(s.successor)}"{data}>',
        f"<title>{svg_text(title)}</title>",
        f'<path class="lt-succ-line" d="{shape.path}"/>',
        f'<circle class="lt-succ-head" cx="{_f(cx)}" cy="{_f(cy)}" r="3.6"/>',
        "</g>",
    ]


def _edge(lineage: Lineage, lay: Layout, e: ParentLink, spot: Focus | None, id_prefix: str, lang: str) -> list[str]:
    shape = lay.edges[(e.parent, e.child)]
    grade = lineage.grades.get(e.grade)
    style = grade.line_style if grade and grade.line_style in ("solid", "dashed", "dotted") else "solid"
    marker = marker_text(lineage, e.method)
    relation = getattr(e, "relation", "trained-from")
    cls = (f"lt-edge lt-method-{svg_attr(e.method)} lt-grade-{svg_attr(e.grade)} lt-line-{style}"
           f" lt-variant-{line_variant(lineage, e.grade)} lt-rel-{svg_attr(relation)}")
    if spot:
        cls += " lt-on-path" if spot.on_path(e) else " lt-dim"
    child = lineage.models[e.child]
    parent = lineage.models[e.parent]
    mw = marker_width(lineage, e.method)
    distilled = relation == DISTILLED_FROM
    edge_title = t(lang, "tree.edge_title_distilled" if distilled else "tree.edge_title", parent=parent.name,
                   child=child.name, method=method_name(lineage, e.method, lang),
                   grade=grade_name(lineage, e.grade, lang))
    script_data = "" if spot else (f' data-method="{svg_attr(e.method)}" data-grade="{svg_attr(e.grade)}"'
                                   f' data-date="{svg_attr(child.release.date)}"')
    return [
        f'<g id="{id_prefix}edge-{svg_attr(e.parent)}--{svg_attr(e.child)}" class="{cls}" '
        f'data-parent="{svg_attr(e.parent)}" data-child="{svg_attr(e.child)}"{script_data}'
        f'{_colour_vars(lineage, e.method)}>',
        f"<title>{svg_text(edge_title)}</title>",
        f'<path class="lt-edge-line" d="{shape.path}"/>',
        *([f'<path class="lt-edge-core" d="{shape.path}"/>'] if distilled else []),  # a hollow, cased line
        f'<polygon class="lt-arrow" points="{shape.arrow}"/>',
        f'<rect class="lt-marker-box" x="{_f(shape.mx - mw / 2)}" y="{_f(shape.my - 7.5)}" width="{_f(mw)}" '
        f'height="15" rx="3"/>',
        f'<text class="lt-marker" x="{_f(shape.mx)}" y="{_f(shape.my + 3.5)}">{svg_text(marker)}</text>',
        "</g>",
    ]


def _node(lineage: Lineage, lay: Layout, m: Model, spot: Focus | None, id_prefix: str, lang: str,
          href: str) -> list[str]:
    w, h = lay.node_w, lay.node_h
    x, y = lay.nodes[m.id]
    left, top = x - w / 2, y - h / 2
    parents = " ".join(svg_attr(e.parent) for e in m.parents)
    children = " ".join(svg_attr(c) for c in lay.children.get(m.id, ()))
    abilities = " ".join(f"{svg_attr(a.ability)}:{svg_attr(a.change)}:{svg_attr(a.grade)}" for a in m.abilities)
    cls = "lt-node" + (spot.node_class(m.id) if spot else "")
    is_open = bool(getattr(m, "open_weights", False))
    if is_open:
        cls += " lt-open"
    org = getattr(m, "organisation", OPENAI)
    api_cls = "lt-api" if m.api_name else ("lt-api lt-api-org" if org != OPENAI else "lt-api lt-api-none")
    tag = []
    if is_open:  # a tag on the box's top border, left: "open weights", in words (not colour alone)
        word = t(lang, "tree.open_tag")
        tw = text_width(word, 9.5) + 8
        tag = [f'<rect class="lt-open-box" x="{_f(left + 8)}" y="{_f(top - 6.5)}" width="{_f(tw)}" height="13" rx="6.5"/>',
               f'<text class="lt-open-tag" x="{_f(left + 8 + tw / 2)}" y="{_f(top + 3)}">{svg_text(word)}</text>']
    current = ' aria-current="page"' if spot and m.id == spot.model else ""
    # What the interactive script reads (tooltip, filters, search); the static focus view skips it.
    script_data = "" if spot else (
        f' data-name="{svg_attr(m.name)}" data-api="{svg_attr(m.api_name or "")}"'
        f' data-date="{svg_attr(m.release.date)}" data-year="{m.release.year}" data-parents="{parents}"'
        f' data-children="{children}" data-abilities="{abilities}"'
        f' data-org="{svg_attr(getattr(m, "organisation", OPENAI))}" data-series="{svg_attr(m.series)}"'
        f' data-open="{"1" if getattr(m, "open_weights", False) else ""}"'
        f' data-licence="{svg_attr(getattr(m, "licence", None) or "")}"')
    return [
        f'<a id="{id_prefix}node-{svg_attr(m.id)}" class="{cls}" xlink:href="{svg_attr(href)}" tabindex="0"'
        f' data-model="{svg_attr(m.id)}"{script_data}'
        f' aria-label="{svg_attr(node_description(lineage, m, lang))}"{current}>',
        f'<rect class="lt-box" x="{_f(left)}" y="{_f(top)}" width="{_f(w)}" height="{_f(h)}" rx="6"/>',
        f'<text class="lt-name" x="{_f(x)}" y="{_f(top + 19)}">{svg_text(short(m.name))}</text>',
        f'<text class="{api_cls}" x="{_f(x)}" y="{_f(top + 35)}">{svg_text(short(api_line(m, lang)))}</text>',
        f'<text class="lt-date" x="{_f(x)}" y="{_f(top + 50)}">{svg_text(m.release.date)}</text>',
        f'<text class="lt-badge" x="{_f(left + w - 6)}" y="{_f(top + 14)}"></text>',
        *tag,
        "</a>",
    ]


# Colours for the standalone file only: there is no Material palette around it.
STANDALONE_STYLE = """
svg{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;
--fg:#1f1f1f;--fg2:#5c5c5c;--bg:#ffffff;--band:#f2f3f7;background:var(--bg)}
@media (prefers-color-scheme:dark){svg{--fg:#e3e3e8;--fg2:#b4b6c4;--bg:#1e2129;--band:#262a35}
.lt-edge{color:var(--lt-cd)}}
.lt-band-0{fill:var(--band)}.lt-band-1{fill:var(--bg)}
.lt-year{fill:var(--fg2);font-size:13px;font-weight:700}
.lt-edge{color:var(--lt-c)}.lt-edge-line{fill:none;stroke:currentColor;stroke-width:1.8}
.lt-line-dashed .lt-edge-line{stroke-dasharray:7 4}.lt-line-dotted .lt-edge-line{stroke-dasharray:1.5 3.5;stroke-linecap:round}
.lt-arrow{fill:currentColor}.lt-marker-box{fill:var(--bg);stroke:currentColor}
.lt-marker{fill:var(--fg);font-size:10px;font-weight:700;text-anchor:middle}
.lt-box{fill:var(--bg);stroke:var(--fg2);stroke-width:1.2}
.lt-name,.lt-api,.lt-date{fill:var(--fg);text-anchor:middle}.lt-name{font-size:13.5px;font-weight:700}
.lt-api{font-family:ui-monospace,"Noto Sans Mono",monospace;font-size:11.5px}.lt-api-none{font-style:italic;fill:var(--fg2)}
.lt-date{font-size:11.5px;fill:var(--fg2)}.lt-api-org{font-family:inherit}
.lt-rel-distilled-from .lt-edge-line{stroke-width:5}.lt-edge-core{fill:none;stroke:var(--bg);stroke-width:2}
.lt-line-dashed .lt-edge-core{stroke-dasharray:7 4}.lt-line-dotted .lt-edge-core{stroke-dasharray:1.5 3.5}
.lt-rel-distilled-from .lt-arrow{fill:var(--bg);stroke:currentColor;stroke-width:1.6}
.lt-succ-line{fill:none;stroke:var(--fg2);stroke-width:1}.lt-succ-head{fill:var(--bg);stroke:var(--fg2);stroke-width:1.4}
.lt-lane-box{fill:none;stroke:var(--fg2);stroke-opacity:.5;stroke-dasharray:5 4}
.lt-lane-label{fill:var(--fg2);font-size:12px;font-weight:700}
.lt-open-box{fill:#3f51b5}.lt-open-tag{fill:#fff;font-size:9.5px;font-weight:700;text-anchor:middle}.lt-badge{fill:var(--fg)}
"""


STANDALONE_SRC = "exports/tree.svg"


def render_standalone_svg(lineage: Lineage, use_directory_urls: bool = True) -> str:
    """The tree as a self-contained `.svg` file for `exports/tree.svg`: own colours, and node links
    relative to where the file is served (`exports/`), computed by `links.url_for` like every other
    link in raw SVG: `../models/<id>/` with directory URLs (the site's setting: mkdocs.yml leaves
    `use_directory_urls` on), `../models/<id>.html` without. Relative rather than absolute, so the
    file works under any host and base path (a preview, a fork's Pages site) — the price is that a
    downloaded copy's links only work next to the site."""
    svg = render_svg(lineage, STANDALONE_SRC, use_directory_urls, lang=DEFAULT)
    head, _, rest = svg.partition(">")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + head + ">\n<style>" + STANDALONE_STYLE + "</style>" + rest
            + "\n")
