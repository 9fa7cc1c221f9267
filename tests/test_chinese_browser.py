"""The Chinese edition in a browser: Chinese search finds Chinese pages only, the language switch
lands on the same page both ways, instant navigation stays in the reader's language, and pages are
photographed at desktop and phone widths for a person to look at (test-artifacts/)."""

from __future__ import annotations

import pytest

from gpt_lineage.testkit import REPO

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def site_url(site_server):
    return site_server.base


@pytest.fixture()
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def _search(page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.locator("label.md-search__icon, input.md-search__input").first.click()
    page.keyboard.type(query, delay=30)
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(timeout=10_000)
    return [a.get_attribute("href") for a in results.all()]


@pytest.mark.parametrize("query", ["指令微调", "思维链"])
def test_chinese_search_on_chinese_pages_finds_chinese_pages_only(page, site_url, query):
    hrefs = _search(page, site_url + "zh/", query)
    assert hrefs
    assert all(h.startswith(site_url + "zh/") for h in hrefs), hrefs
    assert page.locator(".md-search-result__meta").text_content().strip() != ""
    assert "没有" not in page.locator(".md-search-result__meta").text_content()


def test_english_search_still_finds_english_pages(page, site_url):
    hrefs = _search(page, site_url, "reward model")
    assert hrefs and not any(h.startswith(site_url + "zh/") for h in hrefs), hrefs


@pytest.mark.parametrize("start", ["models/chatgpt/", "concepts/rlhf/", "tree/"])
def test_the_language_switch_lands_on_the_same_page_both_ways(page, site_url, start):
    page.goto(site_url + start)
    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.lineage-lang-link[hreflang="zh-Hans"]').click()
    page.wait_for_url(site_url + "zh/" + start)
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "搜索"
    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.lineage-lang-link[hreflang="en"]').click()
    page.wait_for_url(site_url + start)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_instant_navigation_keeps_chinese_pages_chinese(page, site_url):
    page.goto(site_url + "zh/")
    page.locator('.md-nav--primary a[href$="models/chatgpt/"]').first.click()
    page.wait_for_url(site_url + "zh/models/chatgpt/")
    assert page.locator("h1").first.text_content().strip().rstrip("¶") == "ChatGPT"
    assert "基本信息" in page.locator("article").text_content()
    # The switch on the page reached by instant navigation points at that page's counterpart.
    href = page.locator('a.lineage-lang-link[hreflang="en"]').get_attribute("href")
    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.lineage-lang-link[hreflang="en"]').click()
    page.wait_for_url(site_url + "models/chatgpt/")
    assert href


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["zh/", "zh/tree/", "zh/models/text-davinci-002/", "zh/concepts/rlhf/"])
def test_screenshots_of_chinese_pages(chromium, site_url, path, width):
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if path == "zh/tree/":
        node = page.locator(".lineage-tree a.lineage-node, .lineage-tree [data-model]").first
        node.hover()
    name = path.removeprefix("zh/").strip("/").replace("/", "-") or "home"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"zh-{name}-{width}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 1, f"{path} at {width}px scrolls sideways by {overflow}px"


@pytest.mark.parametrize("path", ["models/chatgpt/", "zh/models/chatgpt/", "zh/", "tree/", "zh/concepts/rlhf/"])
def test_no_request_misses_on_either_edition(page, site_url, path):
    """Material asks for a sitemap beside every hreflang alternate; site.js points those requests
    at the language's own sitemap, so nothing a page loads answers 404."""
    missed = []
    page.on("response", lambda r: missed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert not missed, missed
