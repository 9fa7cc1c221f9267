"""Content room: the hand-written pages and the claims / benchmarks renders.

Site tests read the real site built once (`built_site`, conftest) and compare it with the data:
every number a concept page takes from the data matches the data; no such number is typed by hand
in docs/concepts; every citation on every page lands on an entry of the references page; the
claims page and the charts have exactly one entry per claim / result. Unit tests feed the renders
hostile text and bad shortcode arguments.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from conftest import PROJECT
from gpt_lineage.lineage import Lineage, load_lineage
from gpt_lineage.model import BenchmarkResult, Text
from gpt_lineage.render import chart, claims, facts
from gpt_lineage.render.model_page import format_count
from gpt_lineage.render.shortcodes import FACT_FIELDS, SHORTCODE, ShortcodeError, expand, fact_value

CONCEPTS = PROJECT / "docs" / "concepts"
CONCEPT_PAGES = sorted(p.stem for p in CONCEPTS.glob("*.md") if p.name != "index.md")
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "exports_data"


@pytest.fixture(scope="module")
def lineage() -> Lineage:
    return load_lineage(PROJECT / "data")


def parse(site: Path, url_path: str):
    return lxml_html.parse(str(site / url_path / "index.html")).getroot()


def all_pages(site: Path):
    """(site-relative directory URL, parsed page) for every HTML page of the built site."""
    for file in sorted(site.rglob("index.html")):
        rel = file.parent.relative_to(site).as_posix()
        url = "" if rel == "." else rel + "/"
        yield url, lxml_html.parse(str(file)).getroot()


def score_value(lineage: Lineage, benchmark_id: str, index: int) -> str:
    b = lineage.benchmarks[benchmark_id]
    return chart.format_score(b, b.results[index])


# --- numbers from the data ----------------------------------------------------------------------


@pytest.mark.slow
def test_every_fact_on_the_concept_pages_equals_the_data(built_site, lineage):
    checked = 0
    for name in CONCEPT_PAGES:
        doc = parse(built_site, f"concepts/{name}/")
        for span in doc.xpath('//*[contains(concat(" ", @class, " "), " lineage-fact ")]'):
            shown = span.text_content()
            if span.get("data-fact"):
                model_id, field = span.get("data-fact").rsplit(".", 1)  # model ids may contain dots
                expected = fact_value(lineage, model_id, field)
            else:
                expected = score_value(lineage, span.get("data-benchmark"), int(span.get("data-result")))
            assert shown == expected, (name, span.get("data-fact") or span.get("data-benchmark"), shown, expected)
            checked += 1
    # The architecture table alone puts a dozen data values on the pre-training page.
    assert checked >= 30, checked


def _data_numbers(lineage: Lineage) -> set[str]:
    """The ways a number from the data would be typed: the site's own formatting (175B, 12,288,
    2,048 tokens) and plain digits (12288, 2048) for every value of 100 or more, plus scores as
    percentages and layer / head counts with their unit."""
    found: set[str] = set()
    for m in lineage.models.values():
        for field in FACT_FIELDS:
            if field in ("release", "api_name"):
                continue
            value = fact_value(lineage, m.id, field).replace(" tokens", "")
            if value != "undisclosed" and not (value.isdigit() and int(value) < 100):
                found.add(value)  # small bare counts (12, 96) are checked with their unit below
        numbers = [m.parameters.value, m.context_window.value, m.training_data.tokens]
        if m.architecture:
            numbers.append(m.architecture.d_model)
            for unit, n in (("layers", m.architecture.layers), ("heads", m.architecture.heads)):
                if n:
                    found.add(f"{n} {unit}")
                    found.add(f"{n}-layer")
        for n in numbers:
            if n and n >= 100:
                found |= {str(n), f"{n:,}", format_count(n)}
    for b in lineage.benchmarks.values():
        for r in b.results:
            found.add(chart.format_score(b, r))
    return {f for f in found if any(c.isdigit() for c in f)}


def _prose(markdown: str) -> str:
    """The hand-typed text of a page: shortcodes, code, math and link targets removed."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]*\$", " ", text)
    text = SHORTCODE.sub(" ", text)
    return re.sub(r"\]\([^)]*\)", "] ", text)


