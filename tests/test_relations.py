"""Typed relations across organisations (issues 15, 16): training edges trained-from / distilled-from,
succession, reproduction of OpenAI steps; their validation rules, the model-page sections, the
"Reproduce it in the open" page and the exports. Fixture: tests/fixtures/relations_data (two
Open Lab models reproducing two OpenAI steps; Open-B also distilled from GPT-C; GPT-D succeeds GPT-C)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from conftest import html_link, links_in
from gpt_lineage import validate as v
from gpt_lineage.lineage import load_lineage
from gpt_lineage.model import DISTILLED_FROM, EDGE_KINDS, TRAINED_FROM
from gpt_lineage.render import exports, model_page, open_page, pages, summary

RELATIONS = Path(__file__).parent / "fixtures" / "relations_data"


@pytest.fixture(scope="module")
def lineage():
    return load_lineage(RELATIONS)


@pytest.fixture
def rel_dir(tmp_path, monkeypatch) -> Path:
    shutil.copytree(RELATIONS, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return Path("data")


def edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(data: Path) -> list[str]:
    return [str(p) for p in v.check(data)[1]]


# --- typed objects and queries ---------------------------------------------------------------------


def test_fixture_is_clean_and_real_data_keeps_its_shape():
    assert problems(RELATIONS) == []
    real = load_lineage(Path(__file__).resolve().parents[1] / "data")
    assert all(m.organisation for m in real.models.values())
    first_ten = {"gpt-1", "gpt-2", "davinci", "davinci-instruct-beta", "code-cushman-001", "text-davinci-001",
                 "code-davinci-002", "text-davinci-002", "text-davinci-003", "chatgpt"}
    assert all(e.relation == TRAINED_FROM for e in real.edges if e.child in first_ten)  # the default relation
    # the open models' data lineage as their sources state it
    assert ("llama", TRAINED_FROM) in {(p.parent, p.relation) for p in real.models["alpaca"].parents}
    assert ("text-davinci-003", DISTILLED_FROM) in {(p.parent, p.relation) for p in real.models["alpaca"].parents}


def test_relations_are_typed(lineage):
    b = lineage.models["open-b"]
    assert [(p.parent, p.relation, p.method) for p in b.parents] == [
        ("open-a", TRAINED_FROM, "sft"), ("gpt-c", DISTILLED_FROM, "distillation")]
    assert [p.parent for p in lineage.trained_from("open-b")] == ["open-a"]
    assert [p.parent for p in lineage.distilled_from("open-b")] == ["gpt-c"]
    assert b.open_weights and b.licence == "CC-BY-NC-4.0" and b.organisation == "Open Lab"
    assert not lineage.models["gpt-c"].open_weights and lineage.models["gpt-c"].licence is None
    assert lineage.models["gpt-d"].knowledge_cutoff.date == "2021-09"
    assert [m.id for m in lineage.open_weights()] == ["open-a", "open-b"]
    assert set(EDGE_KINDS) == {"trained-from", "distilled-from", "succeeds", "reproduces"}
    assert {e.kind for kind in EDGE_KINDS for e in lineage.edges_of_kind(kind)} == set(EDGE_KINDS)


def test_training_queries_follow_training_edges_only(lineage):
    # distilled-from is a training edge: GPT-C's outputs trained Open-B
    assert "open-b" in lineage.descendants("gpt-c") and "gpt-c" in lineage.ancestors("open-b")
    # succession is not: GPT-D succeeds GPT-C but does not descend from it
    assert "gpt-d" not in lineage.descendants("gpt-c") and lineage.ancestors("gpt-d") == set()
    # reproduction is not: Open-A reproduces GPT-B's step but is unrelated by training
    assert lineage.ancestors("open-a") == set() and "open-a" not in lineage.descendants("gpt-b")
    assert [c.child for c in lineage.children("gpt-c")] == ["open-b"]
    assert {m.id for m in lineage.roots()} == {"gpt-a", "open-a", "gpt-d"}
    assert lineage.is_first("gpt-a") and not lineage.is_first("gpt-d") and not lineage.is_first("open-a")


def test_succession_and_reproduction_queries(lineage):
    assert [(s.predecessor, s.successor) for s in lineage.succeeds("gpt-d")] == [("gpt-c", "gpt-d")]
    assert [s.successor for s in lineage.succeeded_by("gpt-c")] == ["gpt-d"]
    assert [(r.model, r.method) for r in lineage.reproductions_of("gpt-c")] == [("open-b", "sft")]
    assert lineage.reproductions_of("gpt-c", "distillation") == ()
    assert [(r.target, r.method) for r in lineage.reproduces("open-a")] == [("gpt-b", "pretraining")]
    assert [(s.parent, s.child, s.method) for s in lineage.steps] == [
        ("gpt-a", "gpt-b", "pretraining"), ("gpt-b", "gpt-c", "sft")]  # OpenAI models' parent links only
    assert lineage.model_named("Open-B (Open Lab)") == "open-b" and lineage.model_named("Paper X") is None
    assert [a.name for a in lineage.approximations_not_reproducing("gpt-c")] == ["Paper X"]


def test_citations_name_the_new_relations(lineage):
    from gpt_lineage.render.references import _context
    contexts = {_context(lineage, c, "en") for cs in lineage.citations.values() for c in cs}
    assert {"succeeds gpt-c", "knowledge cutoff",
            "parent link (distilled-from) gpt-c → open-b", "parent link open-a → open-b"} <= contexts
    assert any(c.startswith("reproduces the step into gpt-c (") for c in contexts)


# --- validation rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("rel, old, new, expected", [
    ("models/gpt-d.yaml", "  - model: gpt-c\n    grade", "  - model: gpt-cc\n    grade",
     "succeeds[0].model: unknown model 'gpt-cc' (did you mean 'gpt-c'"),
    ("models/open-b.yaml", "  - model: gpt-c\n    method: sft", "  - model: gtp-c\n    method: sft",
     "reproduces[0].model: unknown model 'gtp-c' (did you mean 'gpt-c'"),
    ("models/open-b.yaml", "    method: sft\n    grade: conclusion", "    method: sfx\n    grade: conclusion",
     "reproduces[0].method: unknown method 'sfx' (did you mean 'sft'?)"),
    ("models/gpt-d.yaml", "    grade: official\n    note", "    grade: officia\n    note",
     "succeeds[0].grade: unknown grade 'officia' (did you mean 'official'?)"),
    ("models/open-b.yaml", "    method: sft\n    grade: conclusion", "    method: pretraining\n    grade: conclusion",
     "reproduces[0].method: 'gpt-c' was not produced by a pretraining step: its steps are by sft"),
    ("models/open-b.yaml", "  - model: gpt-c\n    method: sft", "  - model: open-a\n    method: sft",
     "reproduces[0].model: 'open-a' is not an OpenAI model (organisation: Open Lab)"),
    ("models/open-b.yaml", "  - model: gpt-c\n    method: sft", "  - model: open-b\n    method: sft",
     "reproduces[0].model: a model cannot reproduce itself ('open-b')"),
    ("models/gpt-d.yaml", "  - model: gpt-c\n    grade", "  - model: gpt-d\n    grade",
     "succeeds[0].model: a model cannot succeed itself ('gpt-d')"),
    ("models/gpt-d.yaml", 'date: "2023-03-14"', 'date: "2021-12"',
     "succeeds[0].model: succeeds 'gpt-c' (2022-01), but is released earlier (2021-12)"),
    ("models/open-b.yaml", "licence: CC-BY-NC-4.0\n", "",
     "open_weights: open weights need a licence"),
    ("models/open-b.yaml", "relation: distilled-from", "relation: inspired-by",
     "parents[1].relation: must be one of \"trained-from\", \"distilled-from\""),
    ("models/open-b.yaml", "organisation: Open Lab\n", "", "organisation: required field missing"),
])
def test_each_rule_reports_bad_data(rel_dir, rel, old, new, expected):
    edit(rel_dir, rel, old, new)
    found = problems(rel_dir)
    assert len(found) == 1 and expected in found[0] and found[0].startswith(f"data/{rel}:"), found


def test_child_dated_before_parent_for_both_training_relations(rel_dir):
    edit(rel_dir, "models/open-b.yaml", 'date: "2023-03-13"', 'date: "2022-05"')
    assert problems(rel_dir) == []  # same month as open-a (2022-05-02): compared on the shared precision
    edit(rel_dir, "models/open-b.yaml", 'date: "2022-05"', 'date: "2022-04"')
    found = problems(rel_dir)
    assert len(found) == 1 and "released 2022-04, before its parent 'open-a' (2022-05-02)" in found[0]
    edit(rel_dir, "models/open-b.yaml", 'date: "2022-04"', 'date: "2021-06"')
    assert [p.split(": ", 2)[2] for p in problems(rel_dir)] == [
        "released 2021-06, before its parent 'open-a' (2022-05-02)",
        "released 2021-06, before the model whose outputs it was trained on, 'gpt-c' (2022-01)"]


def test_succession_edges_do_not_make_cycles(rel_dir):
    # GPT-C "succeeds" GPT-D while GPT-D succeeds GPT-C: an ordering problem, never a lineage cycle
    edit(rel_dir, "models/gpt-c.yaml", "abilities:", "succeeds:\n  - model: gpt-b\n    grade: official\n"
                                                    "    sources: [blog-c]\nabilities:")
    assert problems(rel_dir) == []
    assert "gpt-b" not in load_lineage(rel_dir).ancestors("gpt-b")


def test_training_cycles_across_relations_are_reported(rel_dir):
    edit(rel_dir, "models/open-a.yaml", "parents: []", "parents:\n  - model: open-b\n    relation: distilled-from\n"
                                                       "    method: distillation\n    grade: official\n"
                                                       "    sources: [paper-b]")
    found = problems(rel_dir)
    assert any("lineage cycle: open-a → open-b → open-a" in p for p in found), found


def test_good_relations_validate(rel_dir):
    """Several relations of different kinds on one model, same-month succession, a second reproduction."""
    edit(rel_dir, "models/open-b.yaml", "reproduces:\n", "reproduces:\n  - model: gpt-b\n    method: pretraining\n"
                                                         "    grade: conclusion\n    sources: [paper-b]\n")
    edit(rel_dir, "models/gpt-d.yaml", "    sources: [blog-c]\nabilities", "    sources: [blog-c]\n"
                                        "  - model: open-b\n    grade: conclusion\n    sources: [blog-c]\nabilities")
    assert problems(rel_dir) == []


# --- model pages -----------------------------------------------------------------------------------


def test_model_page_facts_and_relations(lineage):
    page = model_page.render(lineage, lineage.models["open-b"], "en")
    assert "| Organisation | Open Lab |" in page and "| Weights | downloadable, licence CC-BY-NC-4.0 |" in page
    assert "**Trained from** (parent" in page and "**Trained on outputs of** (teacher model" in page
    trained, distilled = page.split("**Trained on outputs of**")
    assert html_link("Open-A", "open-a.md") in trained.split("**Trained from**")[1]
    assert html_link("GPT-C (text-c-001)", "gpt-c.md") in distilled
    section = page.split("## Reproduces the step {#reproduces-the-step}")[1].split("\n## ")[0]
    step = f'{html_link("GPT-B (davinci)", "gpt-b.md")} → {html_link("GPT-C (text-c-001)", "gpt-c.md")}'
    assert f"{step} | Supervised fine-tuning |" in section
    assert 'data-grade="conclusion"' in section and "weaker at long answers" in section and "[^src-paper-b]" in section
    d = model_page.render(lineage, lineage.models["gpt-d"], "en")
    assert "- The sources state no training relation for this model" in d and "trained from scratch" not in d
    assert "**Succeeds**" in d and "Replaces GPT-C in the API." in d and "| Knowledge cutoff | 2021-09" in d
    assert "- none: trained from scratch" in model_page.render(lineage, lineage.models["gpt-a"], "en")


def test_openai_page_lists_reproductions_instead_of_matching_approximations(lineage):
    page = model_page.render(lineage, lineage.models["gpt-c"], "en")
    section = page.split("## Open reproductions of this step {#open-reproductions-of-this-step}")[1].split("\n## ")[0]
    assert (f'| {html_link("Open-B", "open-b.md")} | Open Lab | Supervised fine-tuning | '
            "downloadable, licence CC-BY-NC-4.0 |") in section
    approx = page.split("## Open-source approximations")[1].split("\n## ")[0]
    assert "Paper X" in approx and "Open-B (Open Lab)" not in approx  # shown as a reproduction instead
    assert "**Succeeded by**" in page and html_link("GPT-D (gpt-d)", "gpt-d.md") in page
    assert "**Its outputs trained**" in page
    zh = model_page.render(lineage, lineage.models["gpt-c"], "zh")
    assert "## 这一步的开源复现 {#open-reproductions-of-this-step}" in zh
    assert '<a href="../models/open-b.md"' not in zh
    assert '<a href="open-b.md"' in zh  # zh/models/gpt-c.md -> zh/models/open-b.md


def test_approximation_names_link_to_model_pages(lineage, rel_dir):
    edit(rel_dir, "models/open-b.yaml", "reproduces:\n  - model: gpt-c", "reproduces:\n  - model: gpt-b")
    edit(rel_dir, "models/open-b.yaml", "    method: sft\n    grade: conclusion", "    method: pretraining\n    grade: conclusion")
    changed = load_lineage(rel_dir)
    page = model_page.render(changed, changed.models["gpt-c"], "en")
    assert "Open reproductions of this step" not in page
    # no reproduction relation: the name links to its page
    assert "- " + html_link("Open-B (Open Lab)", "open-b.md") in page
    row = next(r for r in summary.render(changed, "en").splitlines() if html_link("GPT-C", "models/gpt-c.md") in r)
    assert row.endswith(f'| {html_link("Open-B (Open Lab)", "models/open-b.md")}<br>'
                        f'{html_link("Paper X", "https://example.org/x", "lineage-external")} |')


def test_summary_column_comes_from_reproductions(lineage):
    rows = {next(text for text, href in links_in(r) if href.startswith("models/")): r
            for r in summary.render(lineage, "en").splitlines() if '<a href="models/' in r}
    assert rows["GPT-C"].endswith(f'| {html_link("Open-B", "models/open-b.md")} |')
    assert rows["GPT-B"].endswith(f'| {html_link("Open-A", "models/open-a.md")} |')
    assert "| not stated in the sources |" in rows["GPT-D"] and "| pre-training from scratch |" in rows["GPT-A"]


# --- the open page ---------------------------------------------------------------------------------


def _table_rows(page: str) -> list[str]:
    lines = [line for line in page.split("\n## ")[0].splitlines() if line.startswith("| ")]
    return lines[2:]  # after the header and its separator


def test_open_page_has_one_row_per_step_and_places_every_open_model(lineage):
    page = open_page.render(lineage, "en")
    rows = _table_rows(page)
    reproduced = {(r.target, r.method) for r in lineage.reproductions}
    assert len(rows) == len(reproduced) == 2
    step = f'{html_link("GPT-A", "models/gpt-a.md")} → {html_link("GPT-B", "models/gpt-b.md")}'
    assert rows[0].startswith(f'| {step} | Pre-training | {html_link("Open-A", "models/open-a.md")} (Open Lab) |')
    for m in lineage.open_weights():
        assert sum(html_link(m.name, f"models/{m.id}.md") in r for r in rows) == len(m.reproduces)
    second = rows[1]
    assert "Bench: 61.5 (GPT-C: 70)" in second and '<a href="claims.md#claim-open-b-close">' in second
    assert "Open-B: downloadable weights, CC-BY-NC-4.0" in second and "weaker at long answers" in second
    assert "- none: every step has an open reproduction in the data." in page


def test_open_page_lists_unreproduced_steps_as_gaps(rel_dir):
    edit(rel_dir, "models/open-a.yaml", "reproduces:\n  - model: gpt-b", "reproduces:\n  - model: gpt-c")
    edit(rel_dir, "models/open-a.yaml", "    method: pretraining\n", "    method: sft\n")
    changed = load_lineage(rel_dir)
    page = open_page.render(changed, "en")
    open_models = f'{html_link("Open-A", "models/open-a.md")} (Open Lab)<br>{html_link("Open-B", "models/open-b.md")}'
    assert len(_table_rows(page)) == 1 and open_models in _table_rows(page)[0]
    gaps = page.split("## Gaps: steps no open model reproduces {#gaps}")[1]
    assert f'- {html_link("GPT-A", "models/gpt-a.md")} → {html_link("GPT-B", "models/gpt-b.md")} — Pre-training' in gaps


def test_open_page_in_both_languages_and_reserved(lineage):
    produced = {p.src_uri: p for p in pages.generated_pages(lineage)}
    assert produced["open.md"].section == "Explore" and produced["zh/open.md"].title == "开源复现"
    zh = produced["zh/open.md"].content
    assert "**Open-B**：" in zh and '<a href="models/open-b.md">' in zh
    assert "open.md" in pages.FIXED_PAGES and v.reserved_pages()["zh/open.md"] == "open.md"


def test_real_data_open_page_lists_every_step_as_a_gap_until_reproductions_land():
    real = load_lineage(Path(__file__).resolve().parents[1] / "data")
    page = open_page.render(real, "en")
    assert len(open_page.gaps(real)) == len(real.steps) - len(open_page.reproduced_steps(real))
    assert page.count('\n- <a href="') == len(open_page.gaps(real))


# --- exports ---------------------------------------------------------------------------------------


def test_json_carries_the_new_fields_exactly(lineage):
    doc = json.loads(exports.render_json(lineage))
    b = next(m for m in doc["models"] if m["id"] == "open-b")
    assert (b["organisation"], b["open_weights"], b["licence"]) == ("Open Lab", True, "CC-BY-NC-4.0")
    assert [p["relation"] for p in b["parents"]] == ["trained-from", "distilled-from"]
    assert b["reproduces"] == [{"model": "gpt-c", "method": "sft", "grade": "conclusion", "note": {
        "en": "Close to GPT-C in blind comparisons; weaker at long answers.", "zh": None}, "sources": ["paper-b"]}]
    d = next(m for m in doc["models"] if m["id"] == "gpt-d")
    assert d["succeeds"][0]["model"] == "gpt-c" and d["knowledge_cutoff"]["date"] == "2021-09"


def test_csv_carries_the_new_columns(lineage):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exports.render_csv(lineage)))}
    assert rows["open-b"]["parent_relations"] == "trained-from; distilled-from"
    assert rows["open-b"]["reproduces"] == "gpt-c:sft" and rows["gpt-d"]["succeeds"] == "gpt-c"
    assert (rows["open-a"]["open_weights"], rows["open-a"]["licence"], rows["gpt-a"]["open_weights"]) == (
        "true", "Apache-2.0", "false")
    assert rows["gpt-d"]["knowledge_cutoff"] == "2021-09" and rows["open-b"]["organisation"] == "Open Lab"


def test_graphml_round_trip_with_edge_relations(lineage, tmp_path):
    path = tmp_path / "lineage.graphml"
    path.write_text(exports.render_graphml(lineage), encoding="utf-8")
    g = nx.read_graphml(path, force_multigraph=True)
    found = {(a, b, d["relation"], d.get("method")) for a, b, d in g.edges(data=True)}
    assert found == {("gpt-a", "gpt-b", "trained-from", "pretraining"), ("gpt-b", "gpt-c", "trained-from", "sft"),
                     ("open-a", "open-b", "trained-from", "sft"), ("gpt-c", "open-b", "distilled-from", "distillation"),
                     ("gpt-c", "gpt-d", "succeeds", None), ("open-a", "gpt-b", "reproduces", "pretraining"),
                     ("open-b", "gpt-c", "reproduces", "sft")}
    assert g.nodes["open-a"]["open_weights"] is True and g.nodes["gpt-a"]["open_weights"] is False
    assert g.nodes["open-a"]["licence"] == "Apache-2.0" and g.nodes["open-a"]["organisation"] == "Open Lab"
    ids = [e for _, _, e in g.edges(keys=True)]
    assert len(ids) == len(set(ids)) and "gpt-a->gpt-b" in ids  # trained-from ids as before relations existed


def test_data_page_documents_every_new_field_in_both_languages(lineage):
    for lang in ("en", "zh"):
        page = exports.render_data_page(lineage, exports.read_citation(), lang)
        for name in ("organisation", "open_weights", "licence", "knowledge_cutoff", "succeeds", "reproduces"):
            assert f"| `{name}` |" in page
        assert "| `relation` |" in page and "| `parent_relations` |" in page


def test_schema_describes_every_new_field():
    schema = json.loads(exports.schema_bytes("model.schema.json"))
    props = schema["properties"]
    assert "organisation" in schema["required"]
    for name in ("organisation", "open_weights", "licence", "knowledge_cutoff", "succeeds", "reproduces"):
        assert props[name]["description"]
    for group in ("succeeds", "reproduces"):
        assert all(spec.get("description") or spec.get("$ref", "").endswith("sourceRefs")
                   for spec in props[group]["items"]["properties"].values())
    assert props["parents"]["items"]["properties"]["relation"]["enum"] == ["trained-from", "distilled-from"]
    assert set(props["series"]["enum"]) >= {"GPT-4o", "o-series", "gpt-oss", "OPT", "Tülu", "DeepSeek"}


def test_model_ids_may_carry_dots_like_openai_names(rel_dir):
    """gpt-4.1, gpt-3.5-turbo: the contract's ids; a dot joins parts like a hyphen does."""
    text = (rel_dir / "models/gpt-d.yaml").read_text(encoding="utf-8").replace("id: gpt-d", "id: gpt-4.1")
    (rel_dir / "models/gpt-d.yaml").unlink()
    (rel_dir / "models/gpt-4.1.yaml").write_text(text, encoding="utf-8")
    assert problems(rel_dir) == []
    produced = {p.src_uri for p in pages.generated_pages(load_lineage(rel_dir))}
    assert {"models/gpt-4.1.md", "zh/models/gpt-4.1.md"} <= produced
    edit(rel_dir, "models/gpt-4.1.yaml", "id: gpt-4.1", "id: gpt-4..1")
    assert any("is not a valid model id" in p for p in problems(rel_dir))


def test_a_step_into_a_model_without_stated_parent(rel_dir):
    """o1's RL step has no named base: reproducing it is accepted for any method, shown without a start."""
    edit(rel_dir, "models/open-a.yaml", "  - model: gpt-b\n    method: pretraining", "  - model: gpt-d\n    method: sft")
    assert problems(rel_dir) == []
    changed = load_lineage(rel_dir)
    assert [(s.parent, s.child, s.method) for s in changed.steps][-1] == (None, "gpt-d", "sft")
    rows = _table_rows(open_page.render(changed, "en"))
    assert any(r.startswith(f'| base model not stated → {html_link("GPT-D", "models/gpt-d.md")} | '
                            f'Supervised fine-tuning | {html_link("Open-A", "models/open-a.md")}') for r in rows)
    assert f'| base model not stated → {html_link("GPT-D (gpt-d)", "gpt-d.md")} |' in model_page.render(
        changed, changed.models["open-a"], "en")
    gap = f'- {html_link("GPT-A", "models/gpt-a.md")} → {html_link("GPT-B", "models/gpt-b.md")} — Pre-training'
    assert gap in open_page.render(changed, "en")
