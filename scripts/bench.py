"""Benchmark the site build against plain MkDocs, at 10, 100 and 1,000 synthetic models and on the shipped data.

`make bench` runs this. Per data set it prints (medians of --runs runs; site and baseline builds
alternate, so both see the same machine load) and, with `--json FILE`, writes every figure as JSON:
  build      full `mkdocs build` of this site (plugin, generated pages in both languages, tree)
  baseline   plain MkDocs building the same pages — same paths (English and zh/), each with as much
             text as the site's page (paragraphs, lists, a table, a Chinese line) — same theme,
             Markdown extensions and search plugin, without the gpt-lineage plugin. One build per
             language, as plain MkDocs must to give each language its own navigation and search
             index (the English one excludes zh/, the Chinese one has docs/zh as its docs dir, like
             `gpt-lineage generate`'s portable project): every page renders a navigation of its own
             language's size, as on the site; the baseline time is the sum of the two builds
  ratio      build / baseline, median of the side-by-side pairs (target ≤ 1.25)
  peak       peak resident memory of the site's build process (ru_maxrss of the child, largest of
             the runs; target ≤ 1 GiB at 1,000 models)
  layout     the tree render (Graphviz layout + SVG), in process (target ≤ 2 s at 1,000 models)
  reload     YAML edit → page reloaded in Chromium under `mkdocs serve --livereload`, median of
             --reload-runs edits (target ≤ 1 s on the shipped data, ≤ 3 s at 1,000 models)
  home gz    bytes the home page transfers, gzip-encoded, as Chromium records them (HTML + assets + search index)
  load       os.getloadavg() (1-minute) when the row started and when it ended: the machine is shared

Synthetic data comes from `gpt_lineage.synthetic.write_data_dir`; builds run in temporary
directories via `gpt_lineage.testkit`, never in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gpt_lineage.testkit import REPO, StaticServer, project_copy

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


_ROOTS = {"zh/"}  # language roots (i18n.prefix), set from the package in main()


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
        # a directory URL's source: x/index.md for a language's home (its edition's docs dir root), else x.md
        pages["index.md" if rel == "." else f"{rel}/index.md" if f"{rel}/" in _ROOTS else f"{rel}.md"] = len(text)
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


def baseline_project(project: Path, pages: dict[str, int], target: Path) -> list[str]:
    """Plain Markdown pages at the site's paths, each with as much text as the site's page; same
    theme, extensions and search plugin; no gpt-lineage plugin. One configuration per language
    (returned, build them all): `baseline.yml` builds docs/ without zh/ into the site root,
    `baseline.zh.yml` builds docs/zh/ into zh/ — each page's navigation is its language's."""
    from mkdocs.utils.yaml import yaml_load  # a bench script may read MkDocs config; the core never does

    from gpt_lineage import i18n

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
    others = "".join(f"  /{i18n.prefix(o)}\n" for o in i18n.LANGUAGES if i18n.prefix(o))
    configs = []
    for lang in i18n.LANGUAGES:
        root = i18n.prefix(lang)  # "" or "zh/"
        common = f"INHERIT: mkdocs.yml\nnav: null\nplugins: {json.dumps(plugins)}\nhooks: []\n"
        if root:  # the edition's docs dir holds its own copy of the assets, as in the portable project
            shutil.copytree(REPO / "docs", docs / root, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.md", root.rstrip("/")))
            extra = (f"docs_dir: docs/{root.rstrip('/')}\n"
                     f"theme: {json.dumps({**config['theme'], 'language': lang})}\n")
            name = f"baseline.{lang}.yml"
        else:
            extra = "exclude_docs: |\n" + others
            name = "baseline.yml"
        (target / name).write_text(common + extra, encoding="utf-8")
        configs.append((name, root))
    return configs


# --- measurements ------------------------------------------------------------------------------------


def timed_build(project: Path, out: Path, config: str = "mkdocs.yml", command: list[str] | None = None) -> tuple[float, int]:
    """(seconds, peak RSS in bytes) of `mkdocs build` of `project` into `out` (or of `command`), in a
    child process (ru_maxrss of that child alone, read with wait4)."""
    shutil.rmtree(out, ignore_errors=True)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = command or [str(mkdocs), "build", "-q", "-f", str(project / config), "-d", str(out)]
    log = out.parent / f"{out.name}.log"
    with open(log, "w", encoding="utf-8") as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=project, stdout=output, stderr=subprocess.STDOUT,
                                 env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"build of {project / config} failed:\n{log.read_text(encoding='utf-8')[-5000:]}")
    return elapsed, usage.ru_maxrss * 1024  # Linux: KiB


# Plain MkDocs, one build per language in ONE process (as `mkdocs build` would run them, through its
# API): the fixed costs (imports, jieba's dictionary for the Chinese search index) are paid once, as
# in the site's one build. Arguments: site dir, then pairs of configuration file and sub-directory.
_BASELINE_DRIVER = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
site, rest = sys.argv[1], sys.argv[2:]
for config_file, root in zip(rest[::2], rest[1::2]):
    build(load_config(config_file=config_file, site_dir=site + "/" + root))
"""


