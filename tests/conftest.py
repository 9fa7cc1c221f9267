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


# --- quality gates: a local server for the built site, Chromium per test module --------------------

from gpt_lineage.testkit import StaticServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def site_server(built_site):
    """The real site, built once, served on 127.0.0.1 (gzip, index.html for directories)."""
    with StaticServer(built_site) as server:
        yield server


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, one per test module (Playwright's sync API allows one
    instance at a time, and other modules start their own)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium (never Playwright's download)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def html_pages(site: Path) -> list[str]:
    """Site-relative URLs of every HTML page of a built site (directory URLs end in '/')."""
    urls = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


# --- links the core writes: `<a href="…">text</a>` (links.page_link, links.external_link) ------------

import re  # noqa: E402

# One link as the core writes it: an optional class, the href, then the (already escaped) text.
_LINK = re.compile(r'<a (?:class="[^"]*" )?href="([^"]*)">(.*?)</a>')


def html_link(text: str, href: str, css_class: str = "") -> str:
    """The exact link the core writes for `text` to `href` (a `.md` path before `resolve_page_links`,
    the final URL after it), with `css_class` where `links.page_link` and `links.external_link` put it."""
    cls = f'class="{css_class}" ' if css_class else ""
    return f'<a {cls}href="{href}">{text}</a>'


def links_in(markdown: str) -> list[tuple[str, str]]:
    """(text, href) of every link the core wrote in `markdown`, in order."""
    return [(m.group(2), m.group(1)) for m in _LINK.finditer(markdown)]
