"""Benchmark the evolution tree: layout time for 10, 100 and 1,000 synthetic models, then hover and
filter response time of the interactive tree at 1,000 models, measured in Chromium.

    .venv/bin/python scripts/bench_tree.py [--sizes 10 100 1000] [--samples 25]

Layout: `dot` on a fresh Lineage (the cost paid once per build), then the tree page's SVG, then every
model page's focus view (its own lineage cropped from the same layout): median and max ms and KiB
per page, and the total over all model pages.
Browser: a page holding only the tree figure, lineage.css and lineage-tree.js (no theme), served on
127.0.0.1. Each sample dispatches the event and reads performance.now() when the handler has
returned (classes set: "script") and again in the next animation frame (style and layout done:
"frame"). Medians and maxima are printed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from gpt_lineage.lineage import load_lineage
from gpt_lineage.render import tree, tree_page
from gpt_lineage.synthetic import write_data_dir
from gpt_lineage.testkit import REPO, StaticServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

MEASURE = """async ([kind, samples]) => {
  const root = document.querySelector('.lineage-tree.lt-ready');
  const nodes = [...root.querySelectorAll('a.lt-node')];
  const select = root.querySelector('select[name="ability"]');
  const abilities = [...select.options].map(o => o.value).filter(Boolean);
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const script = [], painted = [];
  for (let i = 0; i < samples; i++) {
    await frame();
    const t0 = performance.now();
    if (kind === 'hover') {
      const node = nodes[(i * 7919) % nodes.length];
      node.querySelector('.lt-box').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    } else {
      select.value = i % 2 ? '' : abilities[i % abilities.length];
      select.dispatchEvent(new Event('change', {bubbles: true}));
    }
    const t1 = performance.now();
    document.body.offsetHeight;  // force style and layout now
    await frame();
    const t2 = performance.now();
    script.push(t1 - t0);
    painted.push(t2 - t0);
  }
  return {script, painted, nodes: nodes.length};
}"""


def bench_layout(sizes: list[int], work: Path) -> dict[int, object]:
    lineages = {}
    print("layout (dot, once per build) and SVG (per page)")
    for n in sizes:
        data = write_data_dir(n, work / f"data-{n}")
        lineage = load_lineage(data)
        start = time.perf_counter()
        lay = tree.layout(lineage)
        laid = time.perf_counter()
        svg = tree.render_svg(lineage, "tree.md", True)
        drawn = time.perf_counter()
        print(f"  {n:>5} models: layout {laid - start:7.3f} s   svg {1000 * (drawn - laid):7.1f} ms   "
              f"{lay.width:.0f}x{lay.height:.0f} px, {len(svg) / 1024:.0f} KiB")
        times, sizes = [], []
        for mid in lineage.models:
            t0 = time.perf_counter()
            focus = tree_page.focus_svg(lineage, mid, f"models/{mid}.md", True)
            times.append(1000 * (time.perf_counter() - t0))
            sizes.append(len(focus) / 1024)
        print(f"         focus view per model page: median {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms   "
              f"median {statistics.median(sizes):6.0f} KiB  max {max(sizes):6.0f} KiB   "
              f"all {len(sizes)} pages {sum(sizes) / 1024:7.1f} MiB in {sum(times) / 1000:.2f} s")
        lineages[n] = lineage
    return lineages


def bench_browser(lineage, work: Path, samples: int) -> None:
    from playwright.sync_api import sync_playwright

    site = work / "site"
    site.mkdir()
    for name in ("javascripts/lineage-tree.js", "stylesheets/lineage.css"):
        (site / Path(name).name).write_bytes((REPO / "docs" / name).read_bytes())
    figure = tree_page.figure(lineage, "tree.md", True)
    (site / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>'
        '<link rel="stylesheet" href="lineage.css"></head><body><div class="md-typeset">'
        f"{figure}</div><script src=\"lineage-tree.js\"></script></body></html>", encoding="utf-8")
    with StaticServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto(server.url(""))
        page.wait_for_selector(".lineage-tree.lt-ready")
        print(f"browser, {len(lineage.models)} models: page load + init {time.perf_counter() - start:.2f} s")
        for kind in ("hover", "filter"):
            result = page.evaluate(MEASURE, [kind, samples])
            for label in ("script", "painted"):
                values = result[label]
                print(f"  {kind:>6} {label:>7}: median {statistics.median(values):6.1f} ms   "
                      f"max {max(values):6.1f} ms   ({len(values)} samples)")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--samples", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lineages = bench_layout(args.sizes, Path(tmp))
        bench_browser(lineages[max(args.sizes)], Path(tmp), args.samples)


if __name__ == "__main__":
    main()
