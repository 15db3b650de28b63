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
import threading
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
        self.binary = binary
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


def percentile_of(values, p):
    """The p-th percentile of unsorted `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure_gets(port, cookies, path, requests, clients):
    """`requests` GETs of `path` by `clients` signed-in clients at once: times in ms, statuses, rate."""
    times, statuses, lock = [], {}, threading.Lock()
    per_client = max(1, requests // clients)

    def worker():
        client = Client(port)
        client.cookies = dict(cookies)
        for _ in range(per_client):
            start = time.perf_counter()
            status, _ = client.request("GET", path)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, statuses, len(times) / (time.perf_counter() - start)


def latency_table(port, cookies, pages, requests, clients):
    """Measures each (name, path) of `pages`, the first being the static baseline, and prints
    p50, p95, requests per second and the ratio to the baseline; exits on any status but 200."""
    import statistics
    check = Client(port)
    check.cookies = dict(cookies)
    for name, path in pages:
        status, _ = check.request("GET", path)
        if status != 200:
            sys.exit(f"{name} ({path}) answered {status}, not 200")
    width = max(len(name) for name, _ in pages) + 2
    print(f"{'page':<{width}} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p50 / static':>13}")
    baseline, failures = None, []
    for name, path in pages:
        times, statuses, rate = measure_gets(port, cookies, path, requests, clients)
        p50, p95 = statistics.median(times), percentile_of(times, 95)
        baseline = baseline or p50
        print(f"{name:<{width}} {p50:8.2f} {p95:8.2f} {rate:8.1f} {p50 / baseline:13.1f}")
        if set(statuses) != {200}:
            failures.append(f"{name}: statuses {statuses}")
    if failures:
        sys.exit("; ".join(failures))


def fresh_server(args):
    """The demo server for a benchmark's parsed `--binary` and `--postgres-url`, on an emptied
    PostgreSQL schema when a URL is given."""
    if args.postgres_url:
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", args.postgres_url.split("?")[0], "-c",
                        "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, capture_output=True)
    return Server(find_binary(args.binary), args.postgres_url)
