"""Benchmark the site build against plain MkDocs, at 10, 100 and 1,000 synthetic models and on the shipped data.

`make bench` runs this. Per data set it prints (medians of --runs runs):
  build      full `mkdocs build` of this site (plugin, generated pages, tree) over the data set
  baseline   `mkdocs build` of the same number of plain Markdown pages — same paths, each with as much
             text as the site's page (paragraphs, lists, a table, a Chinese line) — same theme,
             Markdown extensions and search plugin, without the gpt-lineage plugin
  ratio      build / baseline (target ≤ 1.25)
  layout     the tree render (Graphviz layout + SVG), in process (target ≤ 2 s at 1,000 models)
  reload     YAML edit → page reloaded in Chromium under `mkdocs serve --livereload` (target ≤ 1 s, shipped data)
  home gz    bytes the home page transfers, gzip-encoded, as Chromium records them (HTML + assets + search index)

Synthetic data comes from `gpt_lineage.synthetic.write_data_dir`; builds run in temporary
directories via `gpt_lineage.testkit`, never in the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gpt_lineage.testkit import REPO, StaticServer, mkdocs_build, project_copy

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# Shortcodes that need no particular id keep working on synthetic data; the others become plain text.
_ID_SHORTCODE = re.compile(r"\[\[(?!tree\]\])([a-z-]+)(?::([^\]]*))?\]\]")


# --- data sets and projects ---------------------------------------------------------------------------


def bench_docs(target: Path) -> Path:
    """The repository's docs/ with shortcodes that name real ids replaced by their id, so the
    hand-written pages build over synthetic data too."""
    shutil.copytree(REPO / "docs", target)
    for page in target.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(_ID_SHORTCODE.sub(lambda m: m.group(2) or m.group(1), text), encoding="utf-8")
    return target


def site_pages(site: Path) -> dict[str, int]:
    """Source path (`models/x.md`) → characters of article text, for every HTML page of a built site
    (404 excluded): the baseline gets the same pages with the same amount of text."""
    from lxml import html as lxml_html

    pages = {}
    for page in sorted(site.rglob("index.html")):
        rel = page.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        article = lxml_html.parse(str(page)).getroot().find(".//article")
        text = " ".join((article.text_content() if article is not None else "").split())
        pages["index.md" if rel == "." else f"{rel}.md"] = len(text)
    return pages


def plain_page(src_uri: str, k: int, chars: int) -> str:
    """A plain Markdown page with about `chars` characters of text: a heading, paragraphs (one in
    Chinese, as on the site, so the search plugin segments Chinese in both builds), now and then a
    list or a subheading, and a small table."""
    words = "model data training tokens layers attention corpus release feedback reasoning code dialogue".split()
    para = lambda n, j: " ".join(words[(k + j + i * 7) % len(words)] for i in range(n)).capitalize() + "."  # noqa: E731
    out = [f"# Page {k}: {src_uri}", "", "该模型在更多数据上训练，能力随规模增长。", ""]
    size, j = 0, 0
    while size < chars:
        j += 1
        if j % 6 == 0:
            block = f"## Section {j}"
        elif j % 4 == 0:
            block = "\n".join(f"- {para(8, j + i)}" for i in range(5))
        else:
            block = para(70, j)
        out += [block, ""]
        size += len(block)
    out += ["| Field | Value |", "|---|---|"] + [f"| {words[i]} | {k * i} |" for i in range(6)]
    return "\n".join(out) + "\n"


def baseline_project(project: Path, pages: dict[str, int], target: Path) -> Path:
    """A project of plain Markdown pages at the site's paths, each with as much text as the site's
    page; same theme, extensions and search plugin; no gpt-lineage plugin."""
    from mkdocs.utils.yaml import yaml_load  # a bench script may read MkDocs config; the core never does

    docs = target / "docs"
    shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    for k, (src, chars) in enumerate(pages.items()):
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(plain_page(src, k, chars), encoding="utf-8")
    with open(REPO / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f)
    plugins = [p for p in config.get("plugins", []) if "gpt-lineage" not in (p if isinstance(p, str) else p)]
    for entry in REPO.iterdir():  # same relative paths as the real project (theme overrides, hooks)
        if entry.name not in ("docs", "data", ".git", ".venv", "site", "tests") and not entry.name.startswith("."):
            (target / entry.name).symlink_to(entry)
    import json

    (target / "baseline.yml").write_text(
        f"INHERIT: mkdocs.yml\nnav: null\nplugins: {json.dumps(plugins)}\nhooks: []\n", encoding="utf-8")
    return target


# --- measurements ------------------------------------------------------------------------------------


def timed_build(project: Path, out: Path, config: str = "mkdocs.yml") -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = mkdocs_build(project, out, strict=False, config=config)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {project / config} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def tree_layout_seconds(data: Path, runs: int) -> float | None:
    """Median time of the tree render (layout + SVG) on the loaded lineage, or None if there is no tree yet."""
    from gpt_lineage.lineage import load_lineage

    try:
        from gpt_lineage.render import tree
    except ImportError:
        return None
    if not hasattr(tree, "layout"):
        return None
    lineage = load_lineage(data)
    times = []
    for _ in range(runs):
        getattr(tree, "_LAYOUTS", {}).clear()  # the layout is cached per Lineage: measure a cold one
        start = time.perf_counter()
        tree.layout(lineage)
        tree.render_svg(lineage, "tree.md", True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def home_bytes(site: Path) -> int:
    """Bytes Chromium transfers (gzip-encoded bodies + headers) to load the home page, search index included."""
    from playwright.sync_api import sync_playwright

    total = 0
    with StaticServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        responses = []
        page.on("requestfinished", lambda request: responses.append(request))
        page.goto(server.url(), wait_until="networkidle")
        page.wait_for_timeout(500)
        for request in responses:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        browser.close()
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reload_seconds(project: Path, runs: int) -> float:
    """Median time from writing a model's YAML to Chromium showing the reloaded page with the new text."""
    from playwright.sync_api import sync_playwright

    model_file = sorted((project / "data" / "models").glob("*.yaml"))[-1]
    model_id = model_file.stem
    port = _free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    server = subprocess.Popen(
        [str(mkdocs), "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            deadline = time.time() + 600
            while True:  # the root redirects to the site's mount path (site_url's path)
                try:
                    if page.goto(f"http://127.0.0.1:{port}/").ok:
                        break
                except Exception:
                    pass
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("mkdocs serve did not come up")
                time.sleep(0.5)
            if not page.goto(page.url.split("#")[0].rstrip("/") + f"/models/{model_id}/").ok:
                raise RuntimeError(f"mkdocs serve has no page for {model_id}")
            page.wait_for_timeout(1000)  # the livereload long-poll is open
            original = model_file.read_text(encoding="utf-8")
            for run in range(runs):
                marker = f"Reloadmarker{run}x{int(time.time())}"
                edited = re.sub(r"^summary:\n  en: ", f"summary:\n  en: {marker} ", original, count=1, flags=re.M)
                if edited == original:
                    edited = re.sub(r"^(summary:\s*\{?\s*en:\s*[\"']?)", rf"\g<1>{marker} ", original, count=1, flags=re.M)
                start = time.perf_counter()
                model_file.write_text(edited, encoding="utf-8")
                page.wait_for_function(f"document.body && document.body.innerText.includes({marker!r})",
                                       timeout=600_000, polling=20)
                times.append(time.perf_counter() - start)
                model_file.write_text(original, encoding="utf-8")
                page.wait_for_function(f"document.body && !document.body.innerText.includes({marker!r})",
                                       timeout=600_000, polling=50)
                page.wait_for_timeout(500)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return statistics.median(times)


# --- driver ------------------------------------------------------------------------------------------


def bench(label: str, data: Path, work: Path, runs: int, reload_runs: int) -> dict:
    project = project_copy(work / "project", data, docs_dir=None if label == "shipped" else bench_docs(work / "docs"))
    builds = [timed_build(project, work / "site") for _ in range(runs)]
    pages = site_pages(work / "site")
    base = baseline_project(project, pages, work / "baseline")
    baselines = [timed_build(base, work / "baseline-site", "baseline.yml") for _ in range(runs)]
    row = {
        "data": label, "pages": len(pages),
        "build": statistics.median(builds), "baseline": statistics.median(baselines),
        "layout": tree_layout_seconds(project / "data", runs),
        "home": home_bytes(work / "site"),
        "reload": reload_seconds(project, reload_runs) if reload_runs else None,
    }
    row["ratio"] = row["build"] / row["baseline"]
    return row


def _fmt(value, spec: str, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated synthetic model counts")
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median)")
    parser.add_argument("--reload-runs", type=int, default=3, help="edits per reload measurement (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped data set")
    args = parser.parse_args(argv)
    from gpt_lineage.synthetic import write_data_dir

    rows = []
    header = (f"{'data':>8} {'pages':>6} {'build':>8} {'baseline':>9} {'ratio':>6} {'layout':>8} "
              f"{'reload':>8} {'home gz':>10}")
    print(header, flush=True)
    sets = [(str(n), int(n)) for n in args.sizes.split(",") if n] + ([] if args.no_shipped else [("shipped", None)])
    for label, n in sets:
        with tempfile.TemporaryDirectory(prefix=f"bench-{label}-") as tmp:
            work = Path(tmp)
            data = REPO / "data" if n is None else write_data_dir(n, work / "data", args.seed)
            row = bench(label, data, work, args.runs, args.reload_runs)
        rows.append(row)
        print(f"{row['data']:>8} {row['pages']:>6} {row['build']:>7.2f}s {row['baseline']:>8.2f}s "
              f"{row['ratio']:>6.2f} {_fmt(row['layout'], '>7.3f', 's'):>8} {_fmt(row['reload'], '>7.2f', 's'):>8} "
              f"{row['home'] / 1024:>8.1f}KB", flush=True)
    print("\ntargets: ratio ≤ 1.25 at every size; layout ≤ 2 s at 1000; reload ≤ 1 s on shipped data")
    misses = [f"{r['data']}: ratio {r['ratio']:.2f}" for r in rows if r["ratio"] > 1.25]
    misses += [f"{r['data']}: layout {r['layout']:.2f}s" for r in rows
               if r["data"] == "1000" and r["layout"] is not None and r["layout"] > 2]
    misses += [f"shipped: reload {r['reload']:.2f}s" for r in rows
               if r["data"] == "shipped" and r["reload"] is not None and r["reload"] > 1]
    print("missed: " + ("; ".join(misses) if misses else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
