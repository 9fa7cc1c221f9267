"""The Zensical build of the portable project in Chromium (issue 14): the tree's hover, filters and
links, search (Zensical's own search dialog, both editions), a model page, the math page, the Chinese
edition and the language switch (this page in the other edition) — the site works without the plugin."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PROJECT
from gpt_lineage.lineage import load_lineage
from gpt_lineage.testkit import StaticServer
from test_longevity import BIN, run, zensical_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def lineage():
    return load_lineage(PROJECT / "data")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("portable-zensical")
    result = run([BIN / "gpt-lineage", "generate", "--out", out, "--data", PROJECT / "data"], PROJECT, timeout=300)
    assert result.returncode == 0, result.stderr
    with StaticServer(zensical_site(out), mount="/gpt-lineage/") as srv:
        yield srv


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def classes_of(page) -> dict[str, set[str]]:
    raw = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.lineage-tree.lt-ready a.lt-node')]
        .map(a => [a.dataset.model, a.getAttribute('class')]))""")
    return {k: set(v.split()) for k, v in raw.items()}


def marked(classes: dict[str, set[str]], cls: str) -> set[str]:
    return {k for k, v in classes.items() if cls in v}


def node_css(mid: str) -> str:
    """A CSS selector for a model's node: ids may hold dots (gpt-5.6), which `#node-…` would read as a class."""
    return f'[id="node-{mid}"]'


def open_tree(page, server, path: str = "tree.html") -> None:
    page.goto(server.url(path))
    page.wait_for_selector(".lineage-tree.lt-ready")


def test_tree_hover_highlights_the_lineage(page, server, lineage):
    open_tree(page, server)
    mid = max(lineage.models, key=lambda m: (min(len(lineage.ancestors(m)), len(lineage.descendants(m))), m))
    page.hover(node_css(mid))
    classes = classes_of(page)
    assert marked(classes, "lt-current") == {mid}
    assert marked(classes, "lt-ancestor") == lineage.ancestors(mid)
    assert marked(classes, "lt-descendant") == lineage.descendants(mid)
    assert page.locator(".lt-tooltip").is_visible()


def test_tree_ability_filter_marks_the_models_that_gained_it(page, server, lineage):
    open_tree(page, server)
    gains: dict[str, set[str]] = {}
    for m in lineage.models.values():
        for a in m.abilities:
            if a.gained:
                gains.setdefault(a.ability, set()).add(m.id)
    ability = max(gains, key=lambda k: (len(gains[k]), k))
    page.select_option('select[name="ability"]', ability)
    classes = classes_of(page)
    assert marked(classes, "lt-match") == gains[ability]
    assert marked(classes, "lt-miss") == set(lineage.models) - gains[ability]


def test_tree_node_opens_the_model_page(page, server, lineage):
    open_tree(page, server)
    last = list(lineage.models)[-1]
    page.locator(node_css(last)).focus()  # brings it into the stage's view (the tree is wider than it)
    page.click(node_css(last))
    page.wait_for_url(re.compile(rf"/models/{re.escape(last)}\.html$"))
    expect(page.locator("h1")).to_contain_text(lineage.models[last].name)


def test_a_model_page_has_its_facts_and_its_place_in_the_tree(page, server, lineage):
    model = lineage.models["gpt-2"] if "gpt-2" in lineage.models else next(iter(lineage.models.values()))
    page.goto(server.url(f"models/{model.id}.html"))
    expect(page.locator("h1")).to_contain_text(model.name)
    assert page.locator(".md-content .lineage-tree").count() >= 1
    # every link in the content reaches a page of the site
    for href in page.eval_on_selector_all(".md-content a[href]", "as => as.map(a => a.href)"):
        if href.startswith(server.url("")) and "#" not in href:
            assert page.request.get(href).ok, href


