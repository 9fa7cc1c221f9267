"""Robustness gate: a build over bad data fails loudly, in one-line problems, and writes nothing.

`mkdocs build` and `gpt-lineage generate` over a data directory with one bad file exit non-zero,
print the validation lines (path:line:col: field: message), never a traceback, and leave an
existing site directory exactly as it was (or create none). The property test checks that the
synthetic generator's random lineages — the benchmark's input — always load and validate.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpt_lineage.lineage import load_lineage
from gpt_lineage.synthetic import write_data_dir
from gpt_lineage.testkit import REPO, mkdocs_build, project_copy
from gpt_lineage.validate import check

PROBLEM_LINE = re.compile(r"^\S+\.yaml:\d+:\d+: \S+: .+$", re.M)

# One bad file each: (file, edit as (regex, replacement) on the real data, expected text in a problem line).
BREAKAGES = {
    "yaml-syntax": ("models/gpt-2.yaml", (r"\nname:", "\nname: [unclosed\nname:"), "gpt-2.yaml"),
    "schema": ("models/gpt-2.yaml", (r"\nseries:", "\nparameters_typo: 1\nseries:"), "parameters_typo"),
    "cross-file": ("models/chatgpt.yaml", (r"(model: )[a-z0-9.-]+", r"\1no-such-parent"), "no-such-parent"),
}


def _break(data: Path, case: str) -> str:
    name, (old, new), expect = BREAKAGES[case]
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text), f"{case}: the real data no longer matches {old!r}; update BREAKAGES"
    path.write_text(re.sub(old, new, text, count=1), encoding="utf-8")
    return expect


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def broken_project(tmp_path, request):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    expect = _break(data, request.param)
    return project_copy(tmp_path / "project", data), expect


@pytest.mark.parametrize("broken_project", sorted(BREAKAGES), indirect=True)
def test_build_over_bad_data_fails_with_problems_and_keeps_the_old_site(broken_project, tmp_path):
    project, expect = broken_project
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build", encoding="utf-8")
    (site / "models").mkdir()
    (site / "models" / "keep.txt").write_text("kept", encoding="utf-8")
    before = _snapshot(site)

    result = mkdocs_build(project, site, strict=True)
    output = result.stdout + result.stderr

    assert result.returncode != 0
    problems = PROBLEM_LINE.findall(output)
    assert problems and any(expect in line for line in problems), output[-3000:]
    assert "Traceback" not in output
    assert _snapshot(site) == before, "a failed build changed the existing site directory"


@pytest.mark.parametrize("broken_project", ["cross-file"], indirect=True)
def test_build_over_bad_data_creates_no_site_directory(broken_project, tmp_path):
    project, _ = broken_project
    site = tmp_path / "fresh-site"
    result = mkdocs_build(project, site, strict=False)  # not even without --strict
    assert result.returncode != 0
    assert not site.exists(), f"a failed build left {sorted(p.name for p in site.iterdir())}"


@pytest.mark.parametrize("broken_project", ["schema"], indirect=True)
def test_generate_over_bad_data_writes_nothing(broken_project, tmp_path):
    project, expect = broken_project
    out = tmp_path / "generated"
    cli = Path(sys.executable).with_name("gpt-lineage")
    result = subprocess.run([str(cli), "generate", "--data", str(project / "data"), "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert any(expect in line for line in PROBLEM_LINE.findall(output)), output
    assert "Traceback" not in output
    assert not out.exists()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=1, max_value=60), seed=st.integers(min_value=0, max_value=10**6))
def test_synthetic_lineages_always_validate_and_load_in_release_order(n, seed, tmp_path_factory):
    data = write_data_dir(n, tmp_path_factory.mktemp("synthetic") / "data", seed)
    documents, problems = check(data)
    assert not problems, [str(p) for p in problems[:5]]
    lineage = load_lineage(data)
    assert len(lineage.models) == n
    order = list(lineage.models)
    for link in lineage.edges:
        assert order.index(link.parent) < order.index(link.child)
