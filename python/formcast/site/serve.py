"""`formcast serve`: preview a site locally with the headers a real host should send (the
hosting table in docs/hosting.md): `application/wasm` for the runtime, `immutable` caching for
the hashed `assets/`, `no-cache` for everything else (index.html, sw.js, manifests, models) so a
new deployment is seen, and the Content-Security-Policy the app works under."""

import functools
import http.server
import sys
from pathlib import Path
from typing import ClassVar

from formcast.errors import SiteError

CONTENT_TYPES = {
    ".wasm": "application/wasm",
    ".onnx": "application/octet-stream",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
}
IMMUTABLE = "public, max-age=31536000, immutable"
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; style-src 'self'"
)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **CONTENT_TYPES,
    }

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        hashed = path.startswith("/assets/")
        self.send_header("Cache-Control", IMMUTABLE if hashed else "no-cache")
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


def make_server(
    site: str | Path, port: int = 8000, host: str = "127.0.0.1", *, verbose: bool = False
) -> http.server.ThreadingHTTPServer:
    root = Path(site)
    if not (root / "index.html").is_file():
        raise SiteError(f"{root} is not a site: it has no index.html (build one: formcast site)")
    handler = functools.partial(SiteHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def serve(site: str | Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve until interrupted (Ctrl+C)."""
    with make_server(site, port, host, verbose=True) as server:
        actual = server.server_address[1]
        print(f"Serving {site} at http://{host}:{actual}/ (Ctrl+C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.", file=sys.stderr)
