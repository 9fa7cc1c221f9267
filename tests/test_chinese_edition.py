"""The Chinese edition, read from the built site: every page has its zh/ counterpart, Chinese pages
say they are Chinese and mostly are, the language switch lands on the same page both ways, hreflang,
one search index per language, navigation that stays within a language."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import PROJECT, html_pages
from gpt_lineage import i18n

ZH = "zh/"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
# Pages whose article is mostly quoted material in its original language: the references page
# lists titles and authors as published (they are not translated), so its Chinese share is lower.
ORIGINAL_LANGUAGE_PAGES = {"zh/references/"}


class _Page(HTMLParser):
    """The few things these tests read from a page: <html lang>, head alternates, the switch links
    and the links of the primary navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.alternates: dict[str, str] = {}
        self.switch: dict[str, str] = {}
        self.nav_links: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = a.get("class") or ""
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and "lineage-lang-link" in classes:
            self.switch[a.get("hreflang")] = a.get("href")
        if tag == "nav" and (self._nav_depth or "md-nav--primary" in classes):
            self._nav_depth += 1
        if tag == "a" and self._nav_depth and a.get("href"):
            self.nav_links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


# Not prose: code, scripts, figures, formulas, and footnote definitions (they cite sources by their
# original titles, which stay untranslated like the references page).
_NOT_PROSE = re.compile(r"<(script|style|svg|code|pre)\b.*?</\1>|<(span|div) class=\"arithmatex\">.*?</\2>"
                        r"|<div class=\"footnote\">.*?</ol>", re.DOTALL)


def _article_text(html: str) -> str:
    """The readable text of a page's article: no code, scripts, figures or formulas."""
    article = html[html.find("<article"):html.find("</article>")]
    return re.sub(r"<[^>]+>", " ", _NOT_PROSE.sub(" ", article))


def _read(site: Path, url: str) -> _Page:
    path = site / (url + "index.html" if url.endswith("/") or url == "" else url)
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _resolve(url: str, href: str) -> str:
    """A relative href on page `url`, as a site-relative URL."""
    import posixpath
    base = url if url.endswith("/") or url == "" else posixpath.dirname(url) + "/"
    joined = posixpath.normpath(posixpath.join("/" + base, href.split("#")[0]))
    return joined.lstrip("/") + ("/" if href.split("#")[0].endswith("/") and joined != "/" else "")


@pytest.fixture(scope="module")
def pages(built_site):
    urls = [u for u in html_pages(built_site) if u != "404.html"]
    english = [u for u in urls if not u.startswith(ZH)]
    chinese = [u for u in urls if u.startswith(ZH)]
    return english, chinese


def test_every_english_page_has_its_chinese_counterpart_and_back(pages):
    english, chinese = pages
    assert len(english) > 20
    assert sorted(ZH + u for u in english) == sorted(chinese)


def test_html_lang_says_which_language(built_site, pages):
    english, chinese = pages
    for url in english:
        assert _read(built_site, url).lang == "en", url
    for url in chinese:
        assert (_read(built_site, url).lang or "").startswith("zh"), url


def test_chinese_articles_are_mostly_chinese(built_site, pages):
    _, chinese = pages
    shares = {}
    for url in chinese:
        text = _article_text((built_site / url / "index.html").read_text(encoding="utf-8"))
        cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
        shares[url] = cjk / max(1, cjk + latin / 5)  # ~5 Latin letters make a word, as one character does
    low = {u: round(s, 2) for u, s in shares.items() if s < 0.6 and u not in ORIGINAL_LANGUAGE_PAGES}
    assert not low, f"Chinese pages with little Chinese: {low}"
    assert all(shares[u] > 0.2 for u in ORIGINAL_LANGUAGE_PAGES), shares


