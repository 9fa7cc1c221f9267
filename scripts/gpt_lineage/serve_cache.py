"""`mkdocs serve` only: pages an edit did not change are not rendered again (issue 13).

MkDocs rebuilds the whole site on every save. Two caches, kept for the life of the serve process
(module level: MkDocs makes new plugin objects on every rebuild), skip the two costly steps for a
page whose inputs did not change:

  Markdown → HTML   keyed by the page's final Markdown (after shortcodes), its meta, the site's
                    file list and the configuration: on a hit the page's HTML, table of contents,
                    title and anchors come from the cache (MkDocs converts an empty string)
  HTML → page       keyed by that plus everything else the theme prints: the page's navigation
                    (titles and URLs of its language's whole navigation), previous/next pages, the
                    language switch, the edit link, and the figures (tree SVGs) put back into the
                    page after Markdown: on a hit the finished page is reused; on a miss
                    the plugin renders the page's real template itself (MkDocs is handed a one-line
                    template, `lineage-cached.html`, for every page while serving)

and a third for the step that costs most once the first two hit, the search index:

  page → search     keyed by every input Material's search index reads from a page (its URL, title,
                    meta, table of contents and HTML) and the Chinese terms jieba was taught: on a
                    hit the page's index entries are appended without parsing its HTML again

A key holds every input of what it caches, so the site a rebuild writes is the one a full build
writes (tests/test_incremental_serve.py compares every file). `mkdocs build` never uses this.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

PLACEHOLDER_TEMPLATE = "lineage-cached.html"

_HTML: dict[str, tuple] = {}     # markdown key -> (html, toc, title, present anchors, links to anchors)
_PAGES: dict[str, bytes] = {}    # page key -> finished page, zlib-compressed
_SEARCH: dict[str, list] = {}    # search key -> the page's search index entries
stats = {"markdown_hits": 0, "markdown_misses": 0, "page_hits": 0, "page_misses": 0,
         "search_hits": 0, "search_misses": 0}


def _digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def site_key(config, files) -> str:
    """What every page's rendering shares: the configuration file's text and the site's files."""
    try:
        with open(config.config_file_path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, TypeError):
        text = None
    return _digest(text, str(config.theme.dirs), sorted((f.src_uri, f.url) for f in files or ()))


def markdown_key(site: str, src_uri: str, markdown: str, meta: dict) -> str:
    return _digest(site, src_uri, markdown, sorted(meta.items(), key=lambda kv: kv[0]))


def cached_html(key: str):
    entry = _HTML.get(key)
    stats["markdown_hits" if entry else "markdown_misses"] += 1
    return entry


def store_html(key: str, page, html: str) -> None:
    _HTML[key] = (html, page.toc, page._title_from_render, page.present_anchor_ids,
                  getattr(page, "links_to_anchors", None))


def restore_html(page, entry) -> str:
    html, page.toc, page._title_from_render, page.present_anchor_ids, links = entry
    if links is not None:
        page.links_to_anchors = links
    return html


def _nav_items(items) -> list:
    out = []
    for item in items:
        children = getattr(item, "children", None)
        out.append((type(item).__name__, item.title, getattr(item, "url", None),
                    _nav_items(children) if children else None))
    return out


def navigation_key(nav) -> str:
    return _digest(_nav_items(nav.items))


def page_key(markdown: str, nav: str, page, context: dict, figures=()) -> str:
    neighbour = lambda p: (p.url, p.title) if p is not None else None  # noqa: E731
    return _digest(markdown, nav, page.file.src_uri, page.url, page.title, page.edit_url, page.canonical_url,
                   neighbour(page.previous_page), neighbour(page.next_page),
                   context.get("lineage_lang"), context.get("lineage_alternates"), list(figures))


def cached_page(key: str) -> str | None:
    data = _PAGES.get(key)
    stats["page_hits" if data is not None else "page_misses"] += 1
    return zlib.decompress(data).decode("utf-8") if data is not None else None


def store_page(key: str, output: str) -> None:
    _PAGES[key] = zlib.compress(output.encode("utf-8"), 1)


def _toc_items(toc) -> list:
    return [(item.id, item.url, item.title, item.level, _toc_items(item.children)) for item in toc or ()]


def cache_search_entries(search_index, terms: tuple[str, ...]) -> None:
    """Wrap one build's search index (Material's `SearchIndex`, which MkDocs makes anew per build)
    so that a page whose inputs are unchanged gets its previous entries instead of being parsed."""
    index_page = search_index.add_entry_from_context

    def add_entry_from_context(page) -> None:
        meta = page.meta or {}
        key = _digest(terms, page.url, page.title, meta.get("title"), meta.get("tags"), meta.get("search"),
                      _toc_items(page.toc), page.content)
        entries = _SEARCH.get(key)
        stats["search_hits" if entries is not None else "search_misses"] += 1
        if entries is not None:
            search_index.entries.extend(dict(e) for e in entries)
            return
        before = len(search_index.entries)
        index_page(page)
        _SEARCH[key] = [dict(e) for e in search_index.entries[before:]]

    search_index.add_entry_from_context = add_entry_from_context


def summary() -> str:
    """One line for the serve log, then the counts start again for the next rebuild."""
    line = (f"pages reused: {stats['page_hits']} of {stats['page_hits'] + stats['page_misses']} "
            f"(Markdown reused: {stats['markdown_hits']} of {stats['markdown_hits'] + stats['markdown_misses']}, "
            f"search entries reused: {stats['search_hits']} of {stats['search_hits'] + stats['search_misses']})")
    for name in stats:
        stats[name] = 0
    return line


def clear() -> None:
    _HTML.clear()
    _PAGES.clear()
    _SEARCH.clear()
