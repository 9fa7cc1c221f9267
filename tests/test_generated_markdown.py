"""The generated pages' Markdown, as the plugin converts it (issue 13, build time).

- Links to other pages are inline HTML (`links.page_link`), not Markdown links, because
  Python-Markdown's link parsing is quadratic in a block's links; their `.md` hrefs become the URLs
  MkDocs would give (`links.resolve_page_links`).
- The plugin converts generated pages with only the Markdown extensions they use
  (`render.pages.MARKDOWN_EXTENSIONS`): the HTML must be what every configured extension gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from conftest import FIXTURE_DATA, PROJECT
from gpt_lineage import portable
from gpt_lineage.lineage import load_lineage
from gpt_lineage.render import links
from gpt_lineage.render.pages import MARKDOWN_EXTENSIONS, generated_pages


# --- links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("use_directory_urls, expected", [
    (True, "../../models/gpt-2/#facts"),
    (False, "../models/gpt-2.html#facts"),
])
def test_page_links_get_the_url_mkdocs_gives_the_target(use_directory_urls, expected):
    written = links.page_link("GPT-2", "models/gpt-2.md#facts", "abilities/zero-shot.md")
    assert written == '<a href="../models/gpt-2.md#facts">GPT-2</a>'
    assert links.resolve_page_links(written, "abilities/zero-shot.md", use_directory_urls) == \
        f'<a href="{expected}">GPT-2</a>'
    # MkDocs' own mapping of a page to its URL, from the page's own URL
    assert links.url_for("models/gpt-2.md#facts", "abilities/zero-shot.md", use_directory_urls) == expected


def test_page_links_from_a_home_page_across_languages_and_with_a_class():
    cited = links.page_link("&#91;Fu 2022&#93;", "zh/references.md#src-fu", "zh/index.md", "lineage-cite")
    assert cited == '<a class="lineage-cite" href="references.md#src-fu">&#91;Fu 2022&#93;</a>'
    assert links.resolve_page_links(cited, "zh/index.md", True) == \
        '<a class="lineage-cite" href="references/#src-fu">&#91;Fu 2022&#93;</a>'
    to_english = links.page_link("GPT-1", "models/gpt-1.md", "zh/models/gpt-2.md")
    assert links.resolve_page_links(to_english, "zh/models/gpt-2.md", True) == \
        '<a href="../../../models/gpt-1/">GPT-1</a>'


def test_resolving_leaves_other_links_alone_and_runs_once():
    page = "models/gpt-2.md"
    text = (links.external_link("paper", "https://example.org/a.md") + " "
            + links.external_link("bad", "javascript:alert(1)") + " "
            + '<a href="data.json">data</a> [md](other.md) '
            + links.page_link("GPT-1", "models/gpt-1.md", page))
    once = links.resolve_page_links(text, page, True)
    assert '<a class="lineage-external" href="https://example.org/a.md">paper</a>' in once
    assert '<a class="lineage-external" href="#">bad</a>' in once
    assert '<a href="data.json">data</a> [md](other.md) <a href="../gpt-1/">GPT-1</a>' in once
    assert links.resolve_page_links(once, page, True) == once


def test_only_generated_pages_and_shortcodes_have_their_links_resolved():
    lineage = load_lineage(FIXTURE_DATA)
    model_id = next(iter(lineage.models))
    written = links.page_link("x", f"models/{model_id}.md", "concepts/a.md")
    generated, _ = portable.page_markdown(written, lineage, "concepts/a.md", True, generated=True)
    assert f'href="../../models/{model_id}/"' in generated
    by_hand, _ = portable.page_markdown(written, lineage, "concepts/a.md", True, generated=False)
    assert f'href="../models/{model_id}.md"' in by_hand  # a hand-written page's raw HTML is its author's
    shortcode, _ = portable.page_markdown(f"[[model:{model_id}]]", lineage, "concepts/a.md", True, generated=False)
    assert f'<a href="../../models/{model_id}/">' in shortcode


def test_generated_pages_write_no_markdown_links_between_pages():
    """The bulk of a page's links (names, citations, sources) are inline HTML; the few Markdown
    links left come from catalogue sentences, one or two a page."""
    lineage = load_lineage(PROJECT / "data")
    for page in generated_pages(lineage):
        if page.is_markdown:
            assert len(re.findall(r"\]\([^()\s]*\.md[#)]", page.content)) <= 3, page.src_uri


# --- the extensions generated pages are converted with -----------------------------------------------

def _converters():
    config = load_config(str(PROJECT / "mkdocs.yml"))
    every = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    used = [e for e in config.markdown_extensions if e in MARKDOWN_EXTENSIONS]
    lean = markdown.Markdown(extensions=used, extension_configs=config.mdx_configs)
    assert len(used) < len(config.markdown_extensions)
    assert len(lean.inlinePatterns) < len(every.inlinePatterns)  # else this test would prove nothing
    return every, lean


def _data(kind: str, tmp_path: Path) -> Path:
    if kind == "shipped":
        return PROJECT / "data"
    if kind == "fixture":
        return FIXTURE_DATA
    from test_security import hostile_data  # every hostile string of the injection corpus, placed

    target = tmp_path / "data"
    hostile_data(target)
    return target


@pytest.mark.parametrize("kind", ["shipped", "fixture", "hostile"])
def test_generated_pages_convert_alike_with_only_the_extensions_they_use(kind, tmp_path):
    every, lean = _converters()
    lineage = load_lineage(_data(kind, tmp_path))
    differ, pages = [], 0
    for page in generated_pages(lineage):
        if not page.is_markdown:
            continue
        text, _ = portable.page_markdown(page.content, lineage, page.src_uri, True, generated=True, figures=[])
        pages += 1
        if every.reset().convert(text) != lean.reset().convert(text):
            differ.append(page.src_uri)
    assert pages > 20
    assert not differ, f"generated pages that need an extension outside MARKDOWN_EXTENSIONS: {differ}"
