"""`make serve` helper: exit 1 with one line when the port is taken, before MkDocs starts.

Usage: python scripts/port_free.py PORT [HOST]. Binds the way MkDocs' server does (SO_REUSEADDR,
so a port in TIME_WAIT counts as free) and lets go at once.
"""

from __future__ import annotations

import socket
import sys


def main(argv: list[str]) -> int:
    port_text = argv[1] if len(argv) > 1 else "8000"
    host = argv[2] if len(argv) > 2 else "127.0.0.1"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        print(f"make serve: PORT must be a number from 1 to 65535, got '{port_text}' (e.g. make serve PORT=8001)",
              file=sys.stderr)
        return 2
    port = int(port_text)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            reason = "is already in use" if err.errno in (98, 48, 10048) else f"cannot be used ({err.strerror})"
            print(f"make serve: port {port} on {host} {reason}; choose another, e.g. make serve PORT={port + 1}",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