def baseline_build(base: Path, configs: list[tuple[str, str]], out: Path) -> tuple[float, int]:
    """Every language's plain build into one site (zh/ inside the root; the root edition first, as
    building it empties its site dir), in one process: seconds and peak RSS."""
    command = [sys.executable, "-c", _BASELINE_DRIVER, str(out)]
    for name, root in configs:
        command += [str(base / name), root]
    return timed_build(base, out, command=command)


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


def reload_times(project: Path, runs: int) -> list[float]:
    """Seconds from writing a model's YAML to Chromium showing the reloaded page with the new text, per edit."""
    from playwright.sync_api import sync_playwright

    model_file = sorted((project / "data" / "models").glob("*.yaml"))[-1]
    model_id = model_file.stem
    port = _free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    server = subprocess.Popen(
        [str(mkdocs), "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
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
                # into the text itself: a folded block (`en: >-`) gets the marker on its first line
                edited = re.sub(r"^(summary:\n  en: >-?\n\s+)", rf"\g<1>{marker} ", original, count=1, flags=re.M)
                if edited == original:
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
    return times


# --- driver ------------------------------------------------------------------------------------------


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def bench(label: str, data: Path, work: Path, runs: int, reload_runs: int) -> dict:
    load_start = _load()
    project = project_copy(work / "project", data, docs_dir=None if label == "shipped" else bench_docs(work / "docs"))
    first = timed_build(project, work / "site")
    pages = site_pages(work / "site")
    configs = baseline_project(project, pages, work / "baseline")
    builds, baselines = [first], []
    # Side by side: baseline, site, baseline, site … so both see the same load over the row.
    for run in range(runs):
        baselines.append(baseline_build(work / "baseline", configs, work / "baseline-site"))
        if run == 0:  # the baseline really built the site's pages, at the same paths
            built = site_pages(work / "baseline-site")
            if set(built) != set(pages):
                sys.exit(f"baseline pages differ from the site's: {sorted(set(built) ^ set(pages))[:10]}")
        if run + 1 < runs:
            builds.append(timed_build(project, work / "site"))
    ratios = [b[0] / base[0] for b, base in zip(builds, baselines)]
    row = {
        "data": label, "pages": len(pages), "languages": sorted({_lang_of(src) for src in pages}),
        "runs": runs,
        "build": statistics.median(b[0] for b in builds), "baseline": statistics.median(b[0] for b in baselines),
        "ratio": statistics.median(ratios), "ratios": ratios,
        "builds": [b[0] for b in builds], "baselines": [b[0] for b in baselines],
        "peak_rss": max(b[1] for b in builds), "baseline_peak_rss": max(b[1] for b in baselines),
        "layout": tree_layout_seconds(project / "data", runs),
        "home": home_bytes(work / "site"),
    }
    row["reloads"] = reload_times(project, reload_runs) if reload_runs else []
    row["reload"] = statistics.median(row["reloads"]) if row["reloads"] else None
    row["load"] = [load_start, _load()]
    return row


def _lang_of(src: str) -> str:
    from gpt_lineage import i18n

    return i18n.language_of(src)


def _fmt(value, spec: str, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{unit}"


def _git_head() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


HEADER = (f"{'data':>8} {'pages':>6} {'runs':>4} {'build':>8} {'baseline':>9} {'ratio':>6} {'peak':>9} "
          f"{'layout':>8} {'reload':>8} {'home gz':>10}  load(start→end)")


def format_row(row: dict) -> str:
    return (f"{row['data']:>8} {row['pages']:>6} {row['runs']:>4} {row['build']:>7.2f}s {row['baseline']:>8.2f}s "
            f"{row['ratio']:>6.2f} {row['peak_rss'] / 2**20:>6.0f}MiB {_fmt(row['layout'], '>7.3f', 's'):>8} "
            f"{_fmt(row['reload'], '>7.2f', 's'):>8} {row['home'] / 1024:>8.1f}KB  "
            f"{row['load'][0]:.2f}→{row['load'][1]:.2f}")


def misses(rows: list[dict]) -> list[str]:
    out = [f"{r['data']}: ratio {r['ratio']:.2f}" for r in rows if r["ratio"] > 1.25]
    out += [f"{r['data']}: layout {r['layout']:.2f}s" for r in rows
            if r["data"] == "1000" and r["layout"] is not None and r["layout"] > 2]
    out += [f"{r['data']}: peak memory {r['peak_rss'] / 2**30:.2f} GiB" for r in rows
            if r["data"] == "1000" and r["peak_rss"] > 2**30]
    out += [f"shipped: reload {r['reload']:.2f}s" for r in rows
            if r["data"] == "shipped" and r["reload"] is not None and r["reload"] > 1]
    out += [f"1000: reload {r['reload']:.2f}s" for r in rows
            if r["data"] == "1000" and r["reload"] is not None and r["reload"] > 3]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated synthetic model counts")
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median)")
    parser.add_argument("--large-runs", type=int, default=None,
                        help="builds per measurement from 1,000 models up (default: --runs)")
    parser.add_argument("--reload-runs", type=int, default=3, help="edits per reload measurement (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped data set")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE as JSON")
    args = parser.parse_args(argv)
    from gpt_lineage import i18n
    from gpt_lineage.synthetic import write_data_dir

    _ROOTS.clear()
    _ROOTS.update(i18n.prefix(lang) for lang in i18n.LANGUAGES if i18n.prefix(lang))
    started = time.time()
    report = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)), "commit": _git_head(),
              "cpus": os.cpu_count(), "python": platform.python_version(), "args": vars(args) | {"json": str(args.json)},
              "load_start": list(os.getloadavg()), "rows": []}
    rows = report["rows"]

    def save() -> None:
        if args.json:
            report["load_end"] = list(os.getloadavg())
            report["seconds"] = round(time.time() - started, 1)
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"{os.cpu_count()} CPUs, load {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)", flush=True)
    print(HEADER, flush=True)
    sets = [(str(n), int(n)) for n in args.sizes.split(",") if n] + ([] if args.no_shipped else [("shipped", None)])
    for label, n in sets:
        runs = args.large_runs if (args.large_runs and n and n >= 1000) else args.runs
        with tempfile.TemporaryDirectory(prefix=f"bench-{label}-") as tmp:
            work = Path(tmp)
            data = REPO / "data" if n is None else write_data_dir(n, work / "data", args.seed)
            row = bench(label, data, work, runs, args.reload_runs)
        rows.append(row)
        print(format_row(row), flush=True)
        save()
    print("\ntargets: ratio ≤ 1.25 at every size; layout ≤ 2 s and peak memory ≤ 1 GiB at 1000; "
          "reload ≤ 1 s on shipped data, ≤ 3 s at 1000")
    missed = misses(rows)
    print("missed: " + ("; ".join(missed) if missed else "none"))
    report["missed"] = missed
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
