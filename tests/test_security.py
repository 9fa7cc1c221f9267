"""Security gate: hostile strings in every field that reaches a page, a tooltip or the SVG.

The corpus (tests/injection/corpus.yaml) is data. Valid hostile strings are written into a copy of
the real data directory, one per text field (cycling through the corpus), the site is built with
`--strict` and every page is opened in Chromium: no dialog fires, no script error, no injected
element exists, and each hostile string is shown literally somewhere. Invalid ones (script URLs,
ids with markup, …) must be rejected by the validator with a message saying why.
"""

from __future__ import annotations

import copy
import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import html_pages
from gpt_lineage.testkit import REPO, StaticServer, mkdocs_build, project_copy
from gpt_lineage.validate import check

CORPUS = yaml.safe_load((Path(__file__).parent / "injection" / "corpus.yaml").read_text(encoding="utf-8"))
LONG = ("xss-long " + "A" * 91) * 40  # 4,000 characters: fits a text field (5,000), not a name (200)
VALID = {e["id"]: (LONG if e["id"] == "long" else e["text"]) for e in CORPUS["valid"]}
# Short enough for a glossary abbreviation (20 characters) and still hostile.
ABBREVIATIONS = ['<b data-pwned=1>', '"><i>x', "]: [x](y) *[", "&lt;{}|$`"]
# What an injected element looks like, in the HTML or in the SVG. The clean site has none of these.
INJECTED = ('[onerror],[onload],[onclick],[onmouseover],[onfocus],[autofocus],script[src*="evil"],img[src="x"],'
            'iframe,[data-pwned],[*|href^="javascript:" i],[*|href^="data:" i],[src^="data:text" i]')

# Plain-string fields that reach output, with the schema's length limit. Text objects ({en, zh})
# are handled by _limit; ids, dates, URLs, enums and colours are not free text.
STRING_FIELDS = {"name": 200, "api_name": 200, "aliases": 200, "title": 500, "authors": 200, "venue": 300,
                 "abbr": 20, "system": 100, "metric": 100}


def _limit(kind: str, keys: tuple) -> int | None:
    """The length limit of the free-text field at `keys` in a document of `kind`, None if it is not one."""
    last = keys[-1] if not isinstance(keys[-1], int) else keys[-2]
    if last in ("en", "zh"):
        if kind == "glossary" and len(keys) == 3:
            return 200  # the term itself
        if kind == "abilities" and keys[-2] == "name":
            return 200  # bilingual name
        return 5000
    if kind == "benchmarks" and last == "name":
        return 100
    return STRING_FIELDS.get(last)


