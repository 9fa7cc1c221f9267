"""Exports read back with real parsers (json, csv, networkx, lxml, bibtexparser, jsonschema, pygraphviz)
and compared with the data they came from; plus the contributor tooling files (CITATION.cff,
pre-commit, the GitHub workflow) checked against what works in this repository.

Every data-driven test runs on two data sets: the real `data/` and a small fixture full of strings
that break naive writers (quotes, commas, newlines, BibTeX specials, `<script>`, Chinese).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import networkx as nx
import pytest
import yaml
from bibtexparser import middlewares
from jsonschema import Draft7Validator
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from gpt_lineage.lineage import Lineage, load_lineage
from gpt_lineage.loader import load_data_dir
from gpt_lineage.render import exports, search
from gpt_lineage.render.pages import generated_pages

ROOT = Path(__file__).resolve().parents[1]
DATA_SETS = {"data": ROOT / "data", "fixture": Path(__file__).parent / "fixtures" / "exports_data"}
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module", params=sorted(DATA_SETS))
def data(request) -> tuple[Path, Lineage, dict[str, str | bytes]]:
    """(data dir, its lineage, {src_uri: content} of every generated file)."""
    data_dir = DATA_SETS[request.param]
    lineage = load_lineage(data_dir)
    files = {p.src_uri: p.content for p in generated_pages(lineage)}
    return data_dir, lineage, files


def _text(files: dict, name: str) -> str:
    content = files[name]
    return content.decode("utf-8") if isinstance(content, bytes) else content


# --- models.json -----------------------------------------------------------------------------------


def _as_written(value):
    """Drop what the export adds for completeness (nulls, empty lists, `undisclosed: false`, and the
    schema's defaults `open_weights: false` and `relation: trained-from`)."""
    defaults = {("undisclosed", False), ("open_weights", False), ("relation", "trained-from")}
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()
                if v is not None and v != [] and not (isinstance(v, (bool, str)) and (k, v) in defaults)}
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    return value


def _as_model_file(record: dict) -> dict:
    """A model record shaped like a YAML model file: required keys kept even when null or empty."""
    written = _as_written(record)
    return {**written, "api_name": record["api_name"], "parents": written.get("parents", []),
            "abilities": written.get("abilities", [])}


def test_json_has_every_model_in_release_order_and_every_registry(data):
    _, lineage, files = data
    doc = json.loads(_text(files, "exports/models.json"))
    assert doc["format_version"] == exports.FORMAT_VERSION
    assert [m["id"] for m in doc["models"]] == [m.id for m in lineage.release_order()]
    dates = [m["release"]["date"] for m in doc["models"]]
    assert dates == sorted(dates, key=lambda d: [int(p) for p in d.split("-")])
    assert [a["id"] for a in doc["abilities"]] == list(lineage.abilities)
    assert [s["id"] for s in doc["sources"]] == list(lineage.sources)
    assert [m["id"] for m in doc["methods"]] == list(lineage.methods)
    assert [g["id"] for g in doc["grades"]] == list(lineage.grades)
    assert [c["id"] for c in doc["claims"]] == list(lineage.claims)
    assert [b["id"] for b in doc["benchmarks"]] == list(lineage.benchmarks)
    assert len(doc["glossary"]) == len(lineage.glossary)


def test_json_models_have_every_field_in_schema_order(data):
    _, _, files = data
    doc = json.loads(_text(files, "exports/models.json"))
    schema_fields = list(json.loads(exports.schema_bytes("model.schema.json"))["properties"])
    for m in doc["models"]:
        assert list(m) == schema_fields, m["id"]


def test_json_loses_nothing_from_the_yaml(data):
    """Each model and registry, minus the added nulls, equals what the contributor wrote."""
    data_dir, _, files = data
    doc = json.loads(_text(files, "exports/models.json"))
    documents, problems = load_data_dir(data_dir)
    assert not problems
    exported_models = {m["id"]: m for m in doc["models"]}
    for d in documents:
        if d.kind == "model":
            assert _as_written(exported_models[d.data["id"]]) == _as_written(d.data), d.path
        else:
            assert _as_written(doc[d.kind]) == _as_written(d.data[d.kind]), d.path


