"""Site tests: build the real project with `mkdocs build --strict` into a temporary directory and
read the produced HTML. Expectations come from the data (load_lineage), so they hold as the data
grows."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from conftest import PROJECT, mkdocs_command, mkdocs_env
from gpt_lineage.lineage import load_lineage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lineage():
    return load_lineage(PROJECT / "data")


def page(site: Path, url_path: str):
    """Parse the built page at a site-relative directory URL such as `models/gpt-2/`."""
    return lxml_html.parse(str(site / url_path / "index.html")).getroot()


def resolve(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The built file and fragment a relative href on `page_url` points at."""
    target = urlsplit(urljoin("http://site/" + page_url, href))
    path = target.path.lstrip("/")
    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    return file, target.fragment


def test_every_model_has_a_page_with_its_facts_and_an_edit_link_to_its_yaml(built_site, lineage):
    for m in lineage.models.values():
        doc = page(built_site, f"models/{m.id}/")
        assert m.name in doc.findtext(".//h1"), m.id
        facts = doc.xpath('//h2[@id="facts"]/following-sibling::table[1]//td[1]/text()')
        for label in ("API name", "Series", "Release date", "Parameters", "Context window", "Training data", "Paper"):
            assert label in facts, (m.id, label)
        edit = doc.xpath('//a[@rel="edit"]/@href')
        assert edit == [f"https://github.com/gpt-lineage/gpt-lineage/edit/main/data/models/{m.id}.yaml"], m.id


def test_every_model_links_to_its_parents_and_children_with_the_method(built_site, lineage):
    for m in lineage.models.values():
        doc = page(built_site, f"models/{m.id}/")
        section = doc.xpath('//h2[@id="parents-and-children"]/following-sibling::ul'
                            '[preceding-sibling::h2[1][@id="parents-and-children"]]/li')
        linked = {}
        for li in section:
            for href in li.xpath("./a[1]/@href"):  # "none: trained from scratch" has no link
                linked[href] = li.text_content()
        for edge, other in [(p, p.parent) for p in lineage.parents(m.id)] + [(c, c.child) for c in lineage.children(m.id)]:
            href = f"../{other}/"
            assert href in linked, (m.id, other)
            assert lineage.methods[edge.method].name.en in linked[href], (m.id, other)
        related = {p.parent for p in lineage.parents(m.id)} | {c.child for c in lineage.children(m.id)} | \
            {x.predecessor for x in lineage.succeeds(m.id)} | {x.successor for x in lineage.succeeded_by(m.id)}
        assert {h.strip("./") for h in linked} <= related, (m.id, sorted(linked))  # nothing else is listed


def test_matrix_has_a_row_per_model_and_a_column_per_ability(built_site, lineage):
    # Redesigned (issue 11): models are rows (grouped by series), abilities are columns whose
    # headers link to the ability pages; a change cell links to its row there, no title tooltips.
    doc = page(built_site, "matrix/")
    table = doc.xpath('//div[contains(@class, "lineage-matrix")]//table')
    assert len(table) == 1
    headers = table[0].xpath("./thead/tr/th")
    assert [h.get("id") for h in headers[1:]] == [f"ability-{a}" for a in lineage.abilities]
    assert [h.xpath(".//a/@href")[0] for h in headers[1:]] == [f"../abilities/{a}/" for a in lineage.abilities]
    rows = table[0].xpath("./tbody/tr[@data-model]")
    assert [r.get("data-model") for r in rows] == [m.id for series in dict.fromkeys(
        m.series for m in lineage.release_order()) for m in lineage.release_order() if m.series == series]
    assert all(len(r.xpath("./td")) == len(lineage.abilities) for r in rows)
    cells = table[0].xpath('.//a[contains(@class, "lm-cell") and @data-grade]')
    assert len(cells) == sum(len(m.abilities) for m in lineage.models.values())
    for cell in cells:
        assert "evidence:" in cell.text_content() and "sources:" in cell.text_content()
        assert "/#change-" in cell.get("href")
    assert not table[0].xpath(".//*[@title]")
    assert doc.xpath('//div[contains(@class, "lineage-legend")]')


