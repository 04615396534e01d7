"""Open a page in headless Chromium with the network blocked, as on an office machine without internet, and hear
of every request it tried to send out: all of the browser's traffic goes to a proxy here that records and refuses
it (file:// pages and their local files never pass through it)."""

import shutil
import socket
import subprocess
import threading
from pathlib import Path

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def chromium() -> str:
    found = next((path for path in map(shutil.which, BROWSERS) if path), None)
    assert found, "Chromium is not installed: `make test` installs it (Debian package chromium-headless-shell)"
    return found


class Recorder:
    """A proxy that answers every request with 403 and keeps its first line (``CONNECT host:443 …`` or ``GET …``)."""

    def __init__(self):
        self.requests: list[str] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            with client:
                client.settimeout(5)
                try:
                    first = client.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                    client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    continue
                if first:
                    self.requests.append(first)

    def close(self) -> None:
        self.server.close()


def render(page: Path, screenshot: Path | None = None, pdf: Path | None = None,
           as_a_reader: bool = False) -> tuple[str, list[str]]:
    """The page's DOM once loaded and its scripts run, and the requests it tried to send out; with ``screenshot``
    a PNG of it, with ``pdf`` it printed (A4, as the page's own @page asks). ``as_a_reader``: without
    --allow-file-access-from-files, as a person's browser opens a file (a file:// page's script or style sheet
    fetched in CORS mode is then refused)."""
    recorder = Recorder()
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--proxy-server=http://127.0.0.1:{recorder.port}", "--proxy-bypass-list=<-loopback>",
             "--virtual-time-budget=5000", "--window-size=900,1400",
             *([] if as_a_reader else ["--allow-file-access-from-files"])]
    try:
        done = subprocess.run([*flags, "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        for option, target in (("--screenshot", screenshot), ("--print-to-pdf", pdf)):
            if target:
                made = subprocess.run([*flags, f"{option}={target}", "--no-pdf-header-footer",
                                       page.resolve().as_uri()], capture_output=True, text=True, timeout=120)
                assert made.returncode == 0 and Path(target).is_file(), made.stderr[-2000:]
        return done.stdout, recorder.requests
    finally:
        recorder.close()