def test_no_number_from_the_data_is_typed_by_hand_on_a_concept_page(lineage):
    numbers = _data_numbers(lineage)
    assert {"175B", "12,288", "2048", "56.9%"} <= numbers  # the scan knows the numbers that matter
    problems = []
    # Both editions; a number joined to a name by a hyphen is part of the name (T5-11B, Qwen-7B).
    for path in sorted(CONCEPTS.glob("*.md")) + sorted((CONCEPTS.parent / "zh" / "concepts").glob("*.md")):
        prose = _prose(path.read_text(encoding="utf-8"))
        for number in numbers:
            for match in re.finditer(rf"(?<![\w.,-]){re.escape(number)}(?![\w]|[.,]\d)", prose):
                line = prose.count("\n", 0, match.start()) + 1
                problems.append(f"{path.name}:{line}: {number!r} is in the data: use a [[fact:…]] or [[score:…]] shortcode")
    assert not problems, "\n".join(problems)


def test_the_hand_typed_number_scan_catches_a_typed_number(lineage):
    numbers = _data_numbers(lineage)
    prose = _prose("GPT-3 has 175B parameters and a width of 12,288; [[fact:davinci.parameters]]")
    hits = [n for n in numbers if re.search(rf"(?<![\w.,]){re.escape(n)}(?![\w]|[.,]\d)", prose)]
    assert sorted(hits) == ["12,288", "175B"]


# --- citations ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_citation_on_every_page_resolves_to_a_references_entry(built_site, lineage):
    refs = parse(built_site, "references/")
    anchors = set(refs.xpath('//*[starts-with(@id, "src-")]/@id'))
    assert anchors == {f"src-{s}" for s in lineage.sources}
    checked, problems = 0, []
    for url, doc in all_pages(built_site):
        for a in doc.xpath('//a[contains(@href, "#src-")] | //a[contains(concat(" ", @class, " "), " lineage-cite ")]'):
            href = a.get("href")
            target = urlsplit(urljoin("http://site/" + url, href))
            if target.path.rstrip("/").split("/")[-1] != "references" or target.fragment not in anchors:
                problems.append(f"{url or '/'}: {href}")
            checked += 1
    assert not problems, "citations that do not resolve:\n" + "\n".join(problems)
    assert checked > 200, checked


@pytest.mark.slow
def test_every_concept_page_cites_sources_and_claims(built_site):
    for name in CONCEPT_PAGES:
        doc = parse(built_site, f"concepts/{name}/")
        assert len(doc.xpath('//a[contains(@class, "lineage-cite")]')) >= 5, name
        assert doc.xpath('//a[@class="lineage-claim-ref"]'), name


@pytest.mark.slow
def test_the_seed_corrections_are_stated_on_the_concept_pages(built_site, lineage):
    """Each known seed error is corrected visibly, in a warning admonition, with a citation."""
    gsm8k = lineage.benchmarks["gsm8k"]
    palm_cot = next(r for r in gsm8k.results if r.system == "PaLM 540B" and "Few-shot chain" in r.method.en)
    expect = {
        "pretraining-and-icl": ["12,888", fact_value(lineage, "davinci", "d_model"), "45 TB", "570 GB", "before"],
        "code-and-cot": ["56.6%", chart.format_score(gsm8k, palm_cot), "58.6%"],
        "instruction-tuning": ["0.4%", "0.2%"],
        "emergence-and-scaling": ["63B", "62B"],
    }
    for name, needles in expect.items():
        doc = parse(built_site, f"concepts/{name}/")
        boxes = doc.xpath('//div[contains(@class, "admonition") and contains(@class, "warning")]')
        text = " ".join(b.text_content() for b in boxes)
        assert boxes and "Correction" in text, name
        for needle in needles:
            assert needle in text, (name, needle)
        assert all(b.xpath('.//a[contains(@class, "lineage-cite")]') for b in boxes), name


