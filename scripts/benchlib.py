"""What the web benchmarks share: a Regie server on a fresh database, and a signed-in client.

Imported by scripts/benchmark-web.py and scripts/benchmark-load.py (not run by itself).
"""
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "samen werken aan veiligheid"
# The demo's adopted Stadskanaal plan, and the draft the benchmarks copy from it to edit.
ADOPTED_PLAN = "stadskanaal-2020-2024"
DRAFT_PLAN = "benchmarkplan-2025-2028"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_binary(given=None):
    """The release build if there is one (the figures in docs are from it), else the debug build."""
    if given:
        return Path(given).resolve()
    for candidate in (ROOT / ".build/release/regie", ROOT / ".build/debug/regie"):
        if candidate.exists():
            return candidate
    sys.exit("build first: swift build -c release --product regie (or swift build)")


class Server:
    """`regie serve --demo` on a fresh SQLite file, or on the PostgreSQL database of `postgres_url`
    (which should be empty: the demo data is loaded into it)."""

    def __init__(self, binary, postgres_url=None, log_path=None):
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="regie-bench-"))
        env = dict(os.environ, LOG_LEVEL="error")
        if postgres_url:
            env["DATABASE_URL"] = postgres_url
            # PostgreSQL needs a master key outside the database; a fresh one for each run.
            env.pop("REGIE_SLEUTEL", None)
            env["REGIE_SLEUTELBESTAND"] = str(self.workdir / "sleutel")
        else:
            env.pop("DATABASE_URL", None)
            env["REGIE_SQLITE_PATH"] = str(self.workdir / "regie.sqlite")
        log = open(log_path or self.workdir / "server.log", "w")
        self.process = subprocess.Popen([str(binary), "serve", "--demo", "--port", str(self.port)], cwd=ROOT, env=env,
                                        stdout=log, stderr=subprocess.STDOUT)
        for _ in range(480):
            if self.process.poll() is not None:
                sys.exit(f"the server stopped at start-up; see {log.name}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.25)
        sys.exit("the server did not start within 2 minutes")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Client:
    """One browser: a kept-alive connection and the cookies it was given (sent by hand: they are
    Secure, and this is plain HTTP over loopback)."""

    def __init__(self, port, timeout=30):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, data

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def sign_in(self, username="beleid.stadskanaal"):
        _, page = self.request("GET", "/inloggen")
        status, _ = self.request("POST", "/inloggen", {"csrf": hidden(page, "csrf"), "gebruikersnaam": username,
                                                       "wachtwoord": PASSWORD})
        if status != 303:
            sys.exit(f"signing in as {username} failed: status {status}")
        return self

    def copy_plan(self, title="Benchmarkplan", period="2025-2028", source=ADOPTED_PLAN):
        """A draft to edit (the demo's Stadskanaal plan is adopted, so frozen); returns its key."""
        _, page = self.request("GET", "/plannen/nieuw")
        status, _ = self.request("POST", "/plannen/nieuw", {"csrf": hidden(page, "csrf"), "titel": title, "eigenaar": "GM0037",
                                                            "periode": period, "kopie-van": source})
        if status != 303:
            sys.exit(f"copying {source} failed: status {status}")
        return f"{title.lower()}-{period}"


def hidden(html, name):
    match = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
    return match.group(1) if match else ""


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]
