"""Lighthouse audit of the built site: every page kind (home, tree, matrix, a model, an ability, a method page, and the Chinese edition's home and model page); prints four scores per page.

`make audit` runs this. It builds the site (strict) into a temporary directory, serves it on
127.0.0.1 with gzip (as a static host would), and runs Lighthouse 12 (npm `lighthouse@12`, which
supports Node 20) against Debian's Chromium (`CHROME_PATH=/usr/bin/chromium`). Lighthouse is
installed with npm into ~/.cache/gpt-lineage/lighthouse when missing; no browser is downloaded.
Targets: performance ≥ 98 and accessibility 100 on every audited page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gpt_lineage.testkit import REPO, StaticServer, mkdocs_build

CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gpt-lineage" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
# One page of every kind; the Chinese edition's pages have the same templates at zh/ (CJK text, its own search index).
PAGES = {"home": "", "tree": "tree/", "matrix": "matrix/", "model": "models/chatgpt/",
         "ability": "abilities/in-context-learning/", "method": "methods/rlhf-ppo/",
         "zh-home": "zh/", "zh-model": "zh/models/chatgpt/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update " \
               "--disable-sync --no-first-run"


def ensure_lighthouse() -> Path:
    """Lighthouse 12 in the cache directory, installed with npm if it is not there yet."""
    if not LIGHTHOUSE.exists():
        if not shutil.which("npm"):
            sys.exit("npm is missing: install Node.js 20 (Debian: apt-get install nodejs npm)")
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@12 into {LIGHTHOUSE_DIR} …", flush=True)
        subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund",
                        "--loglevel=error", "lighthouse@12"], check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return LIGHTHOUSE


def lighthouse(url: str, desktop: bool) -> dict:
    """One Lighthouse run; returns the JSON report."""
    command = ["node", str(ensure_lighthouse()), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    if desktop:
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "CHROME_PATH": CHROMIUM})
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def failing_audits(report: dict, category: str) -> list[str]:
    """Audits that cost points in one category (for a miss: say what to fix)."""
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
            value = audit.get("displayValue", "")
            out.append(f"{ref['id']} ({audit['score']:.2f}{', ' + value if value else ''})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset (default: mobile)")
    parser.add_argument("--site", type=Path, help="audit this built site instead of building one")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median run is reported")
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES),
                        help="audit only these pages (default: all)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            result = mkdocs_build(REPO, site, strict=True)
            if result.returncode != 0:
                sys.exit(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
        print(f"Lighthouse {args.runs}× per page ({'desktop' if args.desktop else 'mobile'}, simulated throttling; "
              "median run), site served with gzip")
        print(f"{'page':<9} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        misses = []
        with StaticServer(site) as server:
            for name in args.pages:
                path = PAGES[name]
                reports = sorted((lighthouse(server.url(path), args.desktop) for _ in range(args.runs)),
                                 key=lambda r: r["categories"]["performance"]["score"])
                report = reports[len(reports) // 2]  # the median run by performance (noise is CPU load)
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                print(f"{name:<9} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES), flush=True)
                if scores["performance"] < 98:
                    misses.append(f"{name}: performance {scores['performance']}: "
                                  + "; ".join(failing_audits(report, "performance")))
                if scores["accessibility"] < 100:
                    misses.append(f"{name}: accessibility {scores['accessibility']}: "
                                  + "; ".join(failing_audits(report, "accessibility")))
    print("\ntargets: performance ≥ 98, accessibility 100 on every page")
    print("missed: " + ("\n  " + "\n  ".join(misses) if misses else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
