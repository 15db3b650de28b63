"""Fixtures for the browser suite: a real Regie server with the example plans, and headless
Chromium (Debian's chromium and chromium-driver) driven by selenium."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "regie"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """`regie serve --demo` on a fresh SQLite file; yields its base URL."""
    if not BINARY.exists():
        subprocess.run(["swift", "build"], cwd=ROOT, check=True)
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="regie-browser-")
    env = dict(os.environ, REGIE_SQLITE_PATH=os.path.join(workdir, "regie.sqlite"))
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(workdir, "server.log"), "w")
    process = subprocess.Popen([str(BINARY), "serve", "--demo", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except Exception:
            if process.poll() is not None:
                raise RuntimeError("regie serve stopped: " + open(log.name).read())
            time.sleep(0.25)
    else:
        process.kill()
        raise RuntimeError("regie serve did not answer within 30 s")
    yield base
    process.terminate()
    process.wait(timeout=10)


def make_driver(javascript: bool) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(scope="session")
def browser():
    """Chromium with JavaScript on (needed to run axe-core in the page)."""
    driver = make_driver(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_without_js():
    """Chromium with JavaScript off: the pages must work without it."""
    driver = make_driver(javascript=False)
    yield driver
    driver.quit()