def test_citations_resolve_to_the_references_page(built_site, lineage):
    refs = page(built_site, "references/")
    ids = refs.xpath("//@id")
    for sid in lineage.sources:
        assert ids.count(f"src-{sid}") == 1, sid
    checked = 0
    for html_file in built_site.rglob("*.html"):
        url = html_file.relative_to(built_site).parent.as_posix() + "/"
        url = "" if url == "./" else url
        doc = lxml_html.parse(str(html_file)).getroot()
        for li in doc.xpath('//div[@class="footnote"]//li[starts-with(@id, "fn:src-")]'):
            sid = li.get("id")[len("fn:src-"):]
            href = li.xpath("./p/a[1]/@href")[0]
            target, fragment = resolve(built_site, url, href)
            edition = built_site / "zh" if url.startswith("zh/") else built_site  # citations stay in the page's language
            assert target == edition / "references" / "index.html", (html_file, href)
            assert fragment == f"src-{sid}" and sid in lineage.sources, (html_file, href)
            checked += 1
    assert checked >= len(lineage.models)  # every model page cites something


def test_navigation_lists_generated_pages_and_models_in_release_order(built_site, lineage):
    doc = page(built_site, "")
    nav_links = doc.xpath('//nav[contains(@class, "md-nav--primary")]//a[contains(@class, "md-nav__link")]/@href')
    model_links = [h for h in nav_links if re.fullmatch(r"models/[^/]+/", h)]
    assert model_links == [f"models/{m.id}/" for m in lineage.release_order()]
    for generated in ("matrix/", "summary/", "timeline/", "references/", "glossary/"):
        assert generated in nav_links


def test_summary_timeline_and_glossary_come_from_the_data(built_site, lineage):
    summary = page(built_site, "summary/")
    assert [th.text_content() for th in summary.xpath("//table[1]/thead/tr/th")] == [
        "Abilities", "Model", "Training method", "OpenAI API", "Paper", "Open-source approximation"]
    assert len(summary.xpath("//table[1]/tbody/tr")) == len(lineage.models)
    timeline = page(built_site, "timeline/")
    years = [int(h.text_content().strip("¶ ")) for h in timeline.xpath("//article//h2")]
    assert years == sorted({m.release.year for m in lineage.models.values()})
    glossary = page(built_site, "glossary/")
    assert len(glossary.xpath("//table[1]/tbody/tr")) == len(lineage.glossary)


def test_generated_pages_are_virtual_and_the_site_stays_on_its_own_origin(built_site):
    assert not (PROJECT / "docs" / "models").exists()
    for name in ("matrix.md", "references.md", "summary.md", "timeline.md", "glossary.md"):
        assert not (PROJECT / "docs" / name).exists()
    for html_file in built_site.rglob("*.html"):
        doc = lxml_html.parse(str(html_file)).getroot()
        loaded = doc.xpath("//script/@src | //link[@rel='stylesheet' or @rel='preload' or @rel='icon']/@href | "
                           "//img/@src | //iframe/@src | //source/@src | //video/@src | //audio/@src")
        external = [u for u in loaded if re.match(r"^(https?:)?//", u)]
        assert not external, (html_file, external)