def test_search_index_lists_every_page_of_its_edition(page, server, lineage):
    """Zensical writes one search index per edition (search.json at the edition's root)."""
    for root in ("", "zh/"):
        index = page.request.get(server.url(f"{root}search.json")).json()
        locations = {item["location"].split("#")[0] for item in index["items"]}
        assert {f"models/{m}.html" for m in lineage.models} <= locations, root


def search_results(page, query: str):
    """Zensical's search: its button in the header (what its "/" shortcut clicks) opens a <dialog>
    that its script draws in an open shadow root at the end of <body> (Playwright's CSS selectors
    pierce it); a web worker loads the edition's search.json and answers the query."""
    page.click("[data-md-component=search] button")
    box = page.locator('dialog[open] input[role="combobox"]')
    expect(box).to_be_focused()
    box.fill(query)
    results = page.locator('dialog[open] ol[role="listbox"] a[role="option"]')
    expect(results.first).to_be_visible()
    return results


@pytest.mark.parametrize("root, query, title", [("", "instruction tuning", "Instruction tuning"),
                                                ("zh/", "指令微调", "指令微调")])
def test_search_finds_a_page_and_opens_it(page, server, lineage, root, query, title):
    model = next(iter(lineage.models))
    page.goto(server.url(f"{root}models/{model}.html"))
    results = search_results(page, query)
    target = server.url(f"{root}concepts/instruction-tuning.html")
    hrefs = results.evaluate_all("as => as.map(a => a.href.split('#')[0].split('?')[0])")
    assert target in hrefs[:5], hrefs[:5]  # among the first results, in this edition
    hit = results.nth(hrefs.index(target))
    expect(hit).to_contain_text(title)
    hit.click()
    page.wait_for_url(re.compile(rf"/{re.escape(root)}concepts/instruction-tuning\.html([?#].*)?$"))
    expect(page.locator(".md-content h1")).to_contain_text(title)
    assert page.locator('dialog[open]').count() == 0


def test_math_is_typeset_with_the_shipped_katex(page, server):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.url("concepts/rlhf.html"))
    page.wait_for_selector("div.arithmatex .katex-display", timeout=10000)
    assert page.locator(".katex-error").count() == 0
    assert any("/assets/vendor/katex/katex.min.js" in u for u in requests)
    assert all(u.startswith(server.url("")) or u.startswith("data:") for u in requests), requests


def test_the_chinese_edition_speaks_chinese_and_links_back(page, server, lineage):
    open_tree(page, server, "zh/tree.html")
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    mid = list(lineage.models)[-1]
    page.locator(node_css(mid)).focus()  # brings it into the stage's view (the tree is wider than it)
    page.click(node_css(mid))
    page.wait_for_url(re.compile(rf"/zh/models/{re.escape(mid)}\.html$"))
    # reached by the theme's instant navigation, which keeps the header: the switch follows along
    expect(page.locator('.md-header a[hreflang="en"]')).to_have_js_property("href", server.url(f"models/{mid}.html"))
    expect(page.locator('.md-header a[hreflang="zh-Hans"]')).to_have_js_property(
        "href", server.url(f"zh/models/{mid}.html"))


def switch_language(page, hreflang: str) -> None:
    page.hover(".md-header .md-select")  # the switch's list opens on hover (or focus)
    page.click(f'.md-header .md-select a[hreflang="{hreflang}"]')


def test_the_language_switch_opens_the_same_page_in_the_other_edition(page, server, lineage):
    model = lineage.models["gpt-2"] if "gpt-2" in lineage.models else next(iter(lineage.models.values()))
    page.goto(server.url(f"models/{model.id}.html"))
    switch_language(page, "zh-Hans")
    page.wait_for_url(server.url(f"zh/models/{model.id}.html"))
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    expect(page.locator(".md-content h1")).to_contain_text(model.name)
    switch_language(page, "en")
    page.wait_for_url(server.url(f"models/{model.id}.html"))
    assert page.evaluate("document.documentElement.lang") == "en"
    # the home pages switch to each other
    page.goto(server.url("zh/index.html"))
    switch_language(page, "en")
    page.wait_for_url(server.url("index.html"))
