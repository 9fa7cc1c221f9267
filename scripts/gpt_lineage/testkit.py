"""Tools for testing and measuring the built site: project copies, builds, a local static server.

Tests, `scripts/bench.py` and `scripts/audit.py` all need the same three things: a copy of the
project that reads another data directory (the plugin resolves `data_dir` next to mkdocs.yml), a
`mkdocs build` of it into a directory of their choosing, and a server on 127.0.0.1 that serves the
result the way a static host does (gzip for text when asked, `index.html` for directory URLs), so
Lighthouse and byte counts see realistic transfer sizes and no request leaves the machine.
Nothing here imports MkDocs: builds run the `mkdocs` command of this interpreter's environment.
"""

from __future__ import annotations

import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
# Top-level entries of the repository a site build never needs (or must not touch).
_NOT_COPIED = {"data", "site", "tests", "test-artifacts", "__pycache__"}


def project_copy(target: Path, data_dir: Path | None = None, docs_dir: Path | None = None) -> Path:
    """A directory that builds like the repository but reads `data_dir` (default: the real data).

    Everything but data/ (and docs/ when `docs_dir` is given) is symlinked, so the copy is cheap
    and always current; data/ is copied, so a test may break it freely.
    """
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for entry in REPO.iterdir():
        if entry.name in _NOT_COPIED or entry.name.startswith(".") or (docs_dir and entry.name == "docs"):
            continue
        (target / entry.name).symlink_to(entry)
    if docs_dir is not None:
        shutil.copytree(docs_dir, target / "docs", symlinks=False)
    shutil.copytree(data_dir or REPO / "data", target / "data")
    return target


def mkdocs_build(project: Path, site_dir: Path, strict: bool = True, timeout: float = 900,
                 config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build` of `project` into `site_dir`; returns the finished process (output captured)."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs), "build", "-q", "-f", str(Path(project) / config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=project)

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".dot", ".graphml", ".bib", ".map")


def mount_path(project: Path = REPO) -> str:
    """The path part of `site_url` in mkdocs.yml (e.g. `/gpt-lineage/`): where the site lives on its
    host, and what MkDocs writes into the few absolute links it makes (the 404 page's)."""
    match = re.search(r"^site_url:\s*(\S+)", (Path(project) / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    path = urlsplit(match.group(1)).path if match else "/"
    return path if path.endswith("/") else path + "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus gzip for text files and a mount path; quiet."""

    mount = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.mount):
            return str(Path(self.directory) / ".outside-the-mount-path")  # no such file: 404
        return super().translate_path("/" + path[len(self.mount):])

    def log_message(self, *args) -> None:  # noqa: D401 - keep test output clean
        pass

    def send_head(self):
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the base class redirects to the slash URL
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return _BytesFile(body)


class _BytesFile:
    """The file-like object send_head returns: copyfile reads it, then it is closed."""

    def __init__(self, data: bytes):
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = (self._data, b"") if size < 0 else (self._data[:size], self._data[size:])
        return data

    def close(self) -> None:
        self._data = b""


class StaticServer:
    """`with StaticServer(site_dir) as server: server.url("models/gpt-2/")`; the site is served under
    the mount path of site_url, as on its real host, so the 404 page's absolute links work."""

    def __init__(self, root: Path, port: int = 0, mount: str | None = None):
        self.root = Path(root)
        self.mount = mount_path() if mount is None else mount
        handler = partial(type("Handler", (_Handler,), {"mount": self.mount}), directory=str(self.root))
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}{self.mount}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def start(self) -> "StaticServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "StaticServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