def test_json_records_validate_against_the_published_schemas(data):
    _, _, files = data
    doc = json.loads(_text(files, "exports/models.json"))
    model_v, registry_v = _published_validators(files)
    for m in doc["models"]:
        assert not list(model_v.iter_errors(_as_model_file(m))), m["id"]
    for kind in ("abilities", "methods", "grades", "sources", "glossary", "claims", "benchmarks"):
        assert not list(registry_v.iter_errors({kind: _as_written(doc[kind])})), kind


# --- the published JSON Schemas ----------------------------------------------------------------------


def _published_validators(files: dict) -> tuple[Draft7Validator, Draft7Validator]:
    """Validators built only from the files the site publishes under schema/, at their public URLs,
    so the registry schema's relative `model.schema.json#…` references must resolve there."""
    base = exports.read_citation()["url"].rstrip("/") + "/schema/"
    schemas = {name: json.loads(files[f"schema/{name}"]) for name in exports.SCHEMA_FILES}
    store = Registry().with_resources(
        (base + name, Resource.from_contents(s, default_specification=DRAFT7)) for name, s in schemas.items()
    )
    make = lambda name: Draft7Validator({"$ref": base + name}, registry=store)  # noqa: E731
    return make("model.schema.json"), make("registry.schema.json")


def test_every_data_file_validates_against_the_published_schema(data):
    data_dir, _, files = data
    model_v, registry_v = _published_validators(files)
    documents, _ = load_data_dir(data_dir)
    kinds = {d.kind for d in documents}
    assert "model" in kinds and len(kinds) == 8
    for d in documents:
        validator = model_v if d.kind == "model" else registry_v
        errors = [e.message for e in validator.iter_errors(d.data)]
        assert not errors, f"{d.path}: {errors}"


def test_published_schemas_reject_a_broken_model(data):
    """The schema check above could fail: a model with a wrong type and an unknown field is refused."""
    _, lineage, files = data
    model_v, _ = _published_validators(files)
    broken = _as_model_file(exports.model_record(lineage.release_order()[0]))
    broken["series"], broken["colour"] = "GPT-9", "red"
    assert len(list(model_v.iter_errors(broken))) == 2


def test_published_schemas_are_the_validation_schemas(data):
    _, _, files = data
    for name in exports.SCHEMA_FILES:
        assert files[f"schema/{name}"] == (ROOT / "scripts/gpt_lineage/schemas" / name).read_bytes()


# --- models.csv ------------------------------------------------------------------------------------


def test_csv_has_one_row_per_model_with_stable_columns(data):
    _, lineage, files = data
    rows = list(csv.DictReader(io.StringIO(_text(files, "exports/models.csv"), newline="")))
    with io.StringIO(_text(files, "exports/models.csv"), newline="") as f:
        header = next(csv.reader(f))
    assert header == [name for name, _, _ in exports.CSV_COLUMNS]
    assert [r["id"] for r in rows] == [m.id for m in lineage.release_order()]
    for row in rows:
        m = lineage.models[row["id"]]
        assert row["name"] == m.name
        assert row["summary_en"] == m.summary.en  # quotes, commas and newlines survive
        assert row["parents"].split("; ") == [p.parent for p in m.parents] or (row["parents"] == "" and not m.parents)
        assert row["parameters"] == ("" if m.parameters.undisclosed else str(m.parameters.value))
        gained = {a.ability for a in m.abilities if a.change in ("+", "++")}
        assert set(filter(None, row["abilities_gained"].split("; "))) == gained
        cited = set(filter(None, row["sources"].split("; ")))
        assert set(m.release.sources) | set(m.sources) <= cited <= set(lineage.sources)


# --- lineage.graphml -------------------------------------------------------------------------------


def test_graphml_reads_back_in_networkx_with_typed_edges(data, tmp_path):
    _, lineage, files = data
    path = tmp_path / "lineage.graphml"
    path.write_text(_text(files, "exports/lineage.graphml"), encoding="utf-8")
    g = nx.read_graphml(path)
    assert isinstance(g, nx.DiGraph)
    assert list(g.nodes) == [m.id for m in lineage.release_order()]
    training = {(e.parent, e.child) for e in lineage.edges}
    succession = {(x.predecessor, x.successor) for x in lineage.successions}
    reproduction = {(x.model, x.target) for x in lineage.reproductions}
    assert set(g.edges) == training | succession | reproduction
    assert g.number_of_edges() == len(lineage.edges) + len(lineage.successions) + len(lineage.reproductions)
    for e in lineage.edges:
        attrs = g.edges[e.parent, e.child]
        assert attrs["method"] == e.method and attrs["grade"] == e.grade and attrs["relation"] == e.relation
        assert attrs["sources"].split("; ") == list(e.sources)
    for m in lineage.models.values():
        node = g.nodes[m.id]
        assert node["name"] == m.name and node["release"] == m.release.date and node["series"] == m.series
        assert node.get("api_name") == m.api_name
        assert node.get("parameters") == m.parameters.value


