"""Chinese search in the browser: typing 思维链 or 指令微调 into Material's search box lists the model
pages that show the term.

This needs all three parts to work together: jieba segmentation of the index with the data's terms
taught to it (render/search.py), the U+200B separator in mkdocs.yml, and the model pages showing the
Chinese names of abilities and methods. The expected pages are derived from the data, not listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gpt_lineage.lineage import Lineage, load_lineage
from conftest import PROJECT
from gpt_lineage.testkit import REPO

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
QUERIES = ("思维链", "指令微调")


@pytest.fixture(scope="module")
def lineage() -> Lineage:
    return load_lineage(PROJECT / "data")


@pytest.fixture(scope="module")
def site_url(site_server):
    return site_server.base


@pytest.fixture(scope="module")
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def pages_showing(lineage: Lineage, term: str) -> set[str]:
    """Model pages whose text contains `term`: in the Chinese name of an ability the model gained or
    lost, or of the training method of a link to a parent or child."""
    found = set()
    for m in lineage.models.values():
        abilities = [lineage.abilities[a.ability].name.zh for a in m.abilities]
        links = lineage.parents(m.id) + lineage.children(m.id)
        methods = [lineage.methods[e.method].name.zh or "" for e in links]
        if any(term in name for name in abilities + methods):
            found.add(f"models/{m.id}/")
    return found


def search(page, site_url: str, query: str) -> list[str]:
    """Type `query` into the search box like a reader and return the result pages (site-relative)."""
    page.goto(site_url)
    page.locator("label.md-search__icon, input.md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    page.keyboard.type(query, delay=30)
    # Characters outside the keyboard are inserted without key events; an input method ends its
    # composition with a key release, which is what Material's search listens for.
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(timeout=10_000)
    # Material renders results in batches of ten and adds the next batch when the reader scrolls to
    # the end of the list: scroll until no more arrive, so the whole list is read.
    count = 0
    while results.count() != count:
        count = results.count()
        page.locator(".md-search__scrollwrap").evaluate("e => e.scrollTo(0, e.scrollHeight)")
        page.wait_for_timeout(500)
    hrefs = [a.get_attribute("href") for a in results.all()]
    ranked = [h.split("?")[0].split("#")[0].removeprefix(site_url) for h in hrefs]
    return list(dict.fromkeys(ranked))  # result order, each page once


def pages_containing(site: Path, term: str) -> set[str]:
    """Model pages of the built site whose article text contains `term` (what a reader sees)."""
    from lxml import html

    found = set()
    for index in sorted((site / "models").glob("*/index.html")):
        article = html.parse(str(index)).getroot().find_class("md-content__inner")
        if article and term in article[0].text_content():
            found.add(f"models/{index.parent.name}/")
    return found


@pytest.mark.parametrize("query", QUERIES)
def test_chinese_query_finds_the_model_pages_that_show_it(page, site_url, built_site, lineage, query):
    expected = pages_showing(lineage, query)
    assert expected, f"no model page shows {query}: the data or the model page changed"
    found = search(page, site_url, query)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{query}.png"))
    # Recall: the pages that show the term as (part of) an ability or method name. Material also
    # matches the two halves of a query separately (指令 / 微调), and the term inside a longer
    # compound (监督指令微调) is cut by jieba around it, which ranks a page or two below the list's
    # end at this size: most, not all, must be listed.
    hits = expected & set(found)
    assert len(hits) >= 0.8 * len(expected), f"{query}: expected {sorted(expected)} among {found}"


# Known limitation, kept visible: Material matches the halves of a Chinese query separately in the
# browser, so with 44 models a page that only says 指令遵循 (instruction following) is listed for
# 指令微调 among the pages about it. strict: the day the query stays one word, this test fails and
# the marker should go.
@pytest.mark.xfail(strict=True, reason="Material's browser-side query splits 指令微调 into 指令 / 微调")
def test_a_chinese_query_lists_only_pages_that_show_it(page, site_url, built_site):
    found = search(page, site_url, "指令微调")
    models = {f for f in found if f.startswith("models/") and f != "models/"}
    assert models <= pages_containing(built_site, "指令微调"), found


def test_an_unknown_chinese_term_finds_nothing(page, site_url):
    """The test above could fail: a term that is nowhere in the site gives no results."""
    page.goto(site_url)
    page.locator("label.md-search__icon, input.md-search__input").first.click()
    page.keyboard.type("量子纠缠", delay=30)
    page.keyboard.press("End")
    meta = page.locator(".md-search-result__meta")
    meta.wait_for()
    page.wait_for_function("() => /no matching/i.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=10_000)
    assert page.locator(".md-search-result__item").count() == 0
