"""VALIDATE room: the bad-input corpus, message shapes, and each cross-file rule on its own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gpt_lineage import validate as v
from gpt_lineage.loader import load_data_dir, load_file
from gpt_lineage.problems import Problem

from conftest import BAD_INPUTS

CASES = sorted(p for p in (BAD_INPUTS / "cases").iterdir() if p.is_dir())
EXPECT = re.compile(r"^(?P<file>\S+):(?P<line>\d+): (?P<field>\S+): (?P<fragment>.+)$")


def apply_case(case: Path, data: Path) -> list[tuple[str, int, str, str]]:
    """Overlay one case on the base copy; return its expectations (file, line, field, fragment)."""
    expected = []
    for line in (case / "expect").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("delete: "):
            (data / line[len("delete: "):]).unlink()
            continue
        m = EXPECT.match(line)
        assert m, f"{case.name}/expect: cannot read {line!r}"
        expected.append((m["file"], int(m["line"]), m["field"], m["fragment"]))
    for src in case.rglob("*"):
        if src.is_file() and src.name != "expect":
            dest = data / src.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    return expected


def test_corpus_is_big_enough():
    assert len(CASES) >= 30


def test_base_fixture_is_clean(data_dir):
    documents, problems = v.check(data_dir)
    assert problems == []
    assert sorted(d.kind for d in documents).count("model") == 3


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, data_dir):
    """Exactly the expected problems: right file, line and field, and no follow-on noise."""
    expected = apply_case(case, data_dir)
    _, problems = v.check(data_dir)
    got = [(p.path, p.line, p.field or "(file)", p.message) for p in problems]
    unmatched = list(got)
    for file, line, field, fragment in expected:
        hit = next((g for g in unmatched if g[0] == f"data/{file}" and g[1] == line and g[2] == field
                    and fragment in g[3]), None)
        assert hit, f"expected {file}:{line}: {field}: …{fragment}… in\n" + "\n".join(map(str, problems))
        unmatched.remove(hit)
    assert not unmatched, "unexpected problems:\n" + "\n".join(map(str, unmatched))
    for p in problems:
        assert str(p).startswith(f"{p.path}:{p.line}:{p.col}: ")


# --- message shapes --------------------------------------------------------------------------------

def write(data: Path, rel: str, text: str) -> None:
    (data / rel).write_text(text, encoding="utf-8")


def edit(data: Path, rel: str, old: str, new: str) -> None:
    text = (data / rel).read_text(encoding="utf-8")
    assert old in text
    write(data, rel, text.replace(old, new, 1))


def messages(data: Path) -> list[str]:
    return [str(p) for p in v.check(data)[1]]


def test_all_problems_in_one_run_sorted_and_unique(data_dir):
    edit(data_dir, "models/gpt-c.yaml", "method: sft", "method: sf")
    edit(data_dir, "models/gpt-b.yaml", "grade: official", "grade: offical")
    edit(data_dir, "sources.yaml", "year: 2018", "year: 1800")
    _, problems = v.check(data_dir)
    assert len(problems) == 3
    assert problems == sorted(set(problems))


def test_unknown_field_without_close_match_lists_allowed(data_dir):
    edit(data_dir, "methods.yaml", "marker: PT", "marker: PT\n    zzz: 1")
    [line] = messages(data_dir)
    assert "methods[0].zzz: unknown field 'zzz' (allowed: id, name, description, color, marker, sources)" in line


def test_required_missing_points_at_the_containing_object(data_dir):
    edit(data_dir, "models/gpt-c.yaml", "    grade: conclusion\n    sources: [blog-c]\nabilities", "    sources: [blog-c]\nabilities")
    [p] = v.check(data_dir)[1]
    assert (p.field, p.message, p.line) == ("parents[0].grade", "required field missing", 22)


def test_anyof_choice_and_numbers(data_dir):
    edit(data_dir, "benchmarks.yaml", "score: 71.2", "score: 171.2")
    [line] = messages(data_dir)
    assert line.endswith("benchmarks[0].results[0].score: must be at most 100, got 171.2")


def test_api_name_wrong_type_in_oneof(data_dir):
    edit(data_dir, "models/gpt-c.yaml", "api_name: text-c-001", "api_name: [a]")
    [line] = messages(data_dir)
    assert line.endswith("api_name: expected a string or null, got a list")


def test_empty_string_in_oneof_branch(data_dir):
    edit(data_dir, "models/gpt-c.yaml", "api_name: text-c-001", 'api_name: ""')
    [line] = messages(data_dir)
    assert line.endswith("api_name: must not be empty")


def test_number_as_text_says_write_number(data_dir):
    edit(data_dir, "models/gpt-b.yaml", "value: 175000000000", 'value: "1,000"')
    [line] = messages(data_dir)
    assert "write the number out: 1000" in line


def test_float_for_integer_is_refused(data_dir):
    edit(data_dir, "models/gpt-c.yaml", "value: 4096", "value: 4096.0")
    [line] = messages(data_dir)
    assert line.endswith("context_window.value: expected an integer, got number 4096.0 from unquoted '4096.0' — write 4096")


def test_url_with_spaces_and_without_scheme(data_dir):
    edit(data_dir, "sources.yaml", "url: https://example.org/a", "url: example.org/a")
    edit(data_dir, "sources.yaml", "url: https://example.org/c", "url: https://example.org/a b")
    found = messages(data_dir)
    assert any("links must start with http:// or https://" in m for m in found)
    assert any("contains spaces" in m for m in found)


def test_broken_registry_does_not_flood_references(data_dir):
    """A sources.yaml that fails to load gives one problem, not one per citation."""
    write(data_dir, "sources.yaml", "sources: [\n")
    found = messages(data_dir)
    assert len(found) == 1 and found[0].startswith("data/sources.yaml:")


def test_broken_model_is_still_a_known_parent(data_dir):
    write(data_dir, "models/gpt-b.yaml", "id: gpt-b\nname: [\n")
    found = messages(data_dir)
    assert len(found) == 1 and found[0].startswith("data/models/gpt-b.yaml:")


def test_registry_without_list_still_quiet_for_references(data_dir):
    write(data_dir, "grades.yaml", "grades: {}\n")
    found = messages(data_dir)
    assert found == ["data/grades.yaml:1:1: grades: expected a list, got a mapping"]


def test_missing_data_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, problems = v.check(Path("nowhere"))
    assert [str(p) for p in problems] == ["nowhere:1:1: (file): data directory not found"]


def test_missing_models_dir(data_dir):
    shutil.rmtree(data_dir / "models")
    found = messages(data_dir)
    assert "data/models:1:1: (file): models directory not found" in found


# --- each rule on its own --------------------------------------------------------------------------

def index_for(data: Path) -> v.Index:
    documents, problems = load_data_dir(data)
    assert problems == []
    return v.Index(documents)


def test_rules_are_one_function_each_and_clean_on_base(data_dir):
    index = index_for(data_dir)
    assert len(v.RULES) == len(set(v.RULES)) >= 10
    for rule in v.RULES:
        assert rule(index) == [], rule.__name__


def test_rule_model_id_matches_file(data_dir):
    edit(data_dir, "models/gpt-a.yaml", "id: gpt-a", "id: gpt-aa")
    [p] = v.check_model_id_matches_file(index_for(data_dir))
    assert p.field == "id" and "gpt-a.yaml" in p.message


def test_rule_model_ids_unique(data_dir):
    shutil.copyfile(data_dir / "models/gpt-a.yaml", data_dir / "models/gpt-z.yaml")
    [p] = v.check_model_ids_unique(index_for(data_dir))
    assert p.path == "data/models/gpt-z.yaml" and "already used by data/models/gpt-a.yaml" in p.message


def test_rule_registry_ids_unique(data_dir):
    edit(data_dir, "grades.yaml", "id: conclusion", "id: official")
    [p] = v.check_registry_ids_unique(index_for(data_dir))
    assert (p.field, p.line) == ("grades[1].id", 8)


def test_rule_registry_files(data_dir):
    (data_dir / "claims.yaml").unlink()
    [p] = v.check_registry_files(index_for(data_dir))
    assert p.path == "data/claims.yaml" and "missing" in p.message


@pytest.mark.parametrize("rule, file, old, new, fragment", [
    (v.check_model_refs, "models/gpt-c.yaml", "model: gpt-b", "model: gpt-q", "unknown model 'gpt-q'"),
    (v.check_ability_refs, "claims.yaml", "abilities: [in-context]", "abilities: [incontext]",
     "unknown ability 'incontext' (did you mean 'in-context'?)"),
    (v.check_method_refs, "models/gpt-b.yaml", "method: pretraining", "method: pre-training",
     "unknown method 'pre-training' (did you mean 'pretraining'?)"),
    (v.check_grade_refs, "claims.yaml", "grade: conclusion", "grade: guess",
     "unknown grade 'guess' (valid: conclusion, official)"),
    (v.check_source_refs, "abilities.yaml", "sources: [paper-b]", "sources: [brown2020]",
     "unknown source 'brown2020' (valid: blog-c, paper-a, paper-b)"),
])
def test_reference_rules(data_dir, rule, file, old, new, fragment):
    edit(data_dir, file, old, new)
    [p] = rule(index_for(data_dir))
    assert p.path == f"data/{file}" and fragment in p.message


def test_source_suggestion_uses_close_match(data_dir):
    edit(data_dir, "sources.yaml", "id: paper-b", "id: brown2020gpt3")
    edit(data_dir, "models/gpt-b.yaml", "paper-b]\nparameters", "brown2020]\nparameters")
    found = [p.message for p in v.check_source_refs(index_for(data_dir))]
    assert "unknown source 'brown2020' (did you mean 'brown2020gpt3'?)" in found


def test_rule_no_cycles_reports_each_cycle_once(data_dir):
    edit(data_dir, "models/gpt-a.yaml", "parents: []", "parents:\n  - {model: gpt-c, method: sft, grade: official, sources: [blog-c]}")
    problems = v.check_no_cycles(index_for(data_dir))
    assert len(problems) == 1
    assert "gpt-a → gpt-c → gpt-b → gpt-a" in problems[0].message


def test_rule_two_separate_cycles(data_dir):
    edit(data_dir, "models/gpt-a.yaml", "parents: []", "parents:\n  - {model: gpt-a, method: sft, grade: official, sources: [blog-c]}")
    edit(data_dir, "models/gpt-c.yaml", "model: gpt-b", "model: gpt-c")
    problems = v.check_no_cycles(index_for(data_dir))
    assert [p.path for p in problems] == ["data/models/gpt-a.yaml", "data/models/gpt-c.yaml"]


@pytest.mark.parametrize("child, parent, bad", [
    ("2020", "2020-05-28", False),       # same year: precision shared is the year
    ("2020-05", "2020-05-28", False),
    ("2020-04", "2020-05-28", True),
    ("2020-05-27", "2020-05-28", True),
    ("2019", "2020-05-28", True),
    ("2021-01-01", "2020", False),
])
def test_rule_release_order_compares_common_precision(data_dir, child, parent, bad):
    edit(data_dir, "models/gpt-b.yaml", '"2020-05-28"', f'"{parent}"')
    edit(data_dir, "models/gpt-c.yaml", 'date: "2022"', f'date: "{child}"')
    problems = v.check_release_order(index_for(data_dir))
    assert bool(problems) == bad
    if bad:
        assert problems[0].field == "release.date" and "before its parent 'gpt-b'" in problems[0].message


def test_rule_placeholders(data_dir):
    edit(data_dir, "models/gpt-c.yaml", 'date: "2022"', 'date: "TODO: YYYY-MM-DD"')
    [p] = v.check(data_dir)[1]  # the date pattern error is silenced: one message per mistake
    assert (p.field, p.message) == ("release.date", "fill in: YYYY-MM-DD")


def test_validate_accepts_documents_directly(data_dir):
    documents, _ = load_data_dir(data_dir)
    assert v.validate(documents) == []
    doc, _ = load_file(data_dir / "models/gpt-c.yaml")
    doc.data["series"] = "GPT-9"
    problems = v.validate([d for d in documents if d.path != doc.path] + [doc])
    assert [p.field for p in problems] == ["series"]
    assert isinstance(problems[0], Problem)