def test_graphml_is_well_formed_graphml(data):
    _, _, files = data
    root = etree.fromstring(files["exports/lineage.graphml"].encode("utf-8"))
    ns = {"g": exports.GRAPHML_NS}
    assert root.tag == f"{{{exports.GRAPHML_NS}}}graphml"
    key_ids = [k.get("id") for k in root.findall("g:key", ns)]
    assert len(key_ids) == len(set(key_ids))
    used = {d.get("key") for d in root.iter(f"{{{exports.GRAPHML_NS}}}data")}
    assert used <= set(key_ids)
    node_ids = {n.get("id") for n in root.findall("g:graph/g:node", ns)}
    for edge in root.findall("g:graph/g:edge", ns):
        assert edge.get("source") in node_ids and edge.get("target") in node_ids


# --- references.bib --------------------------------------------------------------------------------


def _parse_bib(text: str, decode: bool = True):
    mw = [middlewares.SeparateCoAuthors()] + ([middlewares.LatexDecodingMiddleware()] if decode else [])
    lib = bibtexparser.parse_string(text, append_middleware=mw)
    assert not lib.failed_blocks, [b.error for b in lib.failed_blocks]
    return lib


def test_bibtex_has_one_entry_per_source_with_exact_titles(data):
    _, lineage, files = data
    text = _text(files, "exports/references.bib")
    lib = _parse_bib(text)
    raw = {e.key: e for e in _parse_bib(text, decode=False).entries}
    assert [e.key for e in lib.entries] == list(lineage.sources)
    for entry in lib.entries:
        source = lineage.sources[entry.key]
        # pylatexenc renders \textasciicircum as the modifier letter; LaTeX prints a caret
        assert entry["title"].replace("\u02c6", "^") == " ".join(source.title.split())
        assert len(entry["author"]) == len(source.authors)
        assert entry["year"] == str(source.year)
        url = raw[entry.key]["url"]
        assert not set("{}\\ ") & set(url)
        assert url.replace("%7B", "{").replace("%7D", "}").replace("%5C", "\\") == source.link
        if source.arxiv:
            assert entry.entry_type == "article"
            assert entry["eprint"] == source.arxiv and entry["archiveprefix"] == "arXiv"
        else:
            assert entry.entry_type == "misc"


def test_bibtex_escapes_every_special(data):
    """Braces inside a value are balanced, so no title can end its field early."""
    _, _, files = data
    for line in _text(files, "exports/references.bib").splitlines():
        if " = {" in line:
            value = re.sub(r"\\[{}]", "", line.split(" = ", 1)[1])
            depth = 0
            for ch in value:
                depth += {"{": 1, "}": -1}.get(ch, 0)
                assert depth >= 0, line
            assert depth == 0, line
            assert not re.search(r"(?<!\\)[%&$#_]", line.split(" = ", 1)[1]) or line.lstrip().startswith("url"), line


def test_bib_text_escapes_latex_specials():
    assert exports.bib_text("a & b % c $ d # e _ f { g } h ~ i ^ j \\ k") == (
        r"a \& b \% c \$ d \# e \_ f \{ g \} h \textasciitilde{} i \textasciicircum{} j \textbackslash{} k")


# --- lineage.dot and tree.svg (built by the tree room) ---------------------------------------------


def test_dot_parses_in_graphviz_with_every_edge(data):
    _, lineage, files = data
    if "exports/lineage.dot" not in files:
        pytest.skip("render/tree.py has no render_dot yet")
    import pygraphviz

    g = pygraphviz.AGraph(string=files["exports/lineage.dot"])
    assert g.is_directed()
    assert {n for n in g.nodes()} >= set(lineage.models)
    edges = {(a, b) for a, b in g.edges() if a in lineage.models and b in lineage.models}
    training = {(e.parent, e.child) for e in lineage.edges}
    others = {(x.predecessor, x.successor) for x in lineage.successions} | \
        {(x.model, x.target) for x in lineage.reproductions} | {(x.target, x.model) for x in lineage.reproductions}
    assert training <= edges <= training | others  # every training edge; other kinds only as the data has them


