"""Exports: the validated data set in formats other tools read, plus the Data page that documents them.

Every export is a pure function of the Lineage returning text, so the site, `gpt-lineage export`
and `gpt-lineage generate` produce byte-identical files. Each format has exactly one writer here:
JSON and CSV (tables), GraphML (graph tools), BibTeX (reference managers). DOT and the standalone
SVG come from the tree room's builders in `render/tree.py`, so the tree is drawn in one place.

Column, key and field descriptions live next to the code that writes them and the Data page reads
them from there, so documentation and files cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from .. import i18n
from ..i18n import page_src, t
from ..lineage import Lineage
from ..model import Model, Quantity, Source, Text
from . import links
from .escape import md_attr_text, md_inline
from .page import GeneratedPage

# Bump when a field is renamed, removed or changes meaning; adding a field keeps the version.
FORMAT_VERSION = 1
JOIN = "; "  # how CSV joins multi-valued fields
SCHEMA_FILES = ("model.schema.json", "registry.schema.json")
DATA_PAGE = "data.md"
REPO_ROOT = Path(__file__).resolve().parents[3]
CITATION_FILE = REPO_ROOT / "CITATION.cff"


# --- JSON ------------------------------------------------------------------------------------------
# The shape mirrors the YAML files (field names and order as in the schemas), with every optional
# field present: null when absent, [] for empty lists, so consumers never test for missing keys.


def _text(text: Text | None) -> dict | None:
    return None if text is None else {"en": text.en, "zh": text.zh}


def _quantity(q: Quantity) -> dict:
    return {"value": q.value, "undisclosed": q.undisclosed, "note": _text(q.note), "sources": list(q.sources)}


def model_record(m: Model) -> dict[str, Any]:
    """One model as a JSON object, fields in schema order."""
    arch = m.architecture
    return {
        "id": m.id,
        "name": m.name,
        "api_name": m.api_name,
        "aliases": list(m.aliases),
        "organisation": m.organisation,
        "series": m.series,
        "open_weights": m.open_weights,
        "licence": m.licence,
        "release": {"date": m.release.date, "note": _text(m.release.note), "sources": list(m.release.sources)},
        "parameters": _quantity(m.parameters),
        "context_window": _quantity(m.context_window),
        "knowledge_cutoff": None if m.knowledge_cutoff is None else {
            "date": m.knowledge_cutoff.date, "note": _text(m.knowledge_cutoff.note),
            "sources": list(m.knowledge_cutoff.sources),
        },
        "architecture": None if arch is None else {
            "layers": arch.layers, "heads": arch.heads, "d_model": arch.d_model,
            "note": _text(arch.note), "sources": list(arch.sources),
        },
        "training_data": {
            "text": _text(m.training_data.text), "tokens": m.training_data.tokens,
            "sources": list(m.training_data.sources),
        },
        "summary": _text(m.summary),
        "parents": [
            {"model": p.parent, "relation": p.relation, "method": p.method, "grade": p.grade, "note": _text(p.note),
             "sources": list(p.sources)}
            for p in m.parents
        ],
        "succeeds": [
            {"model": s.predecessor, "grade": s.grade, "note": _text(s.note), "sources": list(s.sources)}
            for s in m.succeeds
        ],
        "abilities": [
            {"ability": a.ability, "change": a.change, "grade": a.grade, "note": _text(a.note), "sources": list(a.sources)}
            for a in m.abilities
        ],
        "paper": m.paper,
        "open_source_approximations": [
            {"name": a.name, "url": a.url, "note": _text(a.note), "sources": list(a.sources)} for a in m.approximations
        ],
        "reproduces": [
            {"model": r.target, "method": r.method, "grade": r.grade, "note": _text(r.note), "sources": list(r.sources)}
            for r in m.reproduces
        ],
        "disagreements": [
            {"topic": _text(d.topic),
             "positions": [{"value": _text(p.value), "sources": list(p.sources)} for p in d.positions]}
            for d in m.disagreements
        ],
        "sources": list(m.sources),
    }


def registry_records(lineage: Lineage) -> dict[str, list[dict[str, Any]]]:
    """Every registry as a list of JSON objects, in file order, fields in schema order."""
    return {
        "abilities": [
            {"id": a.id, "name": _text(a.name), "definition": _text(a.definition), "sources": list(a.sources)}
            for a in lineage.abilities.values()
        ],
        "methods": [
            {"id": m.id, "name": _text(m.name), "description": _text(m.description),
             "color": {"light": m.color_light, "dark": m.color_dark}, "marker": m.marker, "sources": list(m.sources)}
            for m in lineage.methods.values()
        ],
        "grades": [
            {"id": g.id, "name": _text(g.name), "description": _text(g.description), "line_style": g.line_style,
             "rank": g.rank, "sources": list(g.sources)}
            for g in lineage.grades.values()
        ],
        "sources": [
            {"id": s.id, "title": s.title, "authors": list(s.authors), "year": s.year, "venue": s.venue,
             "kind": s.kind, "arxiv": s.arxiv, "url": s.url}
            for s in lineage.sources.values()
        ],
        "glossary": [
            {"en": t.en, "zh": t.zh, "abbr": t.abbr, "definition": _text(t.definition), "sources": list(t.sources)}
            for t in lineage.glossary
        ],
        "claims": [
            {"id": c.id, "statement": _text(c.statement), "grade": c.grade, "reasoning": _text(c.reasoning),
             "abilities": list(c.abilities), "models": list(c.models), "sources": list(c.sources)}
            for c in lineage.claims.values()
        ],
        "benchmarks": [
            {"id": b.id, "name": b.name, "metric": b.metric, "description": _text(b.description),
             "results": [
                 {"system": r.system, "model": r.model, "method": _text(r.method), "score": r.score, "date": r.date,
                  "sources": list(r.sources)}
                 for r in b.results
             ]}
            for b in lineage.benchmarks.values()
        ],
    }


JSON_TOP_LEVEL = (
    ("format_version", "Integer; raised only when a field is renamed, removed or changes meaning."),
    ("title", "`\"GPT Lineage\"`."),
    ("license", "SPDX id of the data licence (CC-BY-4.0)."),
    ("models", "Every model in release order; each object has the fields of a model file (below), "
               "all present: `null` when not given, `[]` when empty."),
    ("abilities, methods, grades, sources, glossary, claims, benchmarks",
     "The registries from `data/*.yaml`, in file order, with the fields of the registry schema, all present."),
)


def render_json(lineage: Lineage) -> str:
    """The whole validated data set as one JSON document (UTF-8, two-space indent, trailing newline)."""
    document = {
        "format_version": FORMAT_VERSION,
        "title": "GPT Lineage",
        "license": "CC-BY-4.0",
        "models": [model_record(m) for m in lineage.release_order()],
        **registry_records(lineage),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- CSV -------------------------------------------------------------------------------------------


def model_source_ids(lineage: Lineage, model_id: str) -> list[str]:
    """Every source cited anywhere about a model, in registry order."""
    return list(lineage.sources_by_model.get(model_id, ()))


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _arch(field: str) -> Callable[[Lineage, Model], str]:
    return lambda lin, m: "" if m.architecture is None else _number(getattr(m.architecture, field))


# (column, description, value) — one row per model, in this column order.
CSV_COLUMNS: tuple[tuple[str, str, Callable[[Lineage, Model], str]], ...] = (
    ("id", "Model id (file name in `data/models/`).", lambda lin, m: m.id),
    ("name", "Display name.", lambda lin, m: m.name),
    ("api_name", "Name in the OpenAI API; empty if it never had one.", lambda lin, m: m.api_name or ""),
    ("aliases", "Other names, joined with `; `.", lambda lin, m: JOIN.join(m.aliases)),
    ("organisation", "Who made the model (OpenAI, Meta AI, BigScience …).", lambda lin, m: m.organisation),
    ("series", "The model's series, one of the schema's list (GPT-1 … GPT-5, o-series, gpt-oss, and the open families).",
     lambda lin, m: m.series),
    ("open_weights", "`true` when the weights can be downloaded, else `false`.",
     lambda lin, m: "true" if m.open_weights else "false"),
    ("licence", "Licence of the weights (SPDX id or name); empty if none given.", lambda lin, m: m.licence or ""),
    ("release_date", "YYYY, YYYY-MM or YYYY-MM-DD.", lambda lin, m: m.release.date),
    ("parameters", "Parameter count; empty when undisclosed.", lambda lin, m: _number(m.parameters.value)),
    ("context_window", "Context window in tokens; empty when undisclosed.",
     lambda lin, m: _number(m.context_window.value)),
    ("knowledge_cutoff", "Last date of training data (YYYY[-MM[-DD]]), where documented.",
     lambda lin, m: m.knowledge_cutoff.date if m.knowledge_cutoff else ""),
    ("layers", "Transformer layers, where published.", _arch("layers")),
    ("heads", "Attention heads, where published.", _arch("heads")),
    ("d_model", "Hidden size, where published.", _arch("d_model")),
    ("training_tokens", "Training tokens, where published.", lambda lin, m: _number(m.training_data.tokens)),
    ("parents", "Parent model ids, joined with `; `.", lambda lin, m: JOIN.join(p.parent for p in m.parents)),
    ("parent_methods", "Training method id of each parent link, same order as `parents`.",
     lambda lin, m: JOIN.join(p.method for p in m.parents)),
    ("parent_grades", "Evidence grade id of each parent link, same order as `parents`.",
     lambda lin, m: JOIN.join(p.grade for p in m.parents)),
    ("parent_relations", "Relation of each parent link (`trained-from` or `distilled-from`), same order as `parents`.",
     lambda lin, m: JOIN.join(p.relation for p in m.parents)),
    ("succeeds", "Ids of the models this one is presented as succeeding, joined with `; `.",
     lambda lin, m: JOIN.join(s.predecessor for s in m.succeeds)),
    ("reproduces", "OpenAI steps this model reproduces, as `model:method`, joined with `; `.",
     lambda lin, m: JOIN.join(f"{r.target}:{r.method}" for r in m.reproduces)),
    ("abilities_gained", "Ability ids marked `+` or `++`, joined with `; `.",
     lambda lin, m: JOIN.join(a.ability for a in m.abilities if a.gained)),
    ("abilities_lost", "Ability ids marked `-` or `--`, joined with `; `.",
     lambda lin, m: JOIN.join(a.ability for a in m.abilities if not a.gained)),
    ("paper", "Source id of the model's paper; empty if none.", lambda lin, m: m.paper or ""),
    ("sources", "Every source id cited about the model, joined with `; `.",
     lambda lin, m: JOIN.join(model_source_ids(lin, m.id))),
    ("summary_en", "Summary in English.", lambda lin, m: m.summary.en),
    ("summary_zh", "Summary in Chinese; empty if not written yet.", lambda lin, m: m.summary.zh or ""),
)


# Cells a spreadsheet would run as a formula (OWASP, CSV injection): they get a leading single quote.
# Legitimate values are no exception (a lone "-" or "+" change marker, a summary opening with "-"):
# the Data page says so, and models.json keeps every value exact.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """`value` as a CSV cell no spreadsheet runs: `'` before a cell starting with = + - @ tab or CR."""
    return "'" + value if value.startswith(CSV_FORMULA_STARTS) else value


def render_csv(lineage: Lineage) -> str:
    """One row per model in release order (RFC 4180: comma, double quotes, CRLF; UTF-8); formula-like
    cells neutralised (`csv_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_cell(name) for name, _, _ in CSV_COLUMNS)
    for m in lineage.release_order():
        writer.writerow(csv_cell(value(lineage, m)) for _, _, value in CSV_COLUMNS)
    return out.getvalue()


# --- GraphML ---------------------------------------------------------------------------------------

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

# (key id, applies to, GraphML type, description, value or None when absent)
GRAPHML_KEYS: tuple[tuple[str, str, str, str, Callable[[Lineage, Any], Any]], ...] = (
    ("name", "node", "string", "Display name.", lambda lin, m: m.name),
    ("api_name", "node", "string", "OpenAI API name (absent if none).", lambda lin, m: m.api_name),
    ("release", "node", "string", "Release date, YYYY[-MM[-DD]].", lambda lin, m: m.release.date),
    ("series", "node", "string", "Model series.", lambda lin, m: m.series),
    ("organisation", "node", "string", "Who made the model.", lambda lin, m: m.organisation),
    ("open_weights", "node", "boolean", "Whether the weights can be downloaded.",
     lambda lin, m: "true" if m.open_weights else "false"),
    ("licence", "node", "string", "Licence of the weights (absent if none given).", lambda lin, m: m.licence),
    ("parameters", "node", "long", "Parameter count (absent when undisclosed).", lambda lin, m: m.parameters.value),
    ("relation", "edge", "string",
     "Edge kind: `trained-from` and `distilled-from` (parent → child, training edges), `succeeds` "
     "(predecessor → successor), `reproduces` (open model → the OpenAI model whose step it reproduces).",
     lambda lin, e: e.kind),
    ("method", "edge", "string", "Training method id (data/methods.yaml); absent on `succeeds` edges.",
     lambda lin, e: getattr(e, "method", None)),
    ("method_name", "edge", "string", "Training method name.",
     lambda lin, e: lin.methods[e.method].name.en if getattr(e, "method", None) else None),
    ("grade", "edge", "string", "Evidence grade id (data/grades.yaml).", lambda lin, e: e.grade),
    ("sources", "edge", "string", "Source ids, joined with `; `.", lambda lin, e: JOIN.join(e.sources)),
    ("note", "edge", "string", "Note on the link, in English (absent if none).",
     lambda lin, e: e.note.en if e.note else None),
)


def edge_id(parent: str, child: str, relation: str = "trained-from") -> str:
    """`parent->child` for a trained-from edge (as before relations existed), else with its kind."""
    return f"{parent}->{child}" if relation == "trained-from" else f"{parent}->{child}:{relation}"


def graph_edges(lineage: Lineage) -> list[tuple[str, str, str, Any]]:
    """(edge id, source, target, edge object) of every edge: training edges (parent → child), then
    successions (predecessor → successor), then reproductions (open model → reproduced model)."""
    out = [(edge_id(e.parent, e.child, e.relation), e.parent, e.child, e) for e in lineage.edges]
    out += [(edge_id(s.predecessor, s.successor, s.kind), s.predecessor, s.successor, s) for s in lineage.successions]
    out += [(edge_id(r.model, r.target, f"{r.kind}:{r.method}"), r.model, r.target, r) for r in lineage.reproductions]
    return out


def render_graphml(lineage: Lineage) -> str:
    """The lineage as a directed GraphML graph: models are nodes; parent links, successions and
    reproductions are edges, told apart by their `relation`."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    for key, domain, kind, _, _ in GRAPHML_KEYS:
        ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": key, "attr.type": kind})
    graph = ET.SubElement(root, "graph", {"id": "gpt-lineage", "edgedefault": "directed"})

    def add_data(element: ET.Element, domain: str, obj: Any) -> None:
        for key, for_, _, _, value in GRAPHML_KEYS:
            v = value(lineage, obj) if for_ == domain else None
            if v is not None:
                ET.SubElement(element, "data", {"key": key}).text = str(v)

    for m in lineage.release_order():
        add_data(ET.SubElement(graph, "node", {"id": m.id}), "node", m)
    for eid, source, target, e in graph_edges(lineage):
        add_data(ET.SubElement(graph, "edge", {"id": eid, "source": source, "target": target}), "edge", e)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- BibTeX ----------------------------------------------------------------------------------------

# Inside a braced BibTeX value these would end the value, start a comment or mean math/commands.
_BIB_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIB_TABLE = str.maketrans(_BIB_SPECIALS)
_WHITESPACE = re.compile(r"\s+")


def bib_text(text: str) -> str:
    """Contributor text as the content of a braced BibTeX field: specials escaped, one line."""
    return _WHITESPACE.sub(" ", str(text)).strip().translate(_BIB_TABLE)


def bib_url(url: str) -> str:
    """A URL for `url`/`howpublished`: verbatim for LaTeX, but braces and backslashes percent-encoded
    so the field cannot be closed early."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bib_author(name: str) -> str:
    """One author; names BibTeX would split wrongly (containing ` and ` or a comma) are braced whole."""
    text = bib_text(name)
    if "," in text or re.search(r"\sand\s", text, re.IGNORECASE):
        return "{" + text + "}"
    return text


def _bib_entry(kind: str, key: str, fields: Iterable[tuple[str, str | None]]) -> str:
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields if value]
    return "\n".join(lines) + "\n}\n"


def bib_entry(source: Source) -> str:
    """@article for arXiv papers (with eprint fields); @misc for documentation, blogs and the rest."""
    common = [
        ("title", "{" + bib_text(source.title) + "}"),  # inner braces keep the capitalisation
        ("author", " and ".join(bib_author(a) for a in source.authors)),
        ("year", str(source.year)),
    ]
    if source.arxiv:
        journal = source.venue or f"arXiv preprint arXiv:{source.arxiv}"
        return _bib_entry("article", source.id, common + [
            ("journal", bib_text(journal)),
            ("eprint", source.arxiv),
            ("archiveprefix", "arXiv"),
            ("url", bib_url(source.link)),
        ])
    return _bib_entry("misc", source.id, common + [
        ("howpublished", bib_text(source.venue) if source.venue else None),
        ("url", bib_url(source.link)),
        ("note", bib_text(source.kind.capitalize())),
    ])


def render_bibtex(lineage: Lineage) -> str:
    """Every source in the registry as BibTeX, keyed by source id, in registry order."""
    header = "% GPT Lineage: every source cited on the site. Keys are the source ids in data/sources.yaml.\n\n"
    return header + "\n".join(bib_entry(s) for s in lineage.sources.values())


# --- DOT and standalone SVG (drawn by the tree room) -----------------------------------------------


def _tree_function(name: str) -> Callable | None:
    """The tree room's builder if it exists yet; the exports that need it are skipped otherwise."""
    try:
        from . import tree
    except ImportError:
        return None
    return getattr(tree, name, None)


def render_dot(lineage: Lineage) -> str:
    """The lineage as Graphviz DOT with typed edges, from the same builder that lays out the tree."""
    build = _tree_function("render_dot")
    if build is None:
        raise RuntimeError("render/tree.py does not provide render_dot(lineage) yet")
    return build(lineage)


def render_tree_svg(lineage: Lineage) -> str:
    """The evolution tree as a standalone SVG file, carrying its own colours in an inline <style>."""
    build = _tree_function("render_standalone_svg")
    if build is None:
        raise RuntimeError("render/tree.py does not provide render_standalone_svg(lineage) yet")
    return build(lineage)


# --- Schemas ---------------------------------------------------------------------------------------


def schema_bytes(name: str) -> bytes:
    """A JSON Schema exactly as validation uses it, for editors outside the repository."""
    return resources.files("gpt_lineage").joinpath("schemas", name).read_bytes()


# --- Citation (CITATION.cff) -----------------------------------------------------------------------


def read_citation(path: Path = CITATION_FILE) -> dict[str, Any]:
    """CITATION.cff, the one place that says how to cite the site and the data.

    Read from the repository the package runs from (it is installed editable, `pip install -e .`).
    """
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the Data page is built from the repository's CITATION.cff "
                                "(install the package editable from a checkout: pip install -e .)")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def citation_bibtex(citation: dict[str, Any]) -> str:
    """A @misc entry for the site and data set, from CITATION.cff."""
    authors = " and ".join(
        "{" + bib_text(a["name"]) + "}" if "name" in a else bib_author(f"{a.get('given-names', '')} {a['family-names']}")
        for a in citation["authors"]
    )
    return _bib_entry("misc", "gptlineage", [
        ("title", "{" + bib_text(citation["title"]) + "}"),
        ("author", authors),
        ("year", str(citation["date-released"])[:4]),
        ("version", bib_text(str(citation["version"]))),
        ("url", bib_url(citation["url"])),
    ])


def citation_text(citation: dict[str, Any], lang: str = i18n.DEFAULT) -> str:
    """A one-line human citation in Markdown: Authors (year). Title, version. <URL>"""
    names = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a['family-names']}".strip()
                      for a in citation["authors"])
    year = str(citation["date-released"])[:4]
    plain = t(lang, "exports.citation", names=names, year=year, title=citation["title"], version=citation["version"])
    return f"{md_inline(plain)} <{citation['url']}>"


# --- The Data page ---------------------------------------------------------------------------------

# (file under exports/, what it is, render) — the Data page lists them in this order.
EXPORTS: tuple[tuple[str, str, Callable[[Lineage], str]], ...] = (
    ("models.json", "The whole validated data set: every model and every registry.", render_json),
    ("models.csv", "One row per model, for spreadsheets and data frames.", render_csv),
    ("lineage.graphml", "The lineage graph with typed edges, for Gephi, yEd, networkx or igraph.", render_graphml),
    ("lineage.dot", "The same graph in Graphviz DOT, edges styled by method and evidence grade.", render_dot),
    ("tree.svg", "The evolution tree as a standalone SVG image with its own colours.", render_tree_svg),
    ("references.bib", "BibTeX for every source cited on the site, keyed by source id.", render_bibtex),
)


def describe(lang: str, group: str, name: str, english: str) -> str:
    """The description of one export, column, key or schema field on the Data page of `lang`.

    The English lives next to the code that writes the file (or in the schema) and is what the
    English page shows. Other languages read `exports.<group>.<name>` from their catalogue; the
    English catalogue keeps the English each translation was made from (a test compares it with
    the code, so a changed description shows up as a stale translation). A description without a
    translation yet shows the English, marked like untranslated data text.
    """
    key = f"exports.{group}.{_key(name)}"
    if lang == i18n.DEFAULT:
        return english
    words = i18n.catalogue(lang).get(key)
    if words:
        return words
    return (f'<span class="lineage-untranslated" lang="en" '
            f'title="{md_attr_text(t(lang, "lang.untranslated"))}">{english}</span>')


def _key(name: str) -> str:
    """A catalogue key for a field name (`models.json` -> `models_json`; dots nest keys)."""
    return re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_")


def described_fields() -> list[tuple[str, str, str]]:
    """(group, name, English) of every description the Data page shows, for the catalogue tests."""
    model_schema = json.loads(schema_bytes("model.schema.json"))
    return [
        *(("files", name, what) for name, what, _ in EXPORTS),
        *(("json", name, desc) for name, desc in JSON_TOP_LEVEL),
        *(("schema", name, spec.get("description", "")) for name, spec in model_schema["properties"].items()),
        *(("csv", name, desc) for name, desc, _ in CSV_COLUMNS),
        *(("graphml", key, desc) for key, _, _, desc, _ in GRAPHML_KEYS),
    ]


def _schema_field_rows(schema: dict, lang: str) -> list[str]:
    required = set(schema.get("required", ()))
    rows = []
    for name, spec in schema["properties"].items():
        desc = describe(lang, "schema", name, md_inline(spec.get("description", "")))
        rows.append(f"| `{name}` | {t(lang, 'exports.yes' if name in required else 'exports.no')} | {desc} |")
    return rows


def _heading(lang: str, level: int, key: str, anchor: str) -> str:
    """A section heading in `lang`, with the English page's anchor on every edition (the default
    slugs of Chinese headings would be empty)."""
    suffix = f" {{#{anchor} }}" if lang != i18n.DEFAULT else ""
    return f"{'#' * level} {t(lang, key)}{suffix}"


def render_data_page(lineage: Lineage, citation: dict[str, Any], lang: str) -> str:
    """data.md (`zh/data.md` …): each export with its URL and fields, the schemas for editors, and
    how to cite. Links to exports/ and schema/ are language-neutral, relative to the page's real path."""
    src = page_src(DATA_PAGE, lang)
    site = str(citation["url"]).rstrip("/") + "/"
    model_schema = json.loads(schema_bytes("model.schema.json"))
    n_models, n_edges, n_sources = len(lineage.models), len(lineage.edges), len(lineage.sources)

    def file(path: str) -> str:
        return links.md_link(path, src)

    out = [
        f"# {t(lang, 'exports.title')}",
        "",
        t(lang, "exports.intro", models=n_models, edges=n_edges, sources=n_sources),
        "",
        _heading(lang, 2, "exports.h_downloads", "downloads"),
        "",
        f"| {t(lang, 'exports.col_file')} | {t(lang, 'exports.col_what')} | {t(lang, 'exports.col_url')} |",
        "| --- | --- | --- |",
    ]
    for name, what, _ in EXPORTS:
        if _export_available(name):
            out.append(f"| [{name}]({file(f'exports/{name}')}) | {describe(lang, 'files', name, what)} | "
                       f"`{site}exports/{name}` |")
    out += [
        "",
        t(lang, "exports.cli"),
        "",
        "### `models.json`",
        "",
        t(lang, "exports.json_intro", version=FORMAT_VERSION),
        "",
        f"| {t(lang, 'exports.col_top_level')} | {t(lang, 'exports.col_content')} |",
        "| --- | --- |",
    ]
    out += [f"| `{name}` | {describe(lang, 'json', name, desc)} |" for name, desc in JSON_TOP_LEVEL]
    out += [
        "",
        t(lang, "exports.model_fields"),
        "",
        f"| {t(lang, 'exports.col_field')} | {t(lang, 'exports.col_required')} | {t(lang, 'exports.col_meaning')} |",
        "| --- | --- | --- |",
        *_schema_field_rows(model_schema, lang),
        "",
        "### `models.csv`",
        "",
        # The CSV format sentence (what render_csv writes): exports.csv_intro in the catalogues.
        t(lang, "exports.csv_intro", join=JOIN),
        "",
        f"| {t(lang, 'exports.col_column')} | {t(lang, 'exports.col_meaning')} |",
        "| --- | --- |",
        *(f"| `{name}` | {describe(lang, 'csv', name, desc)} |" for name, desc, _ in CSV_COLUMNS),
        "",
        _heading(lang, 3, "exports.h_graph", "lineagegraphml-and-lineagedot"),
        "",
        t(lang, "exports.graph_intro"),
        "",
        f"| {t(lang, 'exports.col_key')} | {t(lang, 'exports.col_on')} | {t(lang, 'exports.col_type')} | "
        f"{t(lang, 'exports.col_meaning')} |",
        "| --- | --- | --- | --- |",
        *(f"| `{key}` | {t(lang, f'exports.domain_{domain}')} | {kind} | {describe(lang, 'graphml', key, desc)} |"
          for key, domain, kind, desc, _ in GRAPHML_KEYS),
        "",
        "### `references.bib`",
        "",
        t(lang, "exports.bib_intro", references=links.md_link(page_src("references.md", lang), src)),
        "",
        _heading(lang, 2, "exports.h_schemas", "schemas-for-editors"),
        "",
        t(lang, "exports.schemas_intro"),
        "",
        f"| {t(lang, 'exports.col_schema')} | {t(lang, 'exports.col_url')} |",
        "| --- | --- |",
        f"| [`model.schema.json`]({file('schema/model.schema.json')}) — {t(lang, 'exports.schema_model')} "
        f"| `{site}schema/model.schema.json` |",
        f"| [`registry.schema.json`]({file('schema/registry.schema.json')}) — {t(lang, 'exports.schema_registry')} "
        f"| `{site}schema/registry.schema.json` |",
        "",
        t(lang, "exports.modeline"),
        "",
        "```yaml",
        f"# yaml-language-server: $schema={site}schema/model.schema.json",
        "```",
        "",
        t(lang, "exports.schemas_local"),
        "",
        _heading(lang, 2, "exports.h_cite", "how-to-cite"),
        "",
        t(lang, "exports.cite_intro"),
        "",
        f"> {citation_text(citation, lang)}",
        "",
        "```bibtex",
        citation_bibtex(citation).rstrip("\n"),
        "```",
        "",
        t(lang, "exports.cite_facts"),
        "",
    ]
    return "\n".join(out)


def _export_available(name: str) -> bool:
    """DOT and SVG depend on the tree room's builders; everything else is always there."""
    needs = {"lineage.dot": "render_dot", "tree.svg": "render_standalone_svg"}.get(name)
    return needs is None or _tree_function(needs) is not None


# --- Registration in render/pages.py ---------------------------------------------------------------


def data_page(lineage: Lineage, lang: str) -> list[GeneratedPage]:
    return [GeneratedPage(page_src(DATA_PAGE, lang), t(lang, "exports.title"), "Data",
                          render_data_page(lineage, read_citation(), lang))]


def export_files(lineage: Lineage) -> list[GeneratedPage]:
    return [GeneratedPage(f"exports/{name}", name, "", render(lineage))
            for name, _, render in EXPORTS if _export_available(name)]


def schema_files(lineage: Lineage) -> list[GeneratedPage]:
    return [GeneratedPage(f"schema/{name}", name, "", schema_bytes(name)) for name in SCHEMA_FILES]