def _contrast(fg: str, bg: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_badge_colours_have_enough_contrast_in_both_palettes():
    stylesheet = (PROJECT / "docs" / "stylesheets" / "lineage.css").read_text()
    css = stylesheet[stylesheet.index("1. SITE\n"):stylesheet.index("2. TREE\n")]  # the SITE part (badges)
    palettes = re.findall(r'\[data-md-color-scheme="(\w+)"\]\s*\{([^}]*)\}', css)
    assert {name for name, _ in palettes} == {"default", "slate"}
    for name, block in palettes:
        colours = dict(re.findall(r"--lineage-([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
        pairs = [(k[:-3], colours[k], colours[k[:-3] + "-bg"]) for k in colours if k.endswith("-fg")]
        assert len(pairs) >= 8
        for badge, fg, bg in pairs:
            assert _contrast(fg, bg) >= 4.5, (name, badge, fg, bg)


def test_build_with_broken_data_aborts_with_the_problems_and_writes_nothing(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "data"):
        shutil.copytree(PROJECT / folder, project / folder)
    victim = sorted((project / "data" / "models").glob("*.yaml"))[0]
    text = victim.read_text()
    victim.write_text(re.sub(r"(?m)^series:.*$", "series: 42", text).replace("\nsummary:", "\nsummmary:", 1))
    site = tmp_path / "site"
    result = subprocess.run(mkdocs_command("build", "--strict", "-d", str(site)), cwd=project,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    problem_lines = [line for line in output.splitlines() if re.search(rf"{victim.name}:\d+:\d+: ", line)]
    assert len(problem_lines) >= 2, output  # one line per problem: the bad series and the misspelt key
    assert "Traceback" not in output
    assert not site.exists() or not any(site.iterdir())


def test_generate_writes_the_pages_the_site_serves(built_site, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "gpt_lineage.cli", "generate", "--out", str(out),
                             "--data", str(PROJECT / "data")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # generate writes a whole project (issue 14): DIR/docs/ is the site's docs dir, the Chinese
    # edition (docs/zh/) with its own copy of the shared files; tests/test_longevity.py builds it.
    assert (out / "mkdocs.yml").is_file() and (out / "mkdocs.zh.yml").is_file()
    written = {p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*") if p.is_file()}
    assert {f"models/{m}.md" for m in load_lineage(PROJECT / "data").models} <= written
    for src in written:
        if src.startswith("zh/") and not src.endswith(".md"):
            continue  # the Chinese edition's copy of a shared file (the site serves it once, at the top)
        built = (built_site / (src[:-3].removesuffix("index") if src.endswith(".md") else src))
        built = built / "index.html" if src.endswith(".md") else built
        assert built.is_file(), (src, built)


def test_generate_with_broken_data_prints_problems_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    victim = sorted((data / "models").glob("*.yaml"))[0]
    victim.write_text(victim.read_text() + "\nbroken: [unclosed\n")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "gpt_lineage.cli", "generate", "--out", str(out), "--data", str(data)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert re.search(rf"{victim.name}:\d+:\d+: ", result.stderr) and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.browser
def test_matrix_sorts_in_chromium_and_no_request_leaves_the_origin(built_site, lineage):
    """site.js: clicking an ability's header sorts rows (++ first) and sets aria-sort; the page loads
    nothing from outside its own origin."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "-b", "127.0.0.1", "-d", str(built_site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    origin = f"http://127.0.0.1:{port}"
    outside: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            page = browser.new_page()
            page.on("request", lambda r: None if r.url.startswith(origin) or r.url.startswith("data:") else outside.append(r.url))
            for _ in range(50):  # the static server needs a moment to listen
                try:
                    page.goto(f"{origin}/matrix/", wait_until="networkidle")
                    break
                except Exception:
                    time.sleep(0.1)
            target = list(lineage.abilities)[-1]  # the last ability's column (issue 11: abilities are columns)
            column = len(lineage.abilities)
            header = page.locator(".lineage-matrix thead th").nth(column)
            header.locator("button.lineage-sort").click()
            assert header.get_attribute("aria-sort") == "descending"
            weights = page.eval_on_selector_all(
                f".lineage-matrix tbody tr td:nth-child({column + 1})[data-sort]",
                "cells => cells.map(c => +c.getAttribute('data-sort'))")
            assert weights == sorted(weights, reverse=True) and len(weights) == len(lineage.models)
            assert weights[0] > 0, f"no model gains {target}?"
            header.locator("button.lineage-sort").click()
            assert header.get_attribute("aria-sort") == "ascending"
            page.goto(f"{origin}/abilities/{target}/", wait_until="networkidle")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert outside == []
