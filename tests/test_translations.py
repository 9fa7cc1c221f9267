"""Translation completeness: every text has `en`; a missing `zh` is a warning, or an error with --require-zh."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import pytest

from gpt_lineage import cli
from gpt_lineage.loader import load_data_dir
from gpt_lineage.translations import MESSAGE, check_translations, text_patterns

REPO = Path(__file__).resolve().parent.parent
WARNING = f": warning: {MESSAGE}"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def real_data(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped data at tmp_path/data; cwd is tmp_path so paths read data/…"""
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return Path("data")


def drop_zh(data: Path, file: str, keys: tuple) -> tuple[int, int]:
    """Remove the `zh` of the text at `keys` in data/`file`; return where the text object was written.

    Handles both ways the data writes a text: a block (`zh:` on its own line, possibly folded over
    more lines) and a flow mapping ending in `, zh: "…"}`.
    """
    path = data / file
    documents, problems = load_data_dir(data)
    assert not problems
    doc = next(d for d in documents if d.path.endswith(file))
    assert doc.data is not None and "zh" in _dig(doc.data, keys), f"{file} {keys} has no zh to remove"
    zh_line, zh_col = doc.where(keys + ("zh",))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines[zh_line - 1]
    if line[zh_col - 1:].startswith("zh:") and not line[: zh_col - 1].strip():  # block style
        end = zh_line
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= zh_col):
            end += 1
        del lines[zh_line - 1:end]
    else:  # flow style: `{en: "…", zh: "…"}` — zh is the last entry
        before = line[: zh_col - 1].rstrip()
        assert before.endswith(","), line
        lines[zh_line - 1] = before[:-1] + line[line.rindex("}"):]
    path.write_text("".join(lines), encoding="utf-8")
    return doc.where(keys)


def _dig(value, keys):
    for key in keys:
        value = value[key]
    return value


def test_shipped_data_is_fully_translated():
    documents, problems = load_data_dir(REPO / "data")
    assert not problems
    report = check_translations(documents)
    assert [str(p) for p in report.missing] == []
    assert report.translated == report.total > 0


def test_every_text_field_of_the_schemas_is_walked():
    patterns = text_patterns()
    assert {("summary",), ("training_data", "text"), ("release", "note"), ("parameters", "note"),
            ("context_window", "note"), ("architecture", "note"), ("parents", "*", "note"),
            ("abilities", "*", "note"), ("open_source_approximations", "*", "note"),
            ("disagreements", "*", "topic"), ("disagreements", "*", "positions", "*", "value"),
            ("knowledge_cutoff", "note"), ("succeeds", "*", "note"), ("reproduces", "*", "note")} == set(patterns["model"])
    assert ("claims", "*", "statement") in patterns["claims"] and ("claims", "*", "reasoning") in patterns["claims"]
    assert ("benchmarks", "*", "results", "*", "method") in patterns["benchmarks"]
    assert ("glossary", "*", "definition") in patterns["glossary"]
    assert patterns["sources"] == ()


def test_one_missing_zh_is_a_warning_at_its_place(real_data, capsys):
    line, col = drop_zh(real_data, "models/gpt-1.yaml", ("summary",))
    code, out, err = run(capsys, "validate", "data")
    assert code == 0
    assert err.splitlines() == [f"data/models/gpt-1.yaml:{line}:{col}: summary{WARNING}"]
    total = check_translations(load_data_dir(REPO / "data")[0]).total
    assert out.endswith(f"; zh: {total - 1}/{total} texts translated\n")


def test_missing_zh_in_a_list_item_names_its_field(real_data, capsys):
    keys = ("disagreements", 0, "positions", 1, "value")
    line, col = drop_zh(real_data, "models/davinci.yaml", keys)
    code, _, err = run(capsys, "validate", "data")
    assert code == 0
    assert err.splitlines() == [f"data/models/davinci.yaml:{line}:{col}: disagreements[0].positions[1].value{WARNING}"]


def test_require_zh_makes_missing_chinese_an_error(real_data, capsys):
    line, col = drop_zh(real_data, "models/chatgpt.yaml", ("parents", 0, "note"))
    code, out, err = run(capsys, "validate", "--require-zh", "data")
    assert code == 1 and out == ""
    assert err.splitlines() == [f"data/models/chatgpt.yaml:{line}:{col}: parents[0].note: {MESSAGE}"]

    code, out, err = run(capsys, "validate", "data")
    assert code == 0 and out.startswith("ok: ")
    assert err.splitlines() == [f"data/models/chatgpt.yaml:{line}:{col}: parents[0].note{WARNING}"]


def test_blank_zh_counts_as_missing(data_dir):
    path = data_dir / "models/gpt-b.yaml"
    path.write_text(path.read_text().replace('zh: "网页文本。"', 'zh: " "'))
    report = check_translations(load_data_dir(data_dir)[0])
    assert "data/models/gpt-b.yaml:16:3: training_data.text: missing Chinese (zh) translation" in map(str, report.missing)


def test_counts_on_the_fixture(data_dir):
    report = check_translations(load_data_dir(data_dir)[0])
    # 2 ability names (bilingual, zh required) + gpt-b's training data are the fixture's Chinese
    assert (report.translated, report.total) == (3, 28)
    assert len(report.missing) == report.total - report.translated
    assert report.summary() == "zh: 3/28 texts translated"


def test_require_zh_on_clean_translated_data_exits_0(real_data, capsys):
    code, out, err = run(capsys, "validate", "--require-zh", "data")
    assert (code, err) == (0, ""), err
    assert re.match(r"ok: \d+ models", out) and "texts translated" in out


def test_broken_data_reports_problems_not_translation_warnings(data_dir, capsys):
    path = data_dir / "models/gpt-c.yaml"
    path.write_text(path.read_text().replace("GPT-3.5", "GPT-9"))
    code, out, err = run(capsys, "validate", "data")
    assert code == 1 and out == ""
    assert WARNING not in err and len(err.splitlines()) == 1
