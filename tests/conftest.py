"""Shared fixtures: a small valid data directory everyone can copy and break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BAD_INPUTS = Path(__file__).parent / "bad_inputs"
FIXTURE_DATA = BAD_INPUTS / "base"


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A fresh copy of the valid fixture data at tmp_path/data; cwd is tmp_path so paths read data/…"""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    monkeypatch.chdir(tmp_path)
    return Path("data")


# --- site room: the real site, built once per session -------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

# The project the site tests build; GPT_LINEAGE_PROJECT points them at another checkout or copy.
PROJECT = Path(os.environ.get("GPT_LINEAGE_PROJECT") or Path(__file__).resolve().parent.parent).resolve()


def mkdocs_env() -> dict:
    """Environment for running mkdocs in tests (no MkDocs 2 banner, no colour codes)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def mkdocs_command(*args: str) -> list[str]:
    """`mkdocs …` from the venv running the tests, so the editable package and plugin are used."""
    return [sys.executable, "-m", "mkdocs", *args]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` of the real project into a temporary directory (never into the repo)."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        mkdocs_command("build", "--strict", "-f", str(PROJECT / "mkdocs.yml"), "-d", str(site)),
        cwd=PROJECT, env=mkdocs_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site
