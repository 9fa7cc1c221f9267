"""Hardening: each class of bad input is rejected by a rule, not a special case.

The bad-input corpus (tests/bad_inputs/cases/60-…) has one or two examples per class; the tests
here check the rule itself: reserved page paths, calendar dates and year bounds, YAML 1.1 number
forms, count bounds that every export holds, file names, blank text, glossary near-duplicates,
URLs with user information, "unknown …" choices and where syntax errors are reported.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gpt_lineage import validate as v
from gpt_lineage.loader import is_litter, load_data_dir, load_file, select
from gpt_lineage.render import links, pages

from conftest import FIXTURE_DATA, PROJECT, mkdocs_command, mkdocs_env

MODEL_SCHEMA = json.loads((v.SCHEMA_DIR / "model.schema.json").read_text(encoding="utf-8"))
REGISTRY_SCHEMA = json.loads((v.SCHEMA_DIR / "registry.schema.json").read_text(encoding="utf-8"))


def edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(data: Path) -> list[str]:
    return [str(p) for p in v.check(data)[1]]


def add_model(data: Path, model_id: str) -> Path:
    """A copy of gpt-c under another id (and API name), as data/models/<id>.yaml."""
    text = (data / "models/gpt-c.yaml").read_text(encoding="utf-8")
    path = data / "models" / f"{model_id}.yaml"
    path.write_text(text.replace("id: gpt-c", f"id: {model_id}", 1)
                    .replace("api_name: text-c-001", f"api_name: {model_id}-api"), encoding="utf-8")
    return path


# --- 1. ids whose page is a page the site generates ------------------------------------------------

def test_fixed_pages_cover_every_generated_page_that_is_not_per_entity(data_dir):
    """FIXED_PAGES plus the per-entity pages (links.py) are every generated path, so validation
    knows each path it must reserve. A new fixed page missing from FIXED_PAGES fails here."""
    from gpt_lineage.lineage import load_lineage

    lineage = load_lineage(data_dir)
    reserved = v.reserved_pages()
    entity = set()
    for kind, pattern, function in v.ENTITY_PAGES:
        fn = getattr(links, function, None)
        if fn is None:
            continue
        for doc in v.Index(list(v.check(data_dir)[0])).documents:
            if doc.kind == kind:
                for _, entity_id in select(doc.data, pattern):
                    entity.update(v.entity_pages(fn, entity_id))
    unaccounted = [p.src_uri for p in pages.generated_pages(lineage)
                   if p.src_uri not in reserved and p.src_uri not in entity]
    assert unaccounted == [], "add these to render/pages.py FIXED_PAGES: " + ", ".join(unaccounted)


@pytest.mark.parametrize("reserved_id", ["index"])
def test_model_id_on_a_generated_page_is_one_problem_naming_file_line_and_page(data_dir, reserved_id):
    add_model(data_dir, reserved_id)
    found = [p for p in problems_of(data_dir) if "reserved" in p]
    assert found == [f"data/models/{reserved_id}.yaml:2:1: id: model id '{reserved_id}' is reserved: its page "
                     f"models/{reserved_id}.md would collide with the site's generated page models/{reserved_id}.md; "
                     "choose another id"]


def test_reserved_paths_follow_fixed_pages_and_links(data_dir, monkeypatch):
    """The rule reads FIXED_PAGES and the links.py functions; nothing is hard-coded in it."""
    monkeypatch.setattr(pages, "FIXED_PAGES", pages.FIXED_PAGES + ("models/gpt-c.md",))
    [p] = v.check_page_paths(v.Index(v.check(data_dir)[0]))
    assert p.path == "data/models/gpt-c.yaml" and p.line == 2 and "models/gpt-c.md" in p.message


def test_two_entities_on_one_page_name_both(data_dir, monkeypatch):
    monkeypatch.setattr(links, "method_src", lambda method_id, lang="en": links.model_src("gpt-a", lang),
                        raising=False)
    monkeypatch.setattr(links, "ability_src", lambda ability_id, lang="en": f"abilities/{ability_id}.md",
                        raising=False)
    found = v.check_page_paths(v.Index(v.check(data_dir)[0]))
    assert found and all("already the page of model 'gpt-a' (data/models/gpt-a.yaml:2)" in p.message for p in found)
    assert {p.path for p in found} == {"data/methods.yaml"}


def test_language_prefixed_pages_are_reserved_too(monkeypatch):
    from gpt_lineage import i18n

    reserved = v.reserved_pages()
    for lang in i18n.LANGUAGES:
        assert i18n.page_src("models/index.md", lang) in reserved


def _broken_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "docs" / "index.md").write_text("# Home\n")
    shutil.copytree(FIXTURE_DATA, project / "data")
    add_model(project / "data", "index")
    return project


def test_generate_and_build_with_a_colliding_id_fail_with_the_validation_line(tmp_path):
    project = _broken_project(tmp_path)
    generate = subprocess.run([sys.executable, "-m", "gpt_lineage.cli", "generate", "--out", str(tmp_path / "out"),
                               "--data", "data"], cwd=project, capture_output=True, text=True, timeout=120)
    assert generate.returncode == 1, generate
    assert "Traceback" not in generate.stderr
    assert "data/models/index.yaml:2:1: id: model id 'index' is reserved" in generate.stderr
    assert not (tmp_path / "out").exists()  # nothing half-written
    build = subprocess.run(mkdocs_command("build", "--strict", "-f", str(project / "mkdocs.yml"),
                                          "-d", str(tmp_path / "site")),
                           cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert build.returncode != 0
    assert "Traceback" not in build.stdout + build.stderr
    assert "data/models/index.yaml:2:1: id: model id 'index' is reserved" in build.stdout + build.stderr


def test_page_collision_in_the_renderer_is_one_line_from_the_cli(data_dir, monkeypatch, capsys):
    """If two pages still collide (a bug past validation), generate prints one line, exit 1."""
    from gpt_lineage import cli

    def collide(lineage, *args, **kwargs):
        raise ValueError("two generated pages claim models/x.md (last from model_page.pages)")

    monkeypatch.setattr(pages, "generated_pages", collide)
    assert cli.main(["generate", "--out", "out", "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["gpt-lineage generate: error: two generated pages claim models/x.md (last from model_page.pages)"]
    assert not Path("out").exists()


def test_page_collision_in_the_renderer_is_a_plugin_error_in_build(tmp_path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from gpt_lineage import mkdocs_plugin

    project = _broken_project(tmp_path)
    (project / "data/models/index.yaml").unlink()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    plugin = config.plugins["gpt-lineage"]
    plugin.__init__()
    plugin.on_startup(command="build", dirty=False)

    def collide(lineage, *args, **kwargs):
        raise ValueError("two generated pages claim models/x.md (last from model_page.pages)")

    monkeypatch.setattr(mkdocs_plugin, "generated_pages", collide)
    with pytest.raises(PluginError) as error:
        plugin.on_config(config)
    assert str(error.value) == "two generated pages claim models/x.md (last from model_page.pages)"


# --- 2. dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("date, ok", [
    ("2020-02-29", True), ("2021-02-29", False), ("2022-04-31", False), ("2022-12-31", True),
    ("2015", True), ("2014-12", False), ("2022-06-31", False),
])
def test_dates_are_calendar_dates_in_plausible_years(data_dir, date, ok):
    edit(data_dir, "models/gpt-c.yaml", 'date: "2022"', f'date: "{date}"')
    found = [p for p in problems_of(data_dir) if "release.date" in p and "before its parent" not in p]
    assert (found == []) == ok, found


def test_every_date_field_in_the_schemas_is_checked():
    assert set(v._date_fields()) == {("model", ("release", "date")), ("model", ("knowledge_cutoff", "date")),
                                     ("benchmarks", ("benchmarks", "*", "results", "*", "date"))}


def test_latest_year_reads_the_clock(data_dir, monkeypatch):
    assert v.latest_year(datetime.date(2030, 6, 1)) == 2031
    next_year = datetime.date.today().year + 1
    edit(data_dir, "models/gpt-c.yaml", 'date: "2022"', f'date: "{next_year}"')
    assert not [p for p in problems_of(data_dir) if "release.date" in p]
    edit(data_dir, "models/gpt-c.yaml", f'date: "{next_year}"', f'date: "{next_year + 1}"')
    assert [p for p in problems_of(data_dir) if "release.date" in p and f"is after {next_year}" in p]


def test_year_bounds_are_stated_in_the_schemas():
    assert str(v.EARLIEST_DATE_YEAR) in MODEL_SCHEMA["definitions"]["date"]["description"]
    year = REGISTRY_SCHEMA["properties"]["sources"]["items"]["properties"]["year"]
    assert year["minimum"] == v.EARLIEST_SOURCE_YEAR and "next year" in year["description"]


def test_real_data_sources_fit_the_year_bounds():
    documents, _ = load_data_dir(PROJECT / "data")
    sources = next(d for d in documents if d.kind == "sources").data["sources"]
    assert all(v.EARLIEST_SOURCE_YEAR <= s["year"] <= v.latest_year() for s in sources)


# --- 3. YAML 1.1 number forms ---------------------------------------------------------------------

@pytest.mark.parametrize("raw, form", [
    ("175_000_000_000", None), ("2048", None), ("0", None), ("71.2", None), ("1_000.5", None),
    ("0755", "octal"), ("0x1F", "hexadecimal"), ("0b11", "binary"), ("1:20", "sexagesimal (base 60)"),
    ("-0x10", "hexadecimal"), ("1:20.5", "sexagesimal (base 60)"),
])
def test_number_forms(raw, form):
    assert v._number_form(raw) == form


@pytest.mark.parametrize("written, read", [("0o17", None), ("012", 10), ("0x10", 16), ("0b1", 1), ("3:00", 180)])
def test_every_count_field_quotes_the_text_written(data_dir, written, read):
    edit(data_dir, "models/gpt-a.yaml", "value: 512", f"value: {written}")
    found = [p for p in problems_of(data_dir) if p.startswith("data/models/gpt-a.yaml:13:")]
    assert len(found) == 1 and f"'{written}'" in found[0], found
    if read is not None:
        assert f"(read as {read})" in found[0]


def test_underscored_decimal_counts_are_fine(data_dir):
    edit(data_dir, "models/gpt-b.yaml", "value: 175000000000", "value: 175_000_000_000")
    assert problems_of(data_dir) == []


def test_a_quoted_form_in_a_text_field_keeps_the_quote_it_message(data_dir):
    edit(data_dir, "models/gpt-b.yaml", "api_name: davinci", "api_name: 0x800")
    [p] = problems_of(data_dir)
    assert "expected a string, got integer 2048 from unquoted '0x800' — quote it" in p


# --- 4. counts have bounds every export holds -------------------------------------------------------

def _numeric_nodes(node, keys=()):
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            yield keys, node
        for key, child in node.items():
            if key != "definitions" or keys == ():
                yield from _numeric_nodes(child, keys + (key,))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _numeric_nodes(child, keys + (i,))


@pytest.mark.parametrize("schema", [MODEL_SCHEMA, REGISTRY_SCHEMA], ids=["model", "registry"])
def test_every_count_has_a_maximum_every_reader_holds_exactly(schema):
    found = list(_numeric_nodes(schema))
    assert found
    for keys, node in found:
        if keys[-1] == "year":  # bounded by the clock in validate.check_source_years
            continue
        assert "maximum" in node, f"{'/'.join(map(str, keys))} has no maximum"
        assert node["maximum"] <= 2**53 - 1, f"{keys}: beyond what JSON readers using doubles hold exactly"


def test_graphml_numeric_keys_hold_the_schema_maximum():
    from gpt_lineage.render import exports

    limits = {"long": 2**63 - 1, "int": 2**31 - 1}
    maxima = {"parameters": MODEL_SCHEMA["properties"]["parameters"]["properties"]["value"]["maximum"]}
    for key, _, kind, _, _ in exports.GRAPHML_KEYS:
        if kind in limits:
            assert key in maxima, f"GraphML key {key} ({kind}): add its schema maximum to this test"
            assert maxima[key] <= limits[kind]
        else:
            assert kind in ("string", "double", "float", "boolean")


def test_exports_hold_the_largest_valid_counts(data_dir):
    import csv
    import io
    import xml.etree.ElementTree as ET

    from gpt_lineage.lineage import load_lineage
    from gpt_lineage.render import exports

    top = MODEL_SCHEMA["properties"]["parameters"]["properties"]["value"]["maximum"]
    edit(data_dir, "models/gpt-b.yaml", "value: 175000000000", f"value: {top}")
    edit(data_dir, "models/gpt-b.yaml", "tokens: 300000000000", f"tokens: {top}")
    edit(data_dir, "models/gpt-b.yaml", "value: 2048", "value: 1_000_000_000")
    lineage = load_lineage(data_dir)
    record = next(m for m in json.loads(exports.render_json(lineage))["models"] if m["id"] == "gpt-b")
    assert record["parameters"]["value"] == top and float(top) == top
    row = next(r for r in csv.DictReader(io.StringIO(exports.render_csv(lineage), newline="")) if r["id"] == "gpt-b")
    assert int(row["parameters"]) == top and int(row["training_tokens"]) == top
    graph = ET.fromstring(exports.render_graphml(lineage))
    values = [d.text for d in graph.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") == "parameters"]
    assert str(top) in values


# --- 5. file names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["gpt-d.YAML", "gpt-d.Yaml", "gpt-d.yml", "gpt-d.YML", "gpt-d.yaml ", "gpt-d.yaml."])
def test_every_yaml_extension_variant_is_an_error_naming_the_file(data_dir, name):
    (data_dir / "models" / name).write_text("id: gpt-d\n")
    _, found = load_data_dir(data_dir)
    assert [(p.path, p.message) for p in found] == [
        (f"data/models/{name}", "data files end in .yaml (lower case); rename this file to gpt-d.yaml")]


def test_registry_extension_variants_are_errors_too(data_dir):
    (data_dir / "grades.yaml").rename(data_dir / "grades.YAML")
    found = problems_of(data_dir)
    assert "data/grades.YAML:1:1: (file): data files end in .yaml (lower case); rename this file to grades.yaml" in found


@pytest.mark.parametrize("name", ["._gpt-a.yaml", ".DS_Store", "gpt-a.yaml~", ".gpt-a.yaml.swp", ".gpt-a.yaml.swo",
                                  "#gpt-a.yaml#", ".#gpt-a.yaml", ".gitkeep", "Thumbs.db"])
def test_os_and_editor_litter_is_ignored_silently(data_dir, name):
    assert is_litter(name)
    for folder in (data_dir / "models", data_dir):
        (folder / name).write_bytes(b"\x00\x05\x16\x07 not data \xff")
    assert problems_of(data_dir) == []


def test_a_dangling_editor_lock_link_is_ignored(data_dir):
    (data_dir / "models" / ".#gpt-b.yaml").symlink_to("user@host.1234:1700000000")
    assert problems_of(data_dir) == []


def test_other_files_next_to_the_registries_are_left_alone_but_not_in_models(data_dir):
    (data_dir / "README.md").write_text("notes\n")
    assert problems_of(data_dir) == []
    (data_dir / "models" / "README.md").write_text("notes\n")
    assert problems_of(data_dir) == [
        "data/models/README.md:1:1: (file): not a model file: models/ holds only <id>.yaml files; rename or move it"]


# --- 6. blank text -----------------------------------------------------------------------------------

def _string_nodes(node, keys=()):
    if isinstance(node, dict):
        if node.get("type") == "string":
            yield keys, node
        for key, child in node.items():
            yield from _string_nodes(child, keys + (key,))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _string_nodes(child, keys + (i,))


@pytest.mark.parametrize("schema", [MODEL_SCHEMA, REGISTRY_SCHEMA], ids=["model", "registry"])
def test_no_string_field_accepts_blank_text(schema):
    for keys, node in _string_nodes(schema):
        assert "pattern" in node, f"{'/'.join(map(str, keys))} has no pattern"
        for blank in (" ", "\t\n", "\u3000", "\u200b\ufeff", " \u00a0 "):
            assert not re.search(node["pattern"], blank), (keys, repr(blank))


@pytest.mark.parametrize("rel, old, new, field", [
    ("models/gpt-a.yaml", 'en: "The root of the fixture lineage."', 'en: "  "', "summary.en"),
    ("models/gpt-b.yaml", "- name: OPT-175B", "- name: ' '", "open_source_approximations[0].name"),
    ("abilities.yaml", "name: {en: Fluency", "name: {en: ' '", "abilities[0].name.en"),
    ("benchmarks.yaml", "metric: accuracy", "metric: '\t'", "benchmarks[0].metric"),
    ("sources.yaml", "authors: [OpenAI]", "authors: [' ']", "sources[2].authors[0]"),
])
def test_blank_required_text_is_one_problem_saying_blank(data_dir, rel, old, new, field):
    edit(data_dir, rel, old, new)
    found = problems_of(data_dir)
    assert len(found) == 1 and f": {field}: is blank" in found[0], found


def test_empty_text_keeps_its_own_message(data_dir):
    edit(data_dir, "models/gpt-a.yaml", 'en: "The root of the fixture lineage."', 'en: ""')
    assert [p.split(": ", 2)[-1] for p in problems_of(data_dir)] == ["must not be empty"]


# --- 7. glossary near-duplicates ----------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [("Fine-tuning", " fine-tuning "), ("RLHF", "ＲＬＨＦ"), ("In-context  learning", "in-context learning"),
                                  ("ﬁne-tuning", "fine-tuning"), ("STRASSE", "straße")])
def test_term_key_ignores_case_spaces_and_unicode_form(a, b):
    assert v.term_key(a) == v.term_key(b)


def test_glossary_duplicates_name_both_lines(data_dir):
    edit(data_dir, "glossary.yaml", "    sources: [blog-c]\n",
         "    sources: [blog-c]\n  - en: Reward model\n    zh: 奖励模型\n    abbr: \" rlhf\"\n"
         "    definition: {en: \"x\"}\n")
    assert problems_of(data_dir) == [
        "data/glossary.yaml:13:5: glossary[2].abbr: duplicate abbr ' rlhf' (first at line 8, as 'RLHF'; compared "
        "ignoring case, surrounding spaces and Unicode width (NFKC))"]


# --- 8. URLs -------------------------------------------------------------------------------------------

URL_PATTERN = MODEL_SCHEMA["definitions"]["url"]["pattern"]


@pytest.mark.parametrize("url", [
    "https://example.org", "https://example.org/", "http://example.org:8080/a?b=c#d", "https://medium.com/@author/post",
    "https://arxiv.org/abs/2203.02155v1", "https://例子.测试/路径", "https://example.org/a%20b",
])
def test_ordinary_urls_pass(url):
    assert re.search(URL_PATTERN, url)


@pytest.mark.parametrize("url, fragment", [
    ("https://openai.com:pw@evil.example/", "carries user information"),
    ("https://openai.com@evil.example", "carries user information"),
    ("https://@evil.example/", "carries user information"),
    ("http://user:pass@example.org:80/x", "carries user information"),
    ("https:///path", "names no host"),
    ("https://:443/", "names no host"),
    ("https://openai.com\\@evil.example/", "contains a backslash"),
    ("https://openai.com%40evil.example/", "is not a URL"),
    ("https://[::1]/", "is not a URL"),
])
def test_urls_with_user_information_or_without_host_fail(url, fragment):
    assert not re.search(URL_PATTERN, url)
    message = v._pattern_messages()[URL_PATTERN](url)
    assert fragment in message


def test_every_url_field_uses_the_url_definition():
    def url_properties(node):
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict) and "url" in node["properties"]:
                yield node["properties"]["url"]
            for child in node.values():
                yield from url_properties(child)
        elif isinstance(node, list):
            for child in node:
                yield from url_properties(child)
    found = list(url_properties(MODEL_SCHEMA)) + list(url_properties(REGISTRY_SCHEMA))
    assert len(found) >= 2 and all(f.get("$ref", "").endswith("#/definitions/url") for f in found), found


# --- unknown references offer choices ---------------------------------------------------------------

def test_unknown_without_close_match_lists_the_valid_set(data_dir):
    edit(data_dir, "models/gpt-b.yaml", "method: pretraining", "method: zzz")
    [p] = problems_of(data_dir)
    assert p.endswith("unknown method 'zzz' (valid: pretraining, sft)")


def test_unknown_in_a_large_set_says_how_many(data_dir):
    extra = "".join(f"  - id: extra-{i}\n    title: Extra {i}\n    authors: [A]\n    year: 2020\n    kind: blog\n"
                    f"    url: https://example.org/{i}\n" for i in range(v.MAX_LISTED + 1))
    (data_dir / "sources.yaml").write_text((data_dir / "sources.yaml").read_text() + extra)
    edit(data_dir, "abilities.yaml", "sources: [paper-b]", "sources: [qqq]")
    [p] = problems_of(data_dir)
    assert f"unknown source 'qqq' (not among the {v.MAX_LISTED + 4} in sources.yaml)" in p


def test_unknown_field_always_lists_the_allowed_fields(data_dir):
    edit(data_dir, "models/gpt-a.yaml", "paper: paper-a", "paper: paper-a\nqqq: 1")
    [p] = problems_of(data_dir)
    assert "unknown field 'qqq' (allowed: id, name, api_name" in p


# --- syntax errors point at the construct left open ----------------------------------------------

@pytest.mark.parametrize("text, line, fragment", [
    ('a: 1\nb: "unclosed\n', 2, "in a quoted string that starts here (noticed at line 3"),
    ("a: 1\nb: 'unclosed\nc: 3\n", 2, "in a quoted string that starts here"),
    ("a: 1\nb: {x: 1\nc: 2\n", 2, "in a { mapping that starts here"),
    ('a: 1\nb: "unclosed\nc: 3\nd: "x"\n', 2, "is its closing quote missing?"),
    ("a: 1\n b: 2\n", 2, "mapping values are not allowed here"),  # no construct left open: where it failed
])
def test_syntax_errors_point_at_where_the_construct_began(tmp_path, text, line, fragment):
    path = tmp_path / "x.yaml"
    path.write_text(text)
    doc, [problem] = load_file(path)
    assert doc is None and problem.line == line and fragment in problem.message, problem


# --- 9. CSV formula injection ------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-", "-2+3", "@SUM(A1)",
                                   "\tcmd", "\rcmd"])
def test_csv_cells_that_would_run_as_formulas_get_a_quote_json_stays_exact(data_dir, value):
    import csv
    import io

    from gpt_lineage.lineage import load_lineage
    from gpt_lineage.render import exports

    edit(data_dir, "models/gpt-b.yaml", "name: GPT-B", f"name: {json.dumps(value + ' B')}")
    edit(data_dir, "models/gpt-b.yaml", 'en: "Scaled up from GPT-A."', f"en: {json.dumps(value)}")
    lineage = load_lineage(data_dir)
    rows = list(csv.DictReader(io.StringIO(exports.render_csv(lineage), newline="")))
    row = next(r for r in rows if r["id"] == "gpt-b")
    assert row["name"] == "'" + value + " B" and row["summary_en"] == "'" + value
    assert all(not cell.startswith(exports.CSV_FORMULA_STARTS) for r in rows for cell in r.values())
    record = next(m for m in json.loads(exports.render_json(lineage))["models"] if m["id"] == "gpt-b")
    assert record["name"] == value + " B" and record["summary"]["en"] == value


def test_ordinary_csv_cells_are_unchanged():
    from gpt_lineage.render.exports import csv_cell

    assert [csv_cell(x) for x in ("GPT-3", "", "text-davinci-002", "'quoted", " =spaced")] == [
        "GPT-3", "", "text-davinci-002", "'quoted", " =spaced"]


def test_the_data_page_says_how_csv_cells_are_neutralised(data_dir):
    from gpt_lineage import i18n

    for lang in i18n.LANGUAGES:
        assert "OWASP" in i18n.t(lang, "exports.csv_intro", join="; ")
