"""Accessibility gate: axe-core finds no violation on any page of the built site, light or dark.

Nothing is excluded from the scan: where Material's defaults fail a rule, the fix lives in
docs/stylesheets/lineage.css (its A11Y part) (or the theme overrides), not in this test.
"""

from __future__ import annotations

import pytest

from conftest import html_pages

SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate")}


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    out = []
    for v in result.response["violations"]:
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            out.append(f"{v['id']} ({v['impact']}): {target} — {node.get('failureSummary', '').splitlines()[-1:]}")
    return out


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violations_on_any_page(scheme, site_server, built_site, chromium):
    media, palette = SCHEMES[scheme]
    context = chromium.new_context(color_scheme=media, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    pages = html_pages(built_site)
    for url in pages:
        page.goto(site_server.url(url), wait_until="load")
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == palette, f"{url}: expected the {palette} palette, got {shown}"
        violations = _violations(page)
        if violations:
            found[url or "/"] = violations
    context.close()
    by_rule: dict[str, list[str]] = {}
    for url, vs in found.items():
        for v in vs:
            by_rule.setdefault(v.split(":", 1)[0], []).append(f"    {url}: {v.split(':', 1)[1].strip()}")
    report = "\n".join(f"{rule}: {len(lines)} node(s)\n" + "\n".join(lines[:8]) for rule, lines in by_rule.items())
    assert len(pages) > 20
    assert not found, f"axe violations ({scheme}) on {len(found)} of {len(pages)} pages:\n{report}"