# --- claims page -------------------------------------------------------------------------------


@pytest.mark.slow
def test_claims_page_has_one_entry_per_claim_with_its_grade(built_site, lineage):
    doc = parse(built_site, "claims/")
    entries = doc.xpath('//div[contains(@class, "lineage-claim") and starts-with(@id, "claim-")]')
    by_id = {e.get("id"): e for e in entries}
    assert len(entries) == len(lineage.claims) == len(by_id)
    for c in lineage.claims.values():
        entry = by_id[f"claim-{c.id}"]
        badge = entry.xpath('.//span[contains(@class, "lineage-grade")]')[0]
        assert badge.get("data-grade") == c.grade, c.id
        assert badge.text_content() == lineage.grades[c.grade].name.en, c.id
        # Grouped under the heading of its grade.
        heading = entry.xpath("preceding-sibling::h2[1]")[0]
        assert heading.get("id") == f"grade-{c.grade}", c.id
        cited = {a.get("href").split("#src-")[1] for a in entry.xpath('.//a[contains(@href, "#src-")]')}
        assert cited == set(c.sources), c.id


@pytest.mark.slow
def test_claim_badges_on_other_pages_link_to_an_existing_claim(built_site, lineage):
    claims_doc = parse(built_site, "claims/")
    ids = set(claims_doc.xpath('//div[starts-with(@id, "claim-")]/@id'))
    seen = 0
    for url, doc in all_pages(built_site):
        for a in doc.xpath('//a[@class="lineage-claim-ref"]'):
            target = urlsplit(urljoin("http://site/" + url, a.get("href")))
            assert target.path.rstrip("/").endswith("claims") and target.fragment in ids, (url, a.get("href"))
            grade = a.xpath('.//span[@data-grade]')[0].get("data-grade")
            assert grade == lineage.claims[target.fragment[len("claim-"):]].grade
            seen += 1
    assert seen >= 20


# --- charts ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_each_chart_has_one_point_per_result(built_site, lineage):
    doc = parse(built_site, "benchmarks/")
    for b in lineage.benchmarks.values():
        svg = doc.xpath(f'//*[local-name()="svg" and @data-benchmark="{b.id}"]')
        assert len(svg) == 1, b.id
        assert svg[0].get("role") == "img"
        assert svg[0].xpath('./*[local-name()="title"]') and svg[0].xpath('./*[local-name()="desc"]')
        points = svg[0].xpath('.//*[local-name()="circle" and contains(@class, "lineage-chart-point")]')
        assert sorted(float(p.get("data-score")) for p in points) == sorted(r.score for r in b.results)
        # The data table next to it has one row per result too.
        table = doc.xpath(f'//figure[@id="chart-{b.id}"]/following-sibling::table[1]')[0]
        assert len(table.xpath(".//tbody/tr")) == len(b.results)


def test_points_are_placed_by_score_and_rows_by_date(lineage):
    b = lineage.benchmarks["gsm8k"]
    svg = chart.svg(lineage, b, "en")
    doc = lxml_html.fromstring(svg)
    points = doc.xpath('//circle[contains(@class, "lineage-chart-point")]')
    xs = {float(p.get("data-score")): float(p.get("cx")) for p in points}
    ordered = sorted(xs)
    assert [xs[s] for s in ordered] == sorted(xs.values())  # higher score, further right
    dates = [p.get("data-date") for p in points]
    assert dates == [r.date for r in chart.chronological(b)]
    cys = [float(p.get("cy")) for p in points]
    assert cys == sorted(cys)  # oldest at the top


def test_dates_are_formatted_without_inventing_a_month():
    assert chart.format_date("2021-10") == "Oct 2021"
    assert chart.format_date("2022") == "2022"
    assert chart.format_date("2022-11-30") == "30 Nov 2022"


