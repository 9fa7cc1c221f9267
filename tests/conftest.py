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
