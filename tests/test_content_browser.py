"""Content room in Chromium: the RLHF equations are typeset by the KaTeX shipped with the site (no
request leaves 127.0.0.1, also after Material's instant navigation), the home page's conclusions and
the benchmark chart render in both palettes. Screenshots go to test-artifacts/content/ so a person
can look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gpt_lineage.lineage import load_lineage
from conftest import PROJECT
from gpt_lineage.testkit import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = REPO / "test-artifacts" / "content"


@pytest.fixture(scope="module")
def server(site_server):
    return site_server


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def open_page(browser, server):
    """A fresh page in the given palette that records every request leaving the local server."""
    contexts = []

    def make(scheme: str = "light"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.outside = []  # type: ignore[attr-defined]
        page.on("request", lambda r: None if r.url.startswith((server.base, "data:", "blob:"))
                else page.outside.append(r.url))
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for c in contexts:
        c.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_rlhf_equations_are_typeset_offline(open_page, server):
    page = open_page()
    page.goto(server.url("concepts/rlhf/"), wait_until="networkidle")
    page.wait_for_selector(".arithmatex .katex-display")
    assert page.locator("div.arithmatex .katex-display").count() == 2  # eq. 1 and eq. 2
    assert page.locator("span.arithmatex .katex").count() >= 10        # inline symbols in the prose
    assert page.locator(".katex-error").count() == 0
    # KaTeX's fonts load from the site, so the formula is drawn in KaTeX_Math, not a fallback.
    assert page.evaluate("document.fonts.check('12px KaTeX_Math')")
    loss = page.locator("div.arithmatex").first.inner_text()
    assert "loss" in loss and "σ" in loss
    assert page.outside == [] and page.errors == []
    shot(page, "rlhf-math")


def test_math_is_typeset_after_instant_navigation_too(open_page, server):
    page = open_page()
    page.goto(server.url("concepts/"), wait_until="networkidle")
    page.locator('article a[href$="rlhf/"]').first.click()
    page.wait_for_url("**/concepts/rlhf/")
    page.wait_for_selector("div.arithmatex .katex-display", timeout=5000)
    # Rendered once: no equation holds two KaTeX trees after navigating back and forth.
    page.go_back()
    page.wait_for_url("**/concepts/")
    page.go_forward()
    page.wait_for_selector("div.arithmatex .katex-display")
    counts = page.eval_on_selector_all("div.arithmatex", "els => els.map(e => e.querySelectorAll('.katex-display').length)")
    assert counts == [1, 1]
    assert page.outside == []


def test_home_page_shows_the_conclusions_and_the_tree(open_page, server):
    page = open_page()
    page.goto(server.url(""), wait_until="networkidle")
    cards = page.locator(".lineage-conclusion")
    assert cards.count() == 6
    # All six conclusions are visible in the first screen or just below it, side by side.
    first, last = cards.nth(0).bounding_box(), cards.nth(5).bounding_box()
    assert last["y"] + last["height"] < 1400 and first["x"] != cards.nth(1).bounding_box()["x"]
    assert page.locator(".lineage-conclusion a.lineage-claim-ref").count() >= 12
    assert page.locator(".lineage-tree svg").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.outside == [] and page.errors == []
    shot(page, "home")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_benchmark_chart_uses_the_palette(open_page, server, scheme):
    lineage = load_lineage(PROJECT / "data")
    page = open_page(scheme)
    page.goto(server.url("benchmarks/"), wait_until="networkidle")
    svg = page.locator("svg.lineage-chart-svg").first
    box = svg.bounding_box()
    assert box and box["width"] > 500 and box["height"] > 300
    points = page.locator("circle.lineage-chart-point")
    assert points.count() == sum(len(b.results) for b in lineage.benchmarks.values())
    colours = page.eval_on_selector_all(
        "circle.lineage-chart-point", "els => els.map(e => getComputedStyle(e).fill)")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert len(set(colours)) == 2 and background not in colours  # two kinds of system, neither invisible
    text_fill = page.evaluate("getComputedStyle(document.querySelector('.lineage-chart-system')).fill")
    assert text_fill != background
    assert page.outside == []
    shot(page, f"benchmarks-{scheme}")