# --- renders with hostile data and bad shortcodes ---------------------------------------------


@pytest.fixture
def hostile() -> Lineage:
    """The small fixture lineage with script tags, quotes and Markdown in a claim and a result."""
    base = load_lineage(FIXTURE_DATA)
    evil = '<script>alert("x")</script> *bold* [[tree]] $x$ | pipe'
    claim = next(iter(base.claims.values()))
    bench = next(iter(base.benchmarks.values()))
    result = dataclasses.replace(bench.results[0], system=evil, method=Text(evil))
    extra = BenchmarkResult("Other & <b>", None, Text("zero-shot"), 12.5, "2022-03", bench.results[0].sources)
    return dataclasses.replace(
        base,
        claims={claim.id: dataclasses.replace(claim, statement=Text(evil), reasoning=Text(evil))},
        benchmarks={bench.id: dataclasses.replace(bench, name=evil, results=(result, extra))},
    )


def test_claims_page_and_chart_escape_contributor_text(hostile):
    page = claims.render(hostile, "en")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "[[tree]]" not in page
    b = next(iter(hostile.benchmarks.values()))
    block = chart.chart_block(hostile, b, chart.SRC_URI, "en")
    assert "<script>" not in block and "<b>" not in block
    svg = lxml_html.fromstring(chart.svg(hostile, b, "en"))  # still well-formed with the text inside
    assert len(svg.xpath('//circle[contains(@class, "lineage-chart-point")]')) == 2


def test_shortcodes_reject_unknown_or_ambiguous_arguments(lineage):
    for bad in ("[[claim:no-such-claim]]", "[[chart:no-such-benchmark]]", "[[score:gsm8k|PaLM 540B|prompting]]",
                "[[score:gsm8k|Nobody|chain]]", "[[score:gsm8k]]", "[[arch-table:gpt-2]]"):
        with pytest.raises(ShortcodeError) as error:
            expand(f"text\n{bad}\n", lineage, "concepts/x.md", True)
        assert "concepts/x.md:2:" in str(error.value), bad


def test_claim_badge_links_to_the_claims_page_from_any_depth(lineage):
    cid = next(iter(lineage.claims))
    out = expand(f"[[claim:{cid}]]", lineage, "concepts/rlhf.md", True)
    assert f'href="../../claims/#claim-{cid}"' in out
    out = expand(f"[[claim:{cid}]]", lineage, "index.md", False)
    assert f'href="claims.html#claim-{cid}"' in out


def test_arch_table_has_a_column_per_model_with_an_architecture(lineage):
    table = html.unescape(expand("[[arch-table]]", lineage, "concepts/pretraining-and-icl.md", True))
    header, _, *rows = table.strip().splitlines()
    with_arch = [m for m in lineage.models.values()
                 if m.architecture and (m.architecture.layers or m.architecture.heads or m.architecture.d_model)]
    assert [m.id for m in with_arch][:3] == ["gpt-1", "gpt-2", "davinci"]
    assert header.count('<a href="../../models/') == len(with_arch)
    by_label = {row.split("|")[1].strip(): row.split("|")[2:-1] for row in rows}
    for label, field in (("Layers", "layers"), ("Heads", "heads"), ("d<sub>model</sub>", "d_model"),
                         ("Parameters", "parameters"), ("Context", "context_window")):
        cells = by_label[label]
        for m, cell in zip(with_arch, cells):
            assert f'data-fact="{m.id}.{field}">{fact_value(lineage, m.id, field)}<' in cell, (label, m.id)
    assert all("lineage-cite" in cell for cell in by_label["Sources"])


def test_first_sentence_keeps_decimals_and_stops_at_the_end_of_the_sentence():
    assert facts.first_sentence("About 1.5 GB of text. More here.") == "About 1.5 GB of text."
    assert facts.first_sentence("No full stop") == "No full stop"