def test_tree_svg_is_a_standalone_svg_with_its_own_styles(data):
    _, lineage, files = data
    if "exports/tree.svg" not in files:
        pytest.skip("render/tree.py has no render_standalone_svg yet")
    root = etree.fromstring(_text(files, "exports/tree.svg").encode("utf-8"))
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg"
    assert root.find(f".//{svg}style") is not None and "var(--md-" not in root.find(f".//{svg}style").text
    text = "".join(root.itertext())
    for m in lineage.models.values():
        assert m.name in text or (m.api_name or "") in text



def test_tree_svg_styles_every_shape_it_draws():
    """Opened on its own, the file has only its own <style>: an unstyled rect, path or polygon is
    filled black (lanes, succession lines and open-weights tags once were). On the shipped data,
    which has every kind of mark: lanes, successions, distillation, open weights."""
    from gpt_lineage.render import tree

    root = etree.fromstring(tree.render_standalone_svg(load_lineage(ROOT / "data")).encode("utf-8"))
    svg = "{http://www.w3.org/2000/svg}"
    styled = set(re.findall(r"\.([A-Za-z0-9_-]+)", root.find(f"{svg}style").text))
    drawn: dict[str, set[str]] = {}
    for shape in ("rect", "path", "polygon", "circle", "text"):
        for el in root.iter(f"{svg}{shape}"):
            classes = frozenset(el.get("class", "").split())
            drawn.setdefault(shape, set()).update(classes)
            assert classes & styled, f"<{shape} class=\"{' '.join(sorted(classes))}\"> has no rule in the file's style"
    for mark in ("lt-lane-box", "lt-succ-line", "lt-succ-head", "lt-open-box", "lt-edge-core"):
        assert any(mark in classes for classes in drawn.values()), f"the shipped tree draws no {mark}"

# --- the Data page and CITATION.cff ----------------------------------------------------------------


def test_data_page_lists_every_export_and_schema_url(data):
    _, _, files = data
    page = files["data.md"]
    for src in files:
        if src.startswith(("exports/", "schema/")):
            assert f"]({src})" in page, src
    site = exports.read_citation()["url"]
    assert f"# yaml-language-server: $schema={site}schema/model.schema.json" in page
    assert f"{site}schema/registry.schema.json" in page
    for column, _, _ in exports.CSV_COLUMNS:
        assert f"| `{column}` |" in page


def test_citation_cff_matches_the_site():
    cff = exports.read_citation()
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "date-released", "license", "url", "repository-code"):
        assert cff[key], key
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # has tags safe_load refuses; read two keys
    assert re.search(rf"^site_url: {re.escape(cff['url'])}$", mkdocs, re.MULTILINE)
    assert re.search(rf"^repo_url: {re.escape(cff['repository-code'])}$", mkdocs, re.MULTILINE)
    page = exports.render_data_page(load_lineage(DATA_SETS["fixture"]), cff, "en")
    assert cff["title"] in page and f"version = {{{cff['version']}}}" in page
    _parse_bib(page.split("```bibtex\n", 1)[1].split("```", 1)[0])


# --- Chinese search ------------------------------------------------------------------------------


def test_zh_terms_are_the_short_chinese_names():
    lineage = load_lineage(DATA_SETS["fixture"])
    terms = search.zh_terms(lineage)
    assert {"思维链", "指令微调"} <= set(terms)
    assert all(2 <= len(t) <= 6 for t in terms)
    # a compound of a taught term is not taught itself: jieba cuts it around the term, so a query
    # for 思维链 also finds the pages that say 思维链提示
    assert "思维链提示" not in terms
    import jieba
    search.teach_segmenter(lineage)
    assert jieba.lcut("思维链提示") == ["思维链", "提示"]


