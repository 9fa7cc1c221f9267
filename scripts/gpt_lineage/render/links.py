"""Links between pages, relative so the site works under any base URL.

Generated pages link with inline HTML (`page_link`): `<a href="x.md#frag">`, the `.md` path
relative to the page. `resolve_page_links` (run on every generated page by
`portable.page_markdown`, which knows `use_directory_urls`) turns those paths into final URLs. Why
not Markdown's `[text](x.md)`: Python-Markdown finds a link's closing bracket by scanning the whole
block again after every link it replaces, so a paragraph, list or table with many links costs time
quadratic in its length; this was a third of the Markdown time of the generated pages (issue 13).
Hand-written pages keep Markdown links, which MkDocs resolves. Raw HTML or SVG that the core writes
with a known `use_directory_urls` gets final URLs from `url_for`, which mirrors how MkDocs maps a
page's source path to its URL.
"""

from __future__ import annotations

import functools
import posixpath
import re

from ..i18n import DEFAULT, page_src
from .escape import html_attr, safe_url


def _split(target: str) -> tuple[str, str]:
    path, sep, fragment = target.partition("#")
    return path, (sep + fragment)


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives a file (`models/gpt-2.md` -> `models/gpt-2/`)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@functools.lru_cache(maxsize=65536)
def url_for(target_src_uri: str, from_src_uri: str, use_directory_urls: bool) -> str:
    """The URL to write in raw HTML on page `from_src_uri` that reaches `target_src_uri` (+ `#frag`)."""
    target, fragment = _split(target_src_uri)
    to_url = page_url(target, use_directory_urls)
    from_url = page_url(from_src_uri, use_directory_urls)
    # The browser resolves relative to the directory of the current URL.
    from_dir = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    from_dir = from_dir.rstrip("/") or "."
    rel = posixpath.relpath(to_url or ".", from_dir)
    if to_url.endswith("/") or to_url == "":
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel + fragment


def md_link(target_src_uri: str, from_src_uri: str) -> str:
    """The relative `.md` path to write in Markdown on page `from_src_uri` (MkDocs resolves it)."""
    target, fragment = _split(target_src_uri)
    return _relative(target, posixpath.dirname(from_src_uri)) + fragment


def page_link(text: str, target_src_uri: str, from_src_uri: str, css_class: str = "") -> str:
    """`<a href="…">text</a>` from page `from_src_uri` to the page `target_src_uri` (+ `#frag`).

    `text` is inline Markdown, already escaped (`md_inline`, `text.md`). The href stays a relative
    `.md` path until `resolve_page_links` makes it a URL."""
    cls = f'class="{css_class}" ' if css_class else ""
    return f'<a {cls}href="{html_attr(md_link(target_src_uri, from_src_uri))}">{text}</a>'


def external_link(text: str, url: str) -> str:
    """A link to another site (only http(s) URLs pass `safe_url`), marked `lineage-external`."""
    return f'<a class="lineage-external" href="{html_attr(safe_url(url))}">{text}</a>'


# The hrefs `page_link` writes: a relative path without scheme, query or quote, ending in `.md`.
_PAGE_HREF = re.compile(r'(<a (?:class="[^"<>]*" )?href=")([^":?#<>]*\.md)(#[^"<>]*)?"')


def resolve_page_links(markdown: str, src_uri: str, use_directory_urls: bool) -> str:
    """Every `page_link` href on page `src_uri` as the URL MkDocs would give that page."""
    if '.md' not in markdown:
        return markdown
    base = posixpath.dirname(src_uri)

    def url(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(base, match.group(2)))
        return f'{match.group(1)}{url_for(target + (match.group(3) or ""), src_uri, use_directory_urls)}"'

    return _PAGE_HREF.sub(url, markdown)


def _relative(target: str, from_dir: str) -> str:
    """`posixpath.relpath(target, from_dir or ".")` for plain docs-relative paths, without its
    abspath calls (pages link to hundreds of others; this runs per link)."""
    if "." in (target[:1], from_dir[:1]) or "//" in target or "/." in target or from_dir.endswith("/"):
        return posixpath.relpath(target, from_dir or ".")
    if not from_dir:
        return target
    up = from_dir.split("/")
    down = target.split("/")
    common = 0
    while common < min(len(up), len(down)) and up[common] == down[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + down[common:]) or "."


def model_src(model_id: str, lang: str = DEFAULT) -> str:
    return page_src(f"models/{model_id}.md", lang)


def source_anchor(source_id: str, lang: str = DEFAULT) -> str:
    """Where a source is listed: the references page anchor `#src-<id>`."""
    return page_src(f"references.md#src-{source_id}", lang)


def claim_anchor(claim_id: str, lang: str = DEFAULT) -> str:
    return page_src(f"claims.md#claim-{claim_id}", lang)


def ability_anchor(ability_id: str, lang: str = DEFAULT) -> str:
    """Where a reader learns about an ability: its own page (it was the matrix row until ability
    pages existed; the matrix keeps `#ability-<id>` anchors on its column headers)."""
    return ability_src(ability_id, lang)


def ability_src(ability_id: str, lang: str = DEFAULT) -> str:
    """The ability's own page (`abilities/<id>.md`): where it comes from, claims, sources."""
    return page_src(f"abilities/{ability_id}.md", lang)


def method_src(method_id: str, lang: str = DEFAULT) -> str:
    """The training method's own page (`methods/<id>.md`): the steps that used it."""
    return page_src(f"methods/{method_id}.md", lang)
