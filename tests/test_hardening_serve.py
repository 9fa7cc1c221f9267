"""End to end, for a new user: `make serve` on a busy port, and serving broken data.

A busy port is one line naming the port and how to pick another, a non-zero exit and no traceback.
While the data is broken, every rebuild ends with the data problems: MkDocs' notes about anchors on
the (error) pages do not bury them.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PROJECT, mkdocs_command, mkdocs_env
from test_serve_e2e import STARTUP_TIMEOUT, free_port, served_at

pytestmark = pytest.mark.slow


def test_make_serve_on_a_busy_port_is_one_line_and_a_non_zero_exit():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        # -o: take the venv as installed (this test must not reinstall the shared environment)
        result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/bin/.installed", "serve", f"PORT={port}"],
                                cwd=PROJECT, env=mkdocs_env(), capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    ours = [line for line in output.splitlines() if line.startswith("make serve:")]
    assert ours == [f"make serve: port {port} on 127.0.0.1 is already in use; choose another, "
                    f"e.g. make serve PORT={port + 1}"], output
    assert "mkdocs serve" not in result.stdout.replace("make serve", "")  # MkDocs was never started


def test_make_serve_refuses_a_port_that_is_not_a_number():
    result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/bin/.installed", "serve", "PORT=80x"],
                            cwd=PROJECT, env=mkdocs_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "make serve: PORT must be a number from 1 to 65535, got '80x'" in result.stderr


# MkDocs' own status lines that may follow the end of a build.
STATUS = re.compile(r"(INFO|DEBUG)\s+-\s+(Documentation built in|Reloading browsers|\[[0-9:]+\] (Serving on|"
                    r"Watching|Detected|Reloading|Browser connected|Start watching))|^\s*$")


def _build_tail(log: str, marker: str) -> list[str]:
    """The lines of the last build that reported `marker`, from its last occurrence to the end."""
    lines = log.splitlines()
    last = max(i for i, line in enumerate(lines) if marker in line)
    return lines[last + 1:]


def test_serving_broken_data_ends_each_build_with_the_problems(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "data"):
        shutil.copytree(PROJECT / folder, project / folder)
    model = sorted((project / "data" / "models").glob("*.yaml"))[-1]
    text = model.read_text(encoding="utf-8")
    broken, count = re.subn(r"(?m)^(\s+grade: )\S+", r"\1no-such-grade", text, count=1)
    assert count == 1
    model.write_text(broken, encoding="utf-8")
    problem = f"{model.name}:"

    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            mkdocs_command("serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")),
            cwd=tmp_path, env=mkdocs_env(), stdout=log, stderr=subprocess.STDOUT)
        try:
            served_at(log_path, server)  # the first build is done
            first = log_path.read_text()
            assert "unknown grade 'no-such-grade'" in first, first

            # a rebuild on a second broken edit: again the problems come last
            model.write_text(broken.replace("no-such-grade", "still-no-grade", 1), encoding="utf-8")
            start = time.monotonic()
            while time.monotonic() - start < STARTUP_TIMEOUT:
                current = log_path.read_text()
                if "still-no-grade" in current and "Reloading browsers" in current.split("still-no-grade", 1)[1]:
                    break
                assert server.poll() is None, current
                time.sleep(0.3)
            else:
                raise AssertionError("no rebuild after the edit:\n" + log_path.read_text()[-5000:])
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)

    output = log_path.read_text()
    assert "Traceback" not in output
    for build in (first, output):
        tail = _build_tail(build, problem)
        assert all(STATUS.search(line) for line in tail), "after the data problems came:\n" + "\n".join(tail)
    rebuild = output[output.index("still-no-grade"):]
    assert "anchor" not in rebuild, rebuild[-3000:]