@pytest.mark.slow
def test_search_index_keeps_chinese_terms_whole(built_site):
    """Material segments Chinese with jieba, joined by U+200B; the data's terms stay one word."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert re.search(r"\\u200b", index["config"]["separator"])
    text = "".join(d["text"] for d in index["docs"] if d["location"].startswith("models/"))
    for term in ("思维链", "指令微调"):
        assert f"\u200b{term}\u200b" in text, term
        assert f"{term[:2]}\u200b{term[2:]}" not in text  # never cut in two


# --- command line ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,render", [("json", exports.render_json), ("csv", exports.render_csv)])
def test_cli_export_writes_the_same_bytes(fmt, render, tmp_path):
    expected = render(load_lineage(ROOT / "data")).encode("utf-8")  # CSV rows end in CRLF: compare bytes
    out = tmp_path / f"models.{fmt}"
    run = subprocess.run([str(BIN / "gpt-lineage"), "export", "--format", fmt, "-o", str(out)],
                         cwd=ROOT, capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == expected
    stdout = subprocess.run([str(BIN / "gpt-lineage"), "export", "--format", fmt],
                            cwd=ROOT, capture_output=True, timeout=120)
    assert stdout.returncode == 0 and stdout.stdout == expected


# --- contributor tooling ---------------------------------------------------------------------------


def test_pre_commit_hook_runs_the_validator_on_data_changes():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = [r for r in config["repos"] if r["repo"] == "local"]
    [hook] = [h for h in repo["hooks"] if h["id"] == "gpt-lineage-validate"]
    assert hook["entry"] == "gpt-lineage validate" and hook["language"] == "system"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "data/models/gpt-2.yaml") and not re.search(hook["files"], "docs/index.md")
    run = subprocess.run([str(BIN / "gpt-lineage"), "validate"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_changelog_mentions_every_model():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Unreleased" in changelog
    missing = [m for m in load_lineage(ROOT / "data").models if f"`{m}`" not in changelog]
    assert not missing, f"add a CHANGELOG.md line for: {', '.join(missing)}"


def _makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):", text, re.MULTILINE))


def test_workflow_parses_and_runs_only_commands_that_exist_here():
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    targets = _makefile_targets()
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = [line.strip() for s in steps if "run" in s for line in s["run"].splitlines() if line.strip()]
    assert runs
    for line in runs:
        words = shlex.split(line)
        if words[0] == "make":
            assert set(words[1:]) <= targets, line
        else:
            tool = words[0].removeprefix(".venv/bin/")
            assert shutil.which(tool) or (BIN / tool).exists(), line
    used = {s.get("uses", "").split("@")[0] for s in steps}
    assert {"actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used
    # the README's test command and the strict build are what CI runs
    assert "make test" in runs and "make build" in runs
    assert "mkdocs build --strict" in (ROOT / "Makefile").read_text(encoding="utf-8")
    deploy = [j for j in workflow["jobs"].values() if any("deploy-pages" in s.get("uses", "") for s in j["steps"])]
    assert deploy and all("github.ref == 'refs/heads/main'" in j.get("if", "") for j in deploy)


def test_every_description_on_the_data_page_has_a_chinese_translation_made_from_todays_english():
    """The English of each export, column, key and schema field lives in the code (or the schema);
    en.json keeps the English the Chinese was translated from, so a changed description shows up
    here as a translation to redo."""
    from gpt_lineage import i18n
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    for group, name, english in exports.described_fields():
        key = f"exports.{group}.{exports._key(name)}"
        assert key in zh and zh[key].strip(), f"{key}: no Chinese yet"
        assert en.get(key) == english, f"{key}: the English changed; update en.json and the Chinese in zh.json"


def test_zh_data_page_links_the_same_neutral_files(data):
    lineage = load_lineage(DATA_SETS["fixture"])
    zh = exports.render_data_page(lineage, exports.read_citation(), "zh")
    en = exports.render_data_page(lineage, exports.read_citation(), "en")
    for name, _, _ in exports.EXPORTS:
        if f"](exports/{name})" in en:
            assert f"](../exports/{name})" in zh
    assert "](../schema/model.schema.json)" in zh and "](references.md)" in zh  # zh/references.md
    assert "## 如何引用 {#how-to-cite }" in zh and "(#how-to-cite)" in zh
    for column, _, _ in exports.CSV_COLUMNS:
        assert f"| `{column}` |" in zh
    bibtex = lambda page: page.split("```bibtex\n", 1)[1].split("```", 1)[0]  # noqa: E731
    assert bibtex(zh) == bibtex(en)  # the citation itself is the same in both editions
