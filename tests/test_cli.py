"""CLI adapter: exit codes, where output goes, `new` as a checklist, export wiring."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from gpt_lineage import cli

HAS_EXPORTS = importlib.util.find_spec("gpt_lineage.render.exports") is not None


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_prints_summary(data_dir, capsys):
    code, out, err = run(capsys, "validate", "data")
    assert code == 0
    # The fixture is mostly English-only: missing Chinese is a warning, not an error.
    assert all(line.endswith(": warning: missing Chinese (zh) translation") for line in err.splitlines())
    assert out == ("ok: 3 models, 2 abilities, 2 methods, 2 grades, 3 sources, 2 glossary terms, "
                   "1 claim, 1 benchmark; zh: 3/28 texts translated\n")


def test_validate_defaults_to_data(data_dir, capsys):
    assert run(capsys, "validate")[0] == 0


def test_validate_problems_to_stderr_exit_1(data_dir, capsys):
    path = data_dir / "models/gpt-c.yaml"
    path.write_text(path.read_text().replace("method: sft", "method: sf").replace("GPT-3.5", "GPT-9"))
    code, out, err = run(capsys, "validate", "data")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "data/models/gpt-c.yaml:5:1: series: must be one of \"GPT-1\", \"GPT-2\", \"GPT-3\", \"GPT-3.5\", \"GPT-4\", "
        "\"GPT-4o\", \"o-series\", \"GPT-4.5\", \"GPT-4.1\", \"GPT-5\", \"gpt-oss\", \"OPT\", \"BLOOM\", \"T5\", "
        "\"CodeGen\", \"LLaMA\", \"StarCoder\", \"DeepSeek\", \"Tülu\"; got text 'GPT-9'",  # enum grown (issue 15/16)
        "data/models/gpt-c.yaml:23:5: parents[0].method: unknown method 'sf' (did you mean 'sft'?)",
    ]


def test_validate_garbage_never_tracebacks(data_dir, capsys):
    (data_dir / "models/gpt-c.yaml").write_bytes(b"\x00\xff" * 100)
    code, _, err = run(capsys, "validate", "data")
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1


def test_usage_errors_exit_2(capsys):
    assert run(capsys, )[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "new", "x")[0] == 2  # --parent and --method are required
    assert run(capsys, "export", "--format", "xml")[0] == 2
    assert run(capsys, "--help")[0] == 0


def test_new_then_validate_lists_the_fill_ins(data_dir, capsys):
    code, out, _ = run(capsys, "new", "gpt-d", "--parent", "gpt-c", "--method", "sft", "--data", "data")
    assert code == 0 and "data/models/gpt-d.yaml" in out
    text = (data_dir / "models/gpt-d.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "  - model: gpt-c\n    method: sft\n" in text
    code, _, err = run(capsys, "validate", "data")
    assert code == 1
    fields = [line.split(": ")[1] for line in err.splitlines()]
    assert all(line.startswith("data/models/gpt-d.yaml:") for line in err.splitlines())
    # every required field the author must write is named, and nothing else
    assert fields == ["name", "api_name", "organisation", "series", "release.date", "release.sources", "parameters.value",
                      "parameters.sources", "context_window.value", "context_window.sources",
                      "training_data.text.en", "training_data.sources", "summary.en", "parents[0].grade",
                      "parents[0].sources", "sources"]
    assert "fill in: one of GPT-1, GPT-2, GPT-3, GPT-3.5" in err
    assert "fill in: evidence grade id from grades.yaml: official, conclusion" in err


def test_new_filled_in_validates(data_dir, capsys):
    run(capsys, "new", "gpt-d", "--parent", "gpt-c", "--method", "sft")
    path = data_dir / "models/gpt-d.yaml"
    text = path.read_text()
    for old, new in [('name: "TODO', 'name: "GPT-D"\n#'), ('api_name: "TODO', "api_name: null\n#"),
                     ('organisation: "TODO', "organisation: OpenAI\n#"),
                     ('series: "TODO', 'series: GPT-3.5\n#'), ('date: "TODO', 'date: "2023"\n  #'),
                     ('value: "TODO: parameter', "undisclosed: true\n  #"), ('value: "TODO: context', "value: 8192\n  #"),
                     ('{en: "TODO: what', '{en: "Chats."}\n#'), ('{en: "TODO: two', '{en: "A chat model."}\n#'),
                     ('grade: "TODO', "grade: official\n    #"), ("sources: []", "sources: [blog-c]")]:
        text = text.replace(old, new)
    path.write_text(text)
    code, out, err = run(capsys, "validate")
    assert code == 0, err
    assert all(": warning: " in line for line in err.splitlines()), err
    assert out.startswith("ok: 4 models")


@pytest.mark.parametrize("argv, message", [
    (["new", "gpt-c", "--parent", "gpt-b", "--method", "sft"], "already exists; not overwriting"),
    (["new", "gpt-d", "--parent", "gpt-q", "--method", "sft"], "unknown parent 'gpt-q'"),
    (["new", "gpt-d", "--parent", "gpt-c", "--method", "rlhf"], "unknown method 'rlhf' (known: pretraining, sft)"),
    (["new", "GPT D", "--parent", "gpt-c", "--method", "sft"], "not a valid model id"),
    (["new", "../evil", "--parent", "gpt-c", "--method", "sft"], "not a valid model id"),
])
def test_new_refuses(data_dir, capsys, argv, message):
    before = sorted(p.name for p in (data_dir / "models").iterdir())
    original = (data_dir / "models/gpt-c.yaml").read_text()
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err
    assert sorted(p.name for p in (data_dir / "models").iterdir()) == before
    assert (data_dir / "models/gpt-c.yaml").read_text() == original


def test_new_with_broken_methods_is_a_data_problem(data_dir, capsys):
    (data_dir / "methods.yaml").write_text("methods: [\n")
    code, _, err = run(capsys, "new", "gpt-d", "--parent", "gpt-c", "--method", "sft")
    assert code == 1 and err.startswith("data/methods.yaml:2:1: (file): YAML syntax")


def test_export_bad_data_reports_problems(data_dir, capsys):
    (data_dir / "claims.yaml").unlink()
    code, out, err = run(capsys, "export", "--format", "json", "--data", "data")
    assert code == 1 and out == "" and "data/claims.yaml:1:1: (file): registry file missing" in err


@pytest.mark.skipif(not HAS_EXPORTS, reason="gpt_lineage.render.exports not written yet")
def test_export_json_to_file(data_dir, capsys, tmp_path):
    code, out, err = run(capsys, "export", "--format", "json", "-o", str(tmp_path / "lineage.json"), "--data", "data")
    assert (code, err) == (0, "")
    exported = json.loads((tmp_path / "lineage.json").read_text())
    assert "gpt-b" in json.dumps(exported)


@pytest.mark.skipif(not HAS_EXPORTS, reason="gpt_lineage.render.exports not written yet")
def test_export_csv_to_stdout(data_dir, capsys):
    code, out, err = run(capsys, "export", "--format", "csv", "--data", "data")
    assert (code, err) == (0, "")
    assert "gpt-a" in out and "gpt-c" in out


def test_console_script_entry_point(data_dir):
    """The installed `python -m gpt_lineage.cli` path returns the same exit code as main()."""
    done = subprocess.run([sys.executable, "-m", "gpt_lineage.cli", "validate", "data"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("ok: ")
