"""Issue 13: `mkdocs serve` reuses unchanged pages (gpt_lineage.serve_cache). After an edit, every file
the server serves equals what a fresh server (a full build of the same data, nothing cached) serves.

Documented differences, normalised before comparing: the port in absolute URLs (each server has its
own), the livereload script's epoch, which `mkdocs serve` injects into every HTML response, gzip's
timestamp in sitemap.xml.gz, and in the search indexes the U+200B word breaks jieba puts into
Chinese text: jieba's dictionary lives in the process and learns the data's terms on every build
(render/search.py), so a server that has rebuilt cuts a few words ("不在" / "不 在") differently
from a fresh one — with or without this cache; the pages themselves must be byte-identical."""

from __future__ import annotations

import gzip
import re
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import mkdocs_command, mkdocs_env
from gpt_lineage.lineage import load_lineage
from gpt_lineage.testkit import mkdocs_build, project_copy
from test_serve_e2e import REBUILD_TIMEOUT, STARTUP_TIMEOUT, free_port, served_at, wait_for

pytestmark = pytest.mark.slow


def _serve(project: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(log_path, "w")
    server = subprocess.Popen(
        mkdocs_command("serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")),
        cwd=project, env=mkdocs_env(), stdout=log, stderr=subprocess.STDOUT)
    return server, served_at(log_path, server)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


_LIVERELOAD = re.compile(rb"<script>\s*livereload\(\d+, \d+\);\s*</script>|livereload\(\d+, \d+\)")


def _normalised(body: bytes, base: str) -> bytes:
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz: gzip's header holds the time it was written
        body = gzip.decompress(body)
    body = body.replace(base.encode(), b"BASE/").replace(base.rstrip("/").encode(), b"BASE")
    body = re.sub(rb"127\.0\.0\.1:\d+", b"127.0.0.1:PORT", body)
    return _LIVERELOAD.sub(b"livereload(EPOCH)", body)


def _search_text(body: bytes) -> bytes:
    return body.decode("utf-8").replace("\u200b", "").encode("utf-8")


def _nav_order(html: str) -> list[str]:
    """Model ids in the order a page's navigation lists them."""
    return re.findall(r'<a href="(?:\.\./)*models/([a-z0-9.-]+)/" class="md-nav__link', html)


def _movable_model(data: Path) -> tuple[str, str, str]:
    """(id, release date, a later date) of a model that can move to the end of the release order:
    no children and no successor, so only its navigation place and its tree box move."""
    lineage = load_lineage(data)
    parents = {e.parent for e in lineage.edges} | {s.predecessor for s in lineage.successions}
    latest = max(m.release.date for m in lineage.models.values())
    leaves = sorted((m.release.date, m.id) for m in lineage.models.values() if m.id not in parents)
    date, model_id = leaves[0]
    assert date < latest, "every leaf is the newest model: nothing to move"
    return model_id, date, latest


def test_serve_after_an_edit_serves_the_site_a_full_build_serves(tmp_path):
    """Two edits: a summary (text on one page; the other pages are reused), then a release date
    that moves the model to the end of the release order (every page's navigation changes, and the
    trees that show it). The server then serves what a fresh server serves."""
    project = project_copy(tmp_path / "project")
    model_id, date, later = _movable_model(project / "data")
    model_file = project / "data" / "models" / f"{model_id}.yaml"
    marker = f"Incremental edit {uuid.uuid4().hex[:8]}"
    incremental, base_a = _serve(project, tmp_path / "a.log")
    fresh = None
    try:
        url = f"{base_a}models/{model_id}/"
        wait_for(url, lambda body: "<h1" in body, STARTUP_TIMEOUT, incremental, "the first build")
        original = model_file.read_text(encoding="utf-8")
        edited, count = re.subn(r"(?m)^summary:\n(?:[ \t]+.*\n|\n)+", f'summary:\n  en: "{marker}"\n', original)
        assert count == 1
        model_file.write_text(edited, encoding="utf-8")  # 1: text on a page; the others are reused
        wait_for(url, lambda body: marker in body, REBUILD_TIMEOUT, incremental, "the edited summary")
        time.sleep(1.0)  # no second rebuild is under way
        log = (tmp_path / "a.log").read_text()
        assert log.count("Building documentation") >= 2, log
        reused = [int(n) for n in re.findall(r"pages reused: (\d+) of", log)]
        assert reused[0] == 0 and reused[-1] > 0, log  # the rebuild did reuse pages
        indexed = [int(n) for n in re.findall(r"search entries reused: (\d+) of", log)]
        assert indexed[0] == 0 and indexed[-1] > 0, log  # and pages' search entries

        # 2: the model moves in the release order: every page's navigation changes, and the trees
        edited, count = re.subn(rf"""(?m)^(release:\n(?:[ \t]+.*\n)*?[ \t]+date: )["']?{date}["']?$""",
                                rf'\g<1>"{later}"', edited)
        assert count == 1, f"no release date {date} in {model_file.name}"
        before = _nav_order(_get(base_a).decode("utf-8"))
        model_file.write_text(edited, encoding="utf-8")
        wait_for(base_a, lambda body: _nav_order(body) != before, REBUILD_TIMEOUT, incremental, "the moved model")
        time.sleep(1.0)
        after = _nav_order(_get(base_a).decode("utf-8"))
        assert model_id in before and sorted(after) == sorted(before)

        fresh, base_b = _serve(project, tmp_path / "b.log")
        wait_for(f"{base_b}models/{model_id}/", lambda body: marker in body, STARTUP_TIMEOUT, fresh, "a full build")
        site = tmp_path / "site"  # the list of files a build writes
        result = mkdocs_build(project, site, strict=False)
        assert result.returncode == 0, result.stderr
        paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        assert any(p.startswith("zh/") for p in paths)
        differing = []
        for rel in paths:
            rel_url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
            a = _normalised(_get(base_a + rel_url), base_a)
            b = _normalised(_get(base_b + rel_url), base_b)
            if rel.endswith("search_index.json"):
                a, b = _search_text(a), _search_text(b)
            if a != b:
                differing.append(rel)
                for name, body in (("served-incrementally", a), ("served-fresh", b)):  # kept for a look
                    (tmp_path / name / rel).parent.mkdir(parents=True, exist_ok=True)
                    (tmp_path / name / rel).write_bytes(body)
        assert not differing, f"{len(differing)} of {len(paths)} files differ: {differing[:20]}"
        assert marker.encode() in _get(f"{base_a}models/{model_id}/")
    finally:
        for server in (incremental, fresh):
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