def test_the_switch_links_each_page_to_its_counterpart_both_ways(built_site, pages):
    english, chinese = pages
    for url in english + chinese:
        page = _read(built_site, url)
        other = url[len(ZH):] if url.startswith(ZH) else ZH + url
        mine = "zh-Hans" if url.startswith(ZH) else "en"
        theirs = "en" if url.startswith(ZH) else "zh-Hans"
        assert set(page.switch) == {"en", "zh-Hans"}, url
        assert _resolve(url, page.switch[theirs]) == other, (url, page.switch)
        assert _resolve(url, page.switch[mine]) == url, (url, page.switch)
        assert {k: _resolve(url, v) for k, v in page.alternates.items()} == \
            {mine: url, theirs: other}, (url, page.alternates)


def test_navigation_stays_within_the_page_language(built_site, pages):
    english, chinese = pages
    for url in english[:5] + chinese[:5] + ["models/chatgpt/", "zh/models/chatgpt/"]:
        page = _read(built_site, url)
        targets = [_resolve(url, h) for h in page.nav_links if not h.startswith(("#", "http"))]
        assert targets, url
        in_zh = [t.startswith(ZH) for t in targets]
        assert all(in_zh) if url.startswith(ZH) else not any(in_zh), (url, targets)


def test_chinese_navigation_and_material_interface_are_chinese(built_site):
    html = (built_site / "zh" / "models" / "chatgpt" / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="搜索"' in html
    assert "全部模型" in html and ">模型<" in html.replace("\n", "").replace(" ", "")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert config["translations"]["clipboard.copied"] == "已复制"
    assert config["translations"]["search.result.none"] == "没有找到符合条件的结果"
    english = (built_site / "models" / "chatgpt" / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="Search"' in english and "全部模型" not in english


def test_one_search_index_per_language(built_site):
    en = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    zh = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert en["docs"] and zh["docs"]
    assert not any(d["location"].startswith(ZH) for d in en["docs"])
    # Chinese locations are relative to zh/, where Chinese pages point Material's base.
    assert any(d["location"].startswith("models/chatgpt/") for d in zh["docs"])
    assert any("指令微调" in d["text"] or "指令微调" in d["title"] for d in zh["docs"])
    sitemap = (built_site / "zh" / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all("/zh/" in loc for loc in locs)


def test_chinese_pages_point_materials_base_at_zh(built_site):
    html = (built_site / "zh" / "concepts" / "rlhf" / "index.html").read_text(encoding="utf-8")
    assert 'config.base = config.base.replace(/\\/?$/, "/") + "zh/"' in html
    assert "config.base" not in (built_site / "concepts" / "rlhf" / "index.html").read_text(encoding="utf-8")


def test_links_on_chinese_pages_stay_in_chinese(built_site, pages):
    """Content links from a Chinese page reach Chinese pages (or language-neutral files)."""
    _, chinese = pages
    href = re.compile(r'<a [^>]*href="([^"#:]+)(?:#[^"]*)?"')
    neutral = ("exports/", "schema/", "assets/", "javascripts/", "stylesheets/", "search/")
    for url in chinese:
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        for target in href.findall(article):
            resolved = _resolve(url, target)
            assert resolved.startswith(ZH) or resolved.startswith(neutral), (url, target, resolved)


def test_shipped_data_is_fully_translated():
    cli = Path(sys.executable).with_name("gpt-lineage")
    result = subprocess.run([str(cli), "validate", "--require-zh", str(PROJECT / "data")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "missing Chinese" not in result.stdout + result.stderr


def test_seed_overlap_passes_on_docs_data_and_the_built_chinese_pages(built_site):
    tool = PROJECT.parent / "shared" / "tools" / "seed-overlap"
    if not tool.exists():
        pytest.skip("../shared/tools/seed-overlap is not beside this checkout")
    result = subprocess.run([str(tool), str(PROJECT / "docs"), str(PROJECT / "data"), str(built_site / "zh")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_catalogues_have_the_same_keys_and_placeholders():
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    assert set(en) == set(zh), set(en) ^ set(zh)
    fields = re.compile(r"\{(\w*)\}")
    for key in en:
        assert sorted(fields.findall(en[key])) == sorted(fields.findall(zh[key])), key
