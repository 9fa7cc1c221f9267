"""Links gate: every internal link and fragment of the built site resolves, the inlined SVG's
included, and nothing the pages load (scripts, styles, fonts, images) comes from another origin."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import etree, html

from conftest import PROJECT, html_pages
from gpt_lineage.testkit import mount_path

SKIPPED_SCHEMES = ("mailto:", "tel:")
ORIGIN = "http://site.invalid"  # stands for wherever the site is served


MOUNT = mount_path(PROJECT)


def _parse(path: Path):
    if path.suffix == ".svg":
        return etree.parse(str(path)).getroot()
    return html.parse(str(path)).getroot()


@functools.cache
def _anchors(path: Path) -> frozenset[str]:
    root = _parse(path)
    return frozenset(v for el in root.iter() if isinstance(el.tag, str)
                     for k, v in el.attrib.items() if k in ("id", "name"))


def _links(root) -> list[tuple[str, str]]:
    """(attribute, url) of every link-like attribute: href, src, and SVG's xlink:href."""
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for key, value in el.attrib.items():
            name = key.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
            if name in ("href", "src") and value.strip():
                out.append((key, value.strip()))
    return out


def _target(site: Path, page_url: str, link: str) -> tuple[Path | None, str, str]:
    """(file the link reaches or None if outside the site, fragment, why-not) for an internal link."""
    url = urljoin(ORIGIN + MOUNT + page_url, link)
    parts = urlsplit(url)
    if not parts.path.startswith(MOUNT):
        return None, "", f"leaves the site's path {MOUNT}"
    rel = unquote(parts.path[len(MOUNT):])
    candidates = [site / rel / "index.html"] if rel.endswith("/") or rel == "" else [site / rel, site / rel / "index.html"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate, unquote(parts.fragment), ""
    return None, "", f"no file {rel or 'index.html'}"


def _documents(site: Path) -> list[tuple[str, Path]]:
    docs = [(url, site / (url + "index.html" if url.endswith("/") or url == "" else url)) for url in html_pages(site)]
    docs += [(p.relative_to(site).as_posix(), p) for p in sorted(site.rglob("*.svg")) if "assets" not in p.parts]
    return docs


def test_every_internal_link_and_fragment_resolves(built_site):
    broken = []
    checked = 0
    for page_url, path in _documents(built_site):
        for attr, link in _links(_parse(path)):
            if link.startswith(SKIPPED_SCHEMES):
                continue
            if link.lower().startswith(("javascript:", "data:text")):
                broken.append(f"{page_url}: {attr}={link[:80]} (script URL)")
                continue
            if urlsplit(link).scheme in ("http", "https") or link.startswith("//") or link.startswith("data:"):
                continue  # external (checked for loads below) or inline
            target, fragment, why = _target(built_site, page_url, link)
            checked += 1
            if target is None:
                broken.append(f"{page_url}: {attr}={link} ({why})")
            elif fragment and target.suffix in (".html", ".svg") and fragment not in _anchors(target):
                broken.append(f"{page_url}: {attr}={link} (no #{fragment} in {target.relative_to(built_site)})")
    assert checked > 500, f"only {checked} internal links found: is the site built?"
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken[:60])


def test_inlined_tree_links_resolve(built_site):
    """The tree page's SVG links every model; each link reaches that model's page."""
    page = built_site / "tree" / "index.html"
    svg_links = [v for a, v in _links(_parse(page)) if "xlink" in a]
    models = {p.stem for p in (PROJECT / "data" / "models").glob("*.yaml")}
    reached = set()
    for link in svg_links:
        target, _, why = _target(built_site, "tree/", link)
        assert target is not None, f"{link}: {why}"
        reached.add(target.parent.name)
    assert models <= reached, f"models without a link in the tree: {sorted(models - reached)}"


_EXTERNAL_LOAD = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?\s*(?:https?:)?//""", re.I)


def test_no_page_loads_scripts_styles_or_fonts_from_another_origin(built_site):
    offenders = []
    for page_url, path in _documents(built_site):
        if path.suffix != ".html":
            continue
        root = _parse(path)
        for el in root.iter("script", "link", "img", "iframe", "source", "audio", "video", "embed", "object"):
            if el.tag == "link" and not set((el.get("rel") or "").split()) & {"stylesheet", "preload", "modulepreload",
                                                                               "prefetch", "preconnect", "icon"}:
                continue
            url = el.get("src") or el.get("href") or el.get("data") or ""
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{page_url}: <{el.tag}> {url}")
        for style in root.iter("style"):
            if _EXTERNAL_LOAD.search(style.text or ""):
                offenders.append(f"{page_url}: <style> loads from another origin")
    for css in built_site.rglob("*.css"):
        if _EXTERNAL_LOAD.search(css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{css.relative_to(built_site)} imports or loads from another origin")
    assert not offenders, "\n".join(offenders[:40])


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "tree/", "matrix/", "models/chatgpt/", "references/", "glossary/"])
def test_the_browser_requests_nothing_outside_127_0_0_1(path, site_server, built_site, chromium):
    if not (built_site / path / "index.html").exists():
        pytest.fail(f"{path} is not a page of the built site")
    requests = []
    page = chromium.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_server.url(path), wait_until="networkidle")
    page.locator(".md-search__input").fill("gpt")  # the search worker loads its index and languages
    page.wait_for_timeout(800)
    page.close()
    outside = [u for u in requests if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert len(requests) > 3
    assert not outside, outside
