"""Serve a Streamlit script on a free port and drive Debian's Chromium with Selenium (nothing downloaded).

Used by the browser tests (tests/browser/conftest.py) and the speed bench (tests/bench/browser.py).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, args: Sequence[str] = (), *, env: dict[str, str] | None = None,
                     timeout: float = 90) -> Iterator[str]:
    """``streamlit run script -- args`` on a free loopback port; yields its base URL; stopped on exit, even on failure."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="servicemap-streamlit-", suffix=".log", delete=False)
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", "--server.runOnSave", "false", "--", *args]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env or {})
    proc = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{Path(log.name).read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f}s")
            time.sleep(0.25)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the group this Popen started (start_new_session), nothing else
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        os.unlink(log.name)


def browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing: run `make /usr/bin/chromium` (Debian's chromium and chromium-driver)"
    return None


@contextmanager
def chromium(*, width: int = 1400, height: int = 1000) -> Iterator["object"]:
    """Headless Debian Chromium through /usr/bin/chromedriver, with a fresh profile; never Selenium Manager."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="servicemap-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # the page's requests, for requests_made()
    # An explicit driver path: Selenium Manager is not consulted, so nothing is downloaded.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        import shutil

        shutil.rmtree(profile, ignore_errors=True)


# -- in-page helpers --------------------------------------------------------------------------------------------
def graph_frames(driver) -> list:
    """The iframes holding a pyvis drawing (ui.render pages have a #mynetwork)."""
    from selenium.webdriver.common.by import By

    frames = []
    for frame in driver.find_elements(By.CSS_SELECTOR, "iframe"):
        driver.switch_to.frame(frame)
        try:
            if driver.execute_script("return !!document.getElementById('mynetwork')"):
                frames.append(frame)
        finally:
            driver.switch_to.default_content()
    return frames


def wait_for(driver, condition, *, timeout: float = 60, message: str = "") -> object:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition, message)


def wait_graph_drawn(driver, *, timeout: float = 60):
    """Wait until a pyvis iframe has drawn its canvas; returns that iframe element (not switched into)."""
    def drawn(d):
        for frame in graph_frames(d):
            d.switch_to.frame(frame)
            try:
                if d.execute_script("return document.body.dataset.drawn === '1' && !!document.querySelector('canvas')"):
                    return frame
            finally:
                d.switch_to.default_content()
        return False

    return wait_for(driver, drawn, timeout=timeout, message="no pyvis canvas was drawn")


def requests_made(driver) -> list[str]:
    """The URLs the browser requested (top page and iframes) since the last call."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def leaves_the_machine(url: str) -> bool:
    """True for a network URL whose host is not this machine (data:, blob:, about: never leave it).

    >>> [leaves_the_machine(u) for u in ("http://127.0.0.1:8501/x", "ws://localhost/s", "data:image/svg+xml,x", "https://fonts.gstatic.com/a")]
    [False, False, False, True]
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("localhost", "127.0.0.1", "::1")


def wait_text(driver, text: str, *, timeout: float = 60) -> None:
    wait_for(driver, lambda d: text in d.execute_script("return document.body.innerText"), timeout=timeout,
             message=f"{text!r} never appeared")