def _fields(value, keys: tuple = ()):
    """Every (keys, value) leaf of a YAML tree whose value is a string (or a null api_name)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _fields(v, keys + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _fields(v, keys + (i,))
    elif isinstance(value, str) or (value is None and keys[-1:] == ("api_name",)):
        yield keys, value


def _set(tree, keys: tuple, value) -> None:
    for k in keys[:-1]:
        tree = tree[k]
    tree[keys[-1]] = value


def hostile_data(target: Path) -> dict[str, int]:
    """Copy the real data to `target` with a corpus string in every free-text field; returns how
    often each corpus string was placed."""
    shutil.copytree(REPO / "data", target)
    cycle = itertools.cycle(VALID.items())
    placed = {cid: 0 for cid in VALID}
    counter = itertools.count(1)
    for path in sorted(target.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        kind = "model" if path.parent.name == "models" else next(iter(doc))
        for keys, _ in list(_fields(doc)):
            limit = _limit(kind, keys)
            if limit is None:
                continue
            n = next(counter)
            if keys[-1] == "abbr":
                _set(doc, keys, f"{ABBREVIATIONS[n % len(ABBREVIATIONS)]}{n}")  # abbreviations are unique
                continue
            for _ in range(len(VALID)):  # the next corpus string that fits this field
                cid, text = next(cycle)
                value = f"{text} n{n}"
                if len(value) <= limit:
                    _set(doc, keys, value)
                    placed[cid] += 1
                    if keys[-1] == "zh":  # the Chinese edition shows these
                        placed["(zh fields)"] = placed.get("(zh fields)", 0) + 1
                    break
        for i, (keys, value) in enumerate(_fields(doc)):  # markers and URLs: odd but valid
            if keys[-1] == "marker":
                _set(doc, keys, "+/-A")
            elif keys[-1] == "url":
                _set(doc, keys, CORPUS["urls"][i % len(CORPUS["urls"])])
                placed["(hostile urls)"] = placed.get("(hostile urls)", 0) + 1
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return placed


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    placed = hostile_data(work / "data")
    documents, problems = check(work / "data")
    assert not problems, "hostile but valid data was rejected:\n" + "\n".join(map(str, problems[:20]))
    project = project_copy(work / "project", work / "data")
    result = mkdocs_build(project, work / "site", strict=True)
    assert result.returncode == 0, f"strict build over hostile data failed:\n{result.stdout}\n{result.stderr[-5000:]}"
    return work / "site", placed


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_every_corpus_string_is_placed(hostile_site):
    _, placed = hostile_site
    assert placed.get("(hostile urls)"), "no url field got a hostile URL"
    assert placed.get("(zh fields)", 0) > 100, "the corpus should fill the Chinese texts too"
    assert all(placed.values()), f"never placed: {[cid for cid, n in placed.items() if not n]}"


def _visit(page, url: str) -> tuple[str, list[str]]:
    """Open a page, wake its scripts (hover and focus every tree node), return visible text and
    anything injected."""
    page.goto(url, wait_until="load")
    for node in page.locator(".lt-node").all()[:60]:
        node.dispatch_event("mouseover")
        node.dispatch_event("mouseenter")
        node.dispatch_event("focus")
    text = page.evaluate("""() => [document.body.innerText,
        ...Array.from(document.querySelectorAll('svg title, svg text, .lt-tooltip')).map(e => e.textContent),
        ...Array.from(document.querySelectorAll('[title],[aria-label],[data-name]')).map(
            e => [e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('data-name')].join(' '))
        ].join('\\n')""")
    injected = page.evaluate(f"() => Array.from(document.querySelectorAll({INJECTED!r})).map(e => e.outerHTML.slice(0, 160))")
    return text, injected


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_strings_are_shown_literally_and_never_run(hostile_site, chromium):
    site, _ = hostile_site
    dialogs, errors, seen, injected = [], [], [], {}
    with StaticServer(site) as server:
        page = chromium.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        for url in html_pages(site):
            text, found = _visit(page, server.url(url))
            seen.append(_normal(text))
            if found:
                injected[url] = found
        # Material's search renders results from the index: search for the markers too.
        page.goto(server.url(), wait_until="load")
        page.locator(".md-search__input").fill("xss")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        page.wait_for_timeout(500)
        found = page.evaluate(f"() => Array.from(document.querySelectorAll({INJECTED!r})).map(e => e.outerHTML.slice(0, 160))")
        if found:
            injected["search results"] = found
        page.close()
    assert not dialogs, f"a dialog fired: {dialogs[:5]}"
    assert not injected, f"injected elements: {injected}"
    assert not errors, f"script errors on hostile data: {errors[:5]}"
    everything = "\n".join(seen)
    missing = [cid for cid, text in VALID.items() if _normal(text) not in everything]
    assert not missing, f"not shown literally anywhere: {missing}"


@pytest.mark.browser
def test_the_injection_selector_finds_nothing_on_the_real_site(site_server, built_site, chromium):
    """Control for the test above: the real site has no element the selector calls injected."""
    page = chromium.new_page()
    found = {}
    for url in ("", "tree/", "models/chatgpt/", "matrix/"):
        if (built_site / url / "index.html").exists():
            _, hits = _visit(page, site_server.url(url))
            if hits:
                found[url] = hits
    page.close()
    assert not found, found


def test_hostile_model_names_are_the_page_headings(hostile_site):
    """Per field, not only somewhere: each model page's heading is its (hostile) name, escaped."""
    site, _ = hostile_site
    import html as html_lib

    for path in sorted((site.parent / "data" / "models").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = (site / "models" / doc["id"] / "index.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert heading, f"no h1 on models/{doc['id']}/"
        shown = html_lib.unescape(re.sub(r"<[^>]+>", "", heading.group(1)))
        assert _normal(doc["name"]) in _normal(shown), (doc["id"], shown[:200])


@pytest.mark.parametrize("case", CORPUS["invalid"], ids=[c["id"] for c in CORPUS["invalid"]])
def test_the_validator_rejects_hostile_values_it_cannot_allow(case, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    path = sorted((data / "models").glob("*.yaml"))[0] if case["file"] == "model" else data / case["file"]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    value = "x" * int(case["value"].split(":")[1]) if case["value"].startswith("LONG:") else case["value"]
    _set(doc, tuple(case["path"]), value)
    path.write_text(yaml.safe_dump(copy.deepcopy(doc), allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = check(data)
    assert problems, f"{case['id']}: accepted {value[:60]!r}"
    lines = [str(p) for p in problems]
    assert any(case["expect"] in line and path.name in line for line in lines), lines
    assert all("\n" not in line for line in lines)
