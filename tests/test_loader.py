"""LOAD room: plain values, positions, and a Problem (never an exception) for every odd input."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpt_lineage import loader
from gpt_lineage.loader import Document, field_path, load_data_dir, load_file


def load_text(tmp_path: Path, text: str | bytes, name: str = "x.yaml"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_file(path)


def one_problem(tmp_path, text, name="x.yaml"):
    doc, problems = load_text(tmp_path, text, name)
    assert doc is None and len(problems) == 1, problems
    return problems[0]


def test_plain_values_and_positions(tmp_path):
    doc, problems = load_text(tmp_path, "# modeline\nid: a\nparents:\n  - model: b\n    method: sft\nn: 3\n")
    assert problems == []
    assert doc.data == {"id": "a", "parents": [{"model": "b", "method": "sft"}], "n": 3}
    assert doc.positions[("id",)] == (2, 1)
    assert doc.positions[("parents", 0)] == (4, 5)          # list item: the item
    assert doc.positions[("parents", 0, "method")] == (5, 5)  # mapping entry: the key
    assert doc.where(("parents", 0, "method", "deeper", 3)) == (5, 5)  # nearest recorded ancestor
    assert doc.where(("nope",)) == doc.positions[()] == (2, 1)


def test_where_falls_back_to_1_1():
    assert Document("p", "model", {}, {}).where(("a", 0)) == (1, 1)


def test_field_path():
    assert field_path(("parents", 0, "method")) == "parents[0].method"
    assert field_path(("benchmarks", 1, "results", 0, "model")) == "benchmarks[1].results[0].model"
    assert field_path(()) == ""


@pytest.mark.parametrize("text, value", [
    ("d: 2020-05-28", "2020-05-28"),          # no timestamp resolver: dates stay text
    ("d: 2020-05-28T10:00:00Z", "2020-05-28T10:00:00Z"),
    ("d: 2020-5-1", "2020-5-1"),
    ("d: '2020'", "2020"),
    ("d: no", False),
    ("d: On", True),
    ("d: 2020", 2020),
    ("d: 1.0", 1.0),
    ("d: 7e9", "7e9"),                         # YAML 1.1 needs a dot for a float
    ("d: 1:30", 90),                           # sexagesimal
    ("d: ~", None),
    ("d:", None),
    ("d: !!str 12", "12"),
])
def test_scalars(tmp_path, text, value):
    doc, problems = load_text(tmp_path, text + "\n")
    assert problems == [] and doc.data["d"] == value and type(doc.data["d"]) is type(value)


def test_raw_text_kept_for_coerced_plain_scalars(tmp_path):
    doc, _ = load_text(tmp_path, "a: no\nb: 'no'\nc: 2020\nd: text\ne:\n")
    assert doc.raw == {("a",): "no", ("c",): "2020", ("e",): ""}


def test_keys_stay_the_text_written(tmp_path):
    doc, problems = load_text(tmp_path, "on: 1\n2020: x\nnull: y\n")
    assert problems == [] and list(doc.data) == ["on", "2020", "null"]


def test_python_tag_builds_nothing(tmp_path):
    marker = tmp_path / "pwned"
    doc, problems = load_text(tmp_path, f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
                                        "y: !!python/name:os.system ''\n")
    assert not marker.exists()
    assert [(p.line, p.field) for p in problems] == [(1, "x"), (2, "y")]
    assert all("is not allowed" in p.message for p in problems)
    assert doc.bad == {("x",), ("y",)}
    assert not callable(doc.data["y"])


@pytest.mark.parametrize("text", ["x: !!binary aGk=\n", "x: !!set {a: null}\n", "x: !!timestamp 2020-01-01\n",
                                  "x: !foo bar\n", "x: !!omap [a: 1]\n"])
def test_other_tags_are_problems(tmp_path, text):
    doc, problems = load_text(tmp_path, text)
    assert len(problems) == 1 and "tag" in problems[0].message


def test_explicit_bad_int_is_a_problem(tmp_path):
    doc, problems = load_text(tmp_path, "x: !!int abc\n")
    assert [p.message for p in problems] == ["'abc' is not a valid int"]


def test_duplicate_key_at_second_occurrence(tmp_path):
    doc, problems = load_text(tmp_path, "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert [str(p) for p in problems] == [f"{doc.path}:4:3: b.c: duplicate key 'c' (first at line 3); keep one"]
    assert doc.data == {"a": 1, "b": {"c": 1}}


def test_non_scalar_key(tmp_path):
    doc, problems = load_text(tmp_path, "? [a, b]\n: 1\n")
    assert problems[0].message.startswith("a key must be plain text")


@pytest.mark.parametrize("text, message", [
    ("", "file is empty"),
    ("   \n\n", "file is empty"),
    ("# only a comment\n", "file is empty (only comments)"),
    ("- a\n- b\n", "expected a mapping (key: value) at the top of the file, got a list"),
    ("just text\n", "expected a mapping (key: value) at the top of the file, got the single value 'just text'"),
    ("a: 1\n---\nb: 2\n", "YAML syntax: expected a single document in the stream, but found another document"),
    ("a: [1, 2\n", "YAML syntax: expected ',' or ']', but got '<stream end>' in a [ list that starts here "
                  "(noticed at line 2, column 1); close it with ]"),
    ("a:\n\tb: 1\n", "YAML syntax: found character '\\t' that cannot start any token (indent with spaces, not tabs)"),
    ("a: &x 1\nb: *x\n", "YAML aliases (*name) are not supported in data files; write the value out"),
])
def test_whole_file_problems(tmp_path, text, message):
    problem = one_problem(tmp_path, text)
    assert problem.message == message and problem.line >= 1 and problem.col >= 1


def test_syntax_error_position(tmp_path):
    """An unclosed construct is reported where it starts (PyYAML's context mark), not where the
    parser noticed; that place is named in the message."""
    problem = one_problem(tmp_path, "a: 1\nb: [x\nc: 2\n")
    assert (problem.line, problem.col) == (2, 4)
    assert "noticed at line 3, column 2" in problem.message


def test_non_utf8_position(tmp_path):
    problem = one_problem(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert (problem.line, problem.col) == (2, 7) and "UTF-8" in problem.message


def test_utf8_bom_is_fine(tmp_path):
    doc, problems = load_text(tmp_path, b"\xef\xbb\xbfa: 1\n")
    assert problems == [] and doc.data == {"a": 1}


def test_control_character(tmp_path):
    problem = one_problem(tmp_path, "a: 1\nb: x\x07y\n")
    assert (problem.line, problem.col) == (2, 5) and "U+0007" in problem.message


def test_deep_nesting(tmp_path):
    problem = one_problem(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested deeper" in problem.message and problem.line == 1


def test_deep_block_nesting(tmp_path):
    text = "".join("  " * i + f"k{i}:\n" for i in range(200))
    problem = one_problem(tmp_path, text)
    assert "nested deeper" in problem.message and problem.line == loader.MAX_DEPTH


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 12)]
    problem = one_problem(tmp_path, "\n".join(lines) + "\n")
    assert "aliases" in problem.message and problem.line == 2


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as out:
        out.truncate(loader.MAX_BYTES + 1)
    doc, problems = load_file(path)
    assert doc is None and "the limit is" in problems[0].message


def test_nan_and_inf_are_problems(tmp_path):
    doc, problems = load_text(tmp_path, "a: .nan\nb: -.inf\nc: 1.0e+999\n")
    assert [p.field for p in problems] == ["a", "b", "c"]
    assert doc.bad == {("a",), ("b",), ("c",)}


def test_missing_file(tmp_path):
    doc, problems = load_file(tmp_path / "nope.yaml")
    assert doc is None and problems[0].message.startswith("cannot read file")


def test_display_path_relative_to_cwd(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    monkeypatch.chdir(tmp_path)
    doc, _ = load_text(tmp_path / "d", "a: 1\n")
    assert doc.path == "d/x.yaml"
    monkeypatch.chdir(tmp_path / "d")
    outside, _ = load_text(tmp_path / "e", "a: 1\n")
    assert outside.path == (tmp_path / "e/x.yaml").as_posix()


def test_kinds(tmp_path):
    assert load_text(tmp_path, "id: a\n", "models/a.yaml")[0].kind == "model"
    assert load_text(tmp_path, "abilities: []\n", "abilities.yaml")[0].kind == "abilities"
    assert load_text(tmp_path, "abilities: []\n", "other.yaml")[0].kind == "abilities"
    assert load_text(tmp_path, "a: 1\nb: 2\n", "claims.yaml")[0].kind == "claims"


def test_load_data_dir_order(data_dir):
    documents, problems = load_data_dir(data_dir)
    assert problems == []
    assert [Path(d.path).name for d in documents] == [
        "gpt-a.yaml", "gpt-b.yaml", "gpt-c.yaml", "abilities.yaml", "benchmarks.yaml", "claims.yaml",
        "glossary.yaml", "grades.yaml", "methods.yaml", "sources.yaml"]
    assert documents[0].path == "data/models/gpt-a.yaml"


def test_load_data_dir_keeps_going_after_a_bad_file(data_dir):
    (data_dir / "models/gpt-b.yaml").write_text("id: [\n")
    documents, problems = load_data_dir(data_dir)
    assert len(documents) == 9 and [p.path for p in problems] == ["data/models/gpt-b.yaml"]


def test_yml_files_are_not_silently_skipped(data_dir):
    (data_dir / "models/gpt-d.yml").write_text("id: gpt-d\n")
    _, problems = load_data_dir(data_dir)
    assert [str(p) for p in problems] == [
        "data/models/gpt-d.yml:1:1: (file): data files end in .yaml (lower case); rename this file to gpt-d.yaml"]
