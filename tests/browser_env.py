"""What the browser tests and scripts/screenshots.py share: Debian's chromium (installed
when missing), the real `casus serve` app on a free local port, and a Playwright browser.

Playwright cannot download its own browser here, so it drives /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 900}


class Unavailable(RuntimeError):
    """Chromium is missing and cannot be installed on this machine."""


def chromium() -> str:
    """Path of Debian's chromium, installed with apt-get when missing (needs root)."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Unavailable(f"{CHROMIUM} is missing and this user cannot install it: run "
                          "`sudo apt-get install chromium` (Debian) for the browser tests")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode:
            raise Unavailable(f"`{' '.join(cmd)}` failed ({done.returncode}): {done.stderr[-2000:]}")
    if not Path(CHROMIUM).exists():
        raise Unavailable(f"apt-get installed chromium but {CHROMIUM} does not exist")
    return CHROMIUM


@contextmanager
def serving(db: str | Path) -> Iterator[str]:
    """The real casus.serve app over DB, in a background thread; yields its base URL."""
    import uvicorn

    from casus.serve import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # a free port, held from here on: no race with other servers
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the casus server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def launch(playwright, executable: str):
    """Headless chromium from the Debian package (no sandbox: CI runs as root)."""
    return playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])


def open_view(page, base: str, fragment: str, view: str | None = None) -> None:
    """Go to BASE/#/FRAGMENT and wait until the dashboard says the view has rendered."""
    if page.url.startswith(base):
        page.evaluate("document.querySelector('main')?.removeAttribute('data-ready')")
    page.goto(f"{base}/#/{fragment.lstrip('#/')}")
    wait_view(page, view or fragment.lstrip("#/").split("/")[0].split("?")[0])


def wait_view(page, view: str) -> None:
    page.wait_for_selector(f'main[data-ready="{view}"]', timeout=20000)


def follow(page, locator, view: str) -> None:
    """Click LOCATOR (dispatching the event, so SVG shapes under labels work too) and wait
    until VIEW has rendered anew."""
    page.evaluate("document.querySelector('main').removeAttribute('data-ready')")
    locator.dispatch_event("click")
    wait_view(page, view)
