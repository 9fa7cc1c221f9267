"""Longevity (issue 14): the site outlives MkDocs 1.x and Material 9.

- MkDocs stays the default, pinned below 2.0 (the 2.0 pre-releases drop plugins): a fresh resolution
  with pre-releases allowed still chooses 1.x.
- ProperDocs (a maintained fork of MkDocs 1.x) builds the site with the plugin, the same pages.
- `gpt-lineage generate --out DIR` writes a project that plain MkDocs (no plugin) and Zensical build
  into the whole site, both editions, with no broken link.

ProperDocs and MkDocs share one venv: ProperDocs' modules are `properdocs.*` (no file of the
`mkdocs` distribution is replaced); inside the `properdocs` command it redirects `mkdocs.*` imports
to its own modules (properdocs/replacement.py), so Material and this plugin run on ProperDocs there
and on MkDocs under `mkdocs`. Both are in the `test` extras (pyproject.toml).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import PROJECT, html_pages, mkdocs_env

BIN = Path(sys.executable).parent


# --- helpers -----------------------------------------------------------------------------------------

def run(command: list, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=mkdocs_env(), capture_output=True,
                          text=True, timeout=timeout)


def page_keys(site: Path) -> set[str]:
    """The site's pages as directory URLs (`models/gpt-2/`, `models/`, ``, `zh/tree/`, `404.html`),
    whether it was built with directory URLs or with file URLs (`models/gpt-2.html`)."""
    keys = set()
    for url in html_pages(site):
        name = url.rsplit("/", 1)[-1]
        if url.endswith(".html") and name != "404.html":
            url = url[: -len(".html")] + "/"
        keys.add(url)
    return keys


_ATTR = re.compile(r"""\s(?:href|src)=["']([^"']+)["']""")


def broken_links(site: Path, mount: str = "/gpt-lineage/") -> list[tuple[str, str]]:
    """(page, URL) of every relative or site-absolute href/src in the site's HTML whose file is missing."""
    bad = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        for url in _ATTR.findall(html.read_text(encoding="utf-8", errors="replace")):
            parts = urlsplit(url.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                target = path[len(mount):] if path.startswith(mount) else "../outside"
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            file = site / target if target not in (".", "") else site
            if file.is_dir():
                file = file / "index.html"
            if target.startswith("..") or not file.is_file():
                bad.append((rel, url))
    return bad


# --- 1. the default stays MkDocs 1.x -----------------------------------------------------------------

def test_pyproject_pins_mkdocs_below_2_and_material_9():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "mkdocs>=1.6,<2" in project["dependencies"]
    assert any(d.startswith("mkdocs-material") and "<10" in d for d in project["dependencies"])
    tests = project["optional-dependencies"]["test"]
    assert any(d.startswith("properdocs") for d in tests) and any(d.startswith("zensical") for d in tests)
    make = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/mkdocs serve" in make and "$(BIN)/mkdocs build --strict" in make


_OFFLINE = re.compile(r"(Could not fetch|Failed to establish|NewConnectionError|Temporary failure in name "
                      r"resolution|Network is unreachable|ConnectTimeout|ReadTimeout|Max retries exceeded)", re.I)


@pytest.mark.slow
def test_a_fresh_resolution_with_pre_releases_still_chooses_mkdocs_1(tmp_path):
    """`pip install --pre` of the pinned requirement (what a fresh `make install` resolves, with
    pre-releases allowed on top) picks a 1.x release, never a 2.0 pre-release."""
    result = run([sys.executable, "-m", "pip", "install", "--dry-run", "--pre", "--ignore-installed", "--no-deps",
                  "--no-cache-dir", "--quiet", "--report", tmp_path / "report.json", "mkdocs>=1.6,<2"], tmp_path,
                 timeout=300)
    if result.returncode != 0 and _OFFLINE.search(result.stderr):
        pytest.skip(f"the package registry is unreachable: {_OFFLINE.search(result.stderr).group(0)}")
    assert result.returncode == 0, result.stderr
    chosen = {i["metadata"]["name"].lower(): i["metadata"]["version"]
              for i in json.loads((tmp_path / "report.json").read_text())["install"]}
    assert chosen["mkdocs"].startswith("1."), chosen


# --- 2. ProperDocs builds the site with the plugin ---------------------------------------------------

@pytest.mark.slow
def test_properdocs_builds_the_site_strict_with_the_same_pages(built_site, tmp_path):
    site = tmp_path / "properdocs-site"
    result = run([BIN / "properdocs", "build", "--strict", "-f", PROJECT / "mkdocs.yml", "-d", site], PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert page_keys(site) == page_keys(built_site)
    # the plugin ran: generated pages, both editions, one search index per language
    assert (site / "models" / "gpt-2" / "index.html").is_file() and (site / "zh" / "tree" / "index.html").is_file()
    assert (site / "zh" / "search" / "search_index.json").is_file()


# --- 3. the portable project -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def portable(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portable")
    result = run([BIN / "gpt-lineage", "generate", "--out", out, "--data", PROJECT / "data"], PROJECT, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


def _configs(portable: Path) -> dict[str, dict]:
    return {name: yaml.safe_load((portable / name).read_text(encoding="utf-8"))
            for name in ("mkdocs.yml", "mkdocs.zh.yml")}


def _nav_paths(nav: list) -> list[str]:
    out = []
    for item in nav:
        value = item if isinstance(item, str) else next(iter(item.values()))
        out += _nav_paths(value) if isinstance(value, list) else [value]
    return out


def test_generate_writes_a_project_without_the_plugin(portable):
    configs = _configs(portable)
    for name, config in configs.items():
        plugins = [p if isinstance(p, str) else next(iter(p)) for p in config.get("plugins", [])]
        assert "gpt-lineage" not in plugins, name
        assert config["use_directory_urls"] is False
        docs = portable / config["docs_dir"]
        paths = _nav_paths(config["nav"])
        assert paths and all((docs / p).is_file() for p in paths), name  # the navigation is written out
        assert "models/gpt-2.md" in paths and "tree.md" in paths and "concepts/rlhf.md" in paths
        for asset in ("assets/vendor/katex/katex.min.js", "javascripts/lineage-tree.js", "stylesheets/lineage.css",
                      "exports/models.json", "schema/model.schema.json"):
            assert (docs / asset).is_file(), (name, asset)
    assert configs["mkdocs.yml"]["theme"]["language"] == "en" and configs["mkdocs.zh.yml"]["theme"]["language"] == "zh"
    assert configs["mkdocs.zh.yml"]["site_dir"] == "site/zh"
    assert "模型" in {next(iter(i)) for i in configs["mkdocs.zh.yml"]["nav"] if isinstance(i, dict)}
    # shortcodes expanded everywhere (outside code), abbreviations on hand-written pages
    for page in (portable / "docs").rglob("*.md"):
        text = re.sub(r"```.*?```|`[^`\n]*`", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\[\[[a-z][a-z0-9-]*(:[^\]\n]*)?\]\]", text), page
    assert "*[RLHF]" in (portable / "docs/concepts/rlhf.md").read_text(encoding="utf-8")
    assert (portable / "overrides/main.html").is_file() and not (portable / "overrides/partials/search.html").exists()
    # the language switch: each edition's root, relative to this one's, drawn by the portable override
    # (the same page in the other edition), not the plugin's partials/alternate.html
    assert [a["link"] for a in configs["mkdocs.yml"]["extra"]["alternate"]] == ["./", "zh/"]
    assert [a["link"] for a in configs["mkdocs.zh.yml"]["extra"]["alternate"]] == ["../", "../zh/"]
    assert not any("missing" in a for c in configs.values() for a in c["extra"]["alternate"])  # all pages in both
    assert (portable / "overrides/partials/alternate.html").read_text(encoding="utf-8") == \
        (PROJECT / "scripts/gpt_lineage/theme/partials/alternate-portable.html").read_text(encoding="utf-8")


def test_generate_and_the_plugin_share_one_code_path(portable):
    """Every generated page in DIR is exactly what the core assembles (the function the plugin calls)."""
    from gpt_lineage import portable as core
    from gpt_lineage.lineage import load_lineage

    lineage = load_lineage(PROJECT / "data")
    text, error = core.page_markdown((PROJECT / "docs/concepts/rlhf.md").read_text(encoding="utf-8"), lineage,
                                     "concepts/rlhf.md", False, generated=False)
    assert error is None and (portable / "docs/concepts/rlhf.md").read_text(encoding="utf-8") == text


def switch_targets(site: Path, page: str) -> list[str]:
    """Where a built page's language switch leads: site-relative paths (`zh/models/gpt-2.html`)."""
    html = (site / page).read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]*)"[^>]*class="md-select__link lineage-lang-link"', html)
    return [posixpath.normpath(posixpath.join(posixpath.dirname(page), h)) for h in hrefs]


def assert_the_switch_keeps_the_page(site: Path) -> None:
    for page in ("models/gpt-2.html", "index.html", "concepts/rlhf.html"):
        assert switch_targets(site, page) == [page, f"zh/{page}"], page
        assert switch_targets(site, f"zh/{page}") == [page, f"zh/{page}"], page


def _build_portable(portable: Path, builder: str, site: Path) -> None:
    for config, target in (("mkdocs.yml", site), ("mkdocs.zh.yml", site / "zh")):
        if builder == "mkdocs":
            command = [BIN / "mkdocs", "build", "--strict", "-f", config, "-d", target]
        else:  # Zensical writes into site_dir of the configuration (site/, site/zh/)
            command = [BIN / "zensical", "build", "-f", config]
        result = run(command, portable)
        assert result.returncode == 0, f"{builder} {config}:\n{result.stdout}\n{result.stderr}"
        assert "WARNING" not in result.stdout + result.stderr if builder == "mkdocs" else True


@pytest.mark.slow
def test_plain_mkdocs_builds_the_portable_project_strict(portable, built_site, tmp_path):
    site = tmp_path / "mkdocs-site"
    _build_portable(portable, "mkdocs", site)
    assert page_keys(site) - {"zh/404.html"} == page_keys(built_site)  # each edition has its own 404 page
    assert broken_links(site) == []
    assert '<html lang="zh' in (site / "zh" / "index.html").read_text(encoding="utf-8")
    assert_the_switch_keeps_the_page(site)


@pytest.mark.slow
def test_zensical_builds_the_portable_project_with_no_broken_link(portable, built_site):
    site = zensical_site(portable)
    assert page_keys(site) - {"zh/404.html"} == page_keys(built_site)  # each edition has its own 404 page
    assert broken_links(site) == []
    assert '<html lang="zh' in (site / "zh" / "index.html").read_text(encoding="utf-8")
    assert_the_switch_keeps_the_page(site)


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_page_without_a_counterpart_switches_to_the_other_home(builder, tmp_path):
    """A page only one edition has: its switch leads to the other edition's home (config lists it)."""
    from gpt_lineage import portable as core

    files = {"index.md": "# Home\n", "only.md": "# Only in English\n", "zh/index.md": "# 首页\n"}
    assembly = core.Assembly(files, {"en": ["index.md", "only.md"], "zh": ["index.md"]})
    for rel, content in core.project_files(assembly, {"site_name": "Tiny", "use_directory_urls": False,
                                                      "theme": {"name": "material"}}).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content, encoding="utf-8")
    english = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["alternate"]
    assert [a.get("missing") for a in english] == [None, ["only.html"]]
    _build_portable(tmp_path, builder, tmp_path / "site")
    assert switch_targets(tmp_path / "site", "only.html") == ["only.html", "zh/index.html"]
    assert switch_targets(tmp_path / "site", "zh/index.html") == ["index.html", "zh/index.html"]


def zensical_site(portable: Path) -> Path:
    """`zensical build` of both editions of a generated project (site/ and site/zh/)."""
    if not (portable / "site" / "zh" / "index.html").is_file():
        _build_portable(portable, "zensical", portable / "site")
    return portable / "site"
