"""The Zensical build of the portable project in Chromium (issue 14): the tree's hover, filters and
links, search, a model page, the math page, the Chinese edition — the site works without the plugin."""

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
    """Zensical writes one search index per edition (search.json); its search interface is its own
    (rendered by its script, not Material's markup) and is not driven here."""
    for root in ("", "zh/"):
        index = page.request.get(server.url(f"{root}search.json")).json()
        locations = {item["location"].split("#")[0] for item in index["items"]}
        assert {f"models/{m}.html" for m in lineage.models} <= locations, root


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
    switch = page.eval_on_selector_all("a[hreflang]", "as => as.map(a => a.href)")
    assert server.url("") in switch or server.url("index.html") in switch, switch
