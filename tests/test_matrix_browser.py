"""The capability matrix, ability and method pages in Chromium: fits at 1280 px, sorts with
aria-sort, one popover for cell details, and axe finds nothing on the new pages, light and dark."""

from __future__ import annotations

import pytest

from conftest import PROJECT
from gpt_lineage.lineage import load_lineage
from test_accessibility import SCHEMES, _violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lineage():
    return load_lineage(PROJECT / "data")


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_matrix_fits_1280_px_without_sideways_scrolling(site_server, chromium, prefix):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_server.url(prefix + "matrix/"), wait_until="load")
    sizes = page.evaluate("""() => {
        const box = document.querySelector('.lineage-matrix');
        const table = box.querySelector('table');
        const column = document.querySelector('.md-content__inner');
        return {page: document.documentElement.scrollWidth, view: window.innerWidth,
                box: box.scrollWidth, boxClient: box.clientWidth,
                table: table.getBoundingClientRect().right, column: column.getBoundingClientRect().right};
    }""")
    context.close()
    assert sizes["page"] <= sizes["view"], sizes
    assert sizes["box"] <= sizes["boxClient"], sizes
    assert sizes["table"] <= sizes["column"] + 0.5, sizes


def test_matrix_sorts_with_aria_sort_and_restores_the_series_order(site_server, chromium, lineage):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_server.url("matrix/"), wait_until="load")
    abilities = list(lineage.abilities)
    column = abilities.index("in-context-learning") + 1
    header = page.locator(".lineage-matrix thead th").nth(column)
    original = page.eval_on_selector_all(".lineage-matrix tbody tr[data-model]", "rows => rows.map(r => r.dataset.model)")

    def weights():
        return page.eval_on_selector_all(
            f".lineage-matrix tbody tr[data-model] > :nth-child({column + 1})",
            "cells => cells.map(c => +c.getAttribute('data-sort'))")

    button = header.locator("button.lineage-sort")
    assert button.get_attribute("aria-label").endswith(lineage.abilities["in-context-learning"].name.en)
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert weights() == sorted(weights(), reverse=True) and weights()[0] > 0
    assert page.locator(".lineage-matrix tr.lm-series").first.is_hidden()
    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert weights() == sorted(weights()) and weights()[0] < 0
    button.click()
    assert header.get_attribute("aria-sort") == "none"
    assert page.eval_on_selector_all(".lineage-matrix tbody tr[data-model]", "rows => rows.map(r => r.dataset.model)") == original
    assert page.locator(".lineage-matrix tr.lm-series").first.is_visible()
    # the model column sorts by name
    page.locator(".lineage-matrix thead th").nth(0).locator("button.lineage-sort").click()
    names = page.eval_on_selector_all(".lineage-matrix tbody tr[data-model] > th", "cells => cells.map(c => c.querySelector('a').textContent.trim().toLowerCase())")
    assert names == sorted(names)
    context.close()


def test_matrix_cell_details_open_in_one_popover_without_tooltips(site_server, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_server.url("matrix/"), wait_until="load")
    assert page.eval_on_selector_all(".lineage-matrix [title]", "els => els.length") == 0
    cell = page.locator('.lineage-matrix tr[data-model="chatgpt"] a.lm-cell').first
    cell.click()
    pop = page.locator(".lineage-matrix .lm-pop")
    assert pop.is_visible()
    assert "ChatGPT" in pop.inner_text() and "evidence" in pop.inner_text()
    assert pop.locator("a").get_attribute("href") == cell.get_attribute("href")
    assert page.evaluate("document.activeElement.closest('.lm-pop') !== null")
    page.keyboard.press("Escape")
    assert pop.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('lm-cell')")
    assert page.locator(".lineage-matrix .lm-pop").count() == 1
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violations_on_the_new_pages(site_server, chromium, scheme):
    media, palette = SCHEMES[scheme]
    context = chromium.new_context(color_scheme=media, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for url in ("matrix/", "abilities/complex-reasoning/", "abilities/", "methods/code-training/", "methods/",
                "models/chatgpt/", "zh/matrix/", "zh/abilities/in-context-learning/", "zh/methods/rlhf-ppo/"):
        page.goto(site_server.url(url), wait_until="load")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == palette
        if url.endswith("matrix/"):  # with the popover open, too
            page.locator(".lineage-matrix a.lm-cell").first.click()
        violations = _violations(page)
        if violations:
            found[url] = violations
    context.close()
    assert not found, found
