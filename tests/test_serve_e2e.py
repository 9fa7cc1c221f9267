"""End to end: `mkdocs serve --livereload` on a temporary copy of the project.

Edit a model's YAML and see the change served; break the YAML and see the problems in the served
page while the server keeps running; fix it and see the page come back. The package is installed
editable, so only mkdocs.yml, docs/ and data/ are copied; the server runs from another directory to
prove `data_dir` is read relative to mkdocs.yml.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import PROJECT, mkdocs_command, mkdocs_env

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 120
REBUILD_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, predicate, timeout: float, server: subprocess.Popen, what: str) -> float:
    """Poll until the served page satisfies predicate; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        assert server.poll() is None, f"mkdocs serve exited while waiting for {what}"
        body = fetch(url)
        if body is not None and predicate(body):
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} at {url}:\n{fetch(url)}")


def served_at(log_file: Path, server: subprocess.Popen) -> str:
    """The base URL mkdocs serve announces ("Serving on http://127.0.0.1:PORT/mount/")."""
    start = time.monotonic()
    while time.monotonic() - start < STARTUP_TIMEOUT:
        assert server.poll() is None, "mkdocs serve exited during startup:\n" + log_file.read_text()
        found = re.search(r"Serving on (http://\S+)", log_file.read_text())
        if found:
            return found.group(1).rstrip("/") + "/"
        time.sleep(0.2)
    raise AssertionError("mkdocs serve never said where it serves:\n" + log_file.read_text())


@pytest.fixture
def project_copy(tmp_path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(PROJECT / "mkdocs.yml", copy / "mkdocs.yml")
    for folder in ("docs", "data"):
        shutil.copytree(PROJECT / folder, copy / folder)
    return copy


def test_serve_rebuilds_on_yaml_edit_shows_problems_and_recovers(project_copy, tmp_path, capsys):
    model_file = sorted((project_copy / "data" / "models").glob("*.yaml"))[-1]
    model_id = model_file.stem
    port = free_port()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    log = open(tmp_path / "serve.log", "w")
    launched = time.monotonic()
    server = subprocess.Popen(
        mkdocs_command("serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(project_copy / "mkdocs.yml")),
        cwd=elsewhere, env=mkdocs_env(), stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        base = served_at(tmp_path / "serve.log", server)  # includes the mount path from site_url
        url = f"{base}models/{model_id}/"
        wait_for(url, lambda body: "<h1" in body, STARTUP_TIMEOUT, server, "the first build")
        with capsys.disabled():
            print(f"\n[serve e2e] server up, first build served {time.monotonic() - launched:.2f}s after launch")

        # 1. edit the summary: the new text is served
        marker = f"Edited by the end-to-end test {uuid.uuid4().hex[:8]}"
        original = model_file.read_text(encoding="utf-8")
        zh_marker = f"端到端测试修改的中文摘要 {uuid.uuid4().hex[:8]}"
        edited, count = re.subn(r"(?m)^summary:\n(?:[ \t]+.*\n|\n)+",
                                f'summary:\n  en: "{marker}"\n  zh: "{zh_marker}"\n', original)
        assert count == 1, "could not find the summary block to edit"
        model_file.write_text(edited, encoding="utf-8")
        took = wait_for(url, lambda body: marker in body, REBUILD_TIMEOUT, server, "the edited summary")
        with capsys.disabled():
            print(f"[serve e2e] edited YAML served after {took:.2f}s")
        # the Chinese page shows the edited zh text, in Chinese, from the same rebuild
        zh_url = f"{base}zh/models/{model_id}/"
        wait_for(zh_url, lambda body: zh_marker in body and 'lang="zh' in body, REBUILD_TIMEOUT, server,
                 "the edited Chinese summary")

        # 1b. edit only the zh text: the Chinese page reloads with it
        zh_again = f"再次修改的中文摘要 {uuid.uuid4().hex[:8]}"
        edited = edited.replace(zh_marker, zh_again)
        model_file.write_text(edited, encoding="utf-8")
        took = wait_for(zh_url, lambda body: zh_again in body, REBUILD_TIMEOUT, server, "the edited zh text")
        with capsys.disabled():
            print(f"[serve e2e] edited zh text served after {took:.2f}s")

        # 2. break the YAML: the page shows the problem, naming the file; the server keeps running
        model_file.write_text(edited + "broken: [unclosed\n", encoding="utf-8")
        took = wait_for(url, lambda body: "lineage-data-error" in body and f"{model_id}.yaml" in body,
                        REBUILD_TIMEOUT, server, "the problems to be shown")
        body = fetch(url)
        assert re.search(rf"{re.escape(model_id)}\.yaml:\d+:\d+: ", body), body
        assert marker not in body  # the page shows the problems, not stale content
        with capsys.disabled():
            print(f"[serve e2e] broken YAML shown as an error after {took:.2f}s")

        # 3. fix it: the page is back, with the edit
        model_file.write_text(edited, encoding="utf-8")
        took = wait_for(url, lambda body: marker in body and "lineage-data-error" not in body,
                        REBUILD_TIMEOUT, server, "the page to come back")
        with capsys.disabled():
            print(f"[serve e2e] fixed YAML served again after {took:.2f}s")
        assert server.poll() is None
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()
