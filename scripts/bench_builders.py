"""Build times of the three site builders on the shipped data, side by side in one run (issue 14).

    .venv/bin/python scripts/bench_builders.py [--runs N]

- MkDocs      `mkdocs build --strict` of the repository (the plugin renders everything; the default)
- ProperDocs  `properdocs build --strict` of the repository (the same plugin on the maintained fork)
- Zensical    `zensical build` of the project `gpt-lineage generate --out DIR` writes, both editions
              (mkdocs.yml, then mkdocs.zh.yml); the generate step is timed on its own line, and
              plain MkDocs on that project too, for comparison
Each build runs in a fresh temporary directory; the table shows the best of --runs wall times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def timed(commands: list[list], cwd: Path) -> float:
    start = time.perf_counter()
    for command in commands:
        result = subprocess.run([str(c) for c in command], cwd=cwd, env=ENV, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="builds per builder; the best time is shown")
    runs = parser.parse_args().runs
    rows: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-builders-") as tmp:
        tmp = Path(tmp)
        for i in range(runs):
            site = tmp / f"site-{i}"
            rows.setdefault("MkDocs 1.x + plugin (mkdocs build --strict)", []).append(timed(
                [[BIN / "mkdocs", "build", "--strict", "-q", "-d", site / "mkdocs"]], REPO))
            rows.setdefault("ProperDocs + plugin (properdocs build --strict)", []).append(timed(
                [[BIN / "properdocs", "build", "--strict", "-q", "-f", "mkdocs.yml", "-d", site / "properdocs"]], REPO))
            project = tmp / f"portable-{i}"
            rows.setdefault("gpt-lineage generate --out DIR (portable project)", []).append(timed(
                [[BIN / "gpt-lineage", "generate", "--out", project, "--data", REPO / "data"]], REPO))
            rows.setdefault("Zensical on DIR (zensical build, both configs)", []).append(timed(
                [[BIN / "zensical", "build", "-f", "mkdocs.yml"], [BIN / "zensical", "build", "-f", "mkdocs.zh.yml"]],
                project))
            shutil.rmtree(project / "site", ignore_errors=True)
            rows.setdefault("plain MkDocs on DIR (mkdocs build --strict, both configs)", []).append(timed(
                [[BIN / "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml"],
                 [BIN / "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.zh.yml"]], project))
    width = max(map(len, rows))
    print(f"{'builder':<{width}}  best of {runs} (s)")
    print(f"{'-' * width}  {'-' * 16}")
    for name, times in rows.items():
        print(f"{name:<{width}}  {min(times):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
