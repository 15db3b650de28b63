#!/usr/bin/env python3
"""Latency of the signed-in web paths, against a baseline in the same run.

Starts `regie serve --demo` on a fresh SQLite file (release build if present, else debug),
signs in as the demo policy officer and measures, sequentially, N requests each of:

  baseline   GET /css/regie.css          no session, no database
  start      GET /                       session lookup, scoped plan list
  plan       GET /plannen/KEY            session, PlanScope, one plan document, rendering
  editor     GET /plannen/KEY/bewerken   the editor's plan-wide form and lists
  save       POST a theme form           fingerprint check, rules, compare-and-set, audit entry
  login      POST /inloggen              bcrypt (cost 12) on purpose

and prints p50/p95/p99 in milliseconds, requests per second, and each path's p50 as a ratio of
the baseline's. Usage: scripts/benchmark-web.py [--requests 200] [--binary PATH]
"""
import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "samen werken aan veiligheid"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
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


def hidden(html, name):
    match = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
    return match.group(1) if match else ""


def measure(label, n, call, results):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        status = call()
        times.append((time.perf_counter() - start) * 1000)
        if status >= 400:
            sys.exit(f"{label}: status {status}")
    times.sort()
    results[label] = times


def percentile(sorted_times, p):
    return sorted_times[min(len(sorted_times) - 1, int(round(p / 100 * (len(sorted_times) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--binary")
    args = parser.parse_args()
    binary = Path(args.binary).resolve() if args.binary else next(
        (p for p in (ROOT / ".build/release/regie", ROOT / ".build/debug/regie") if p.exists()), None)
    if binary is None:
        sys.exit("build first: swift build -c release")
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="regie-bench-")
    env = dict(os.environ, REGIE_SQLITE_PATH=os.path.join(workdir, "regie.sqlite"))
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([str(binary), "serve", "--demo", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.25)
        n = args.requests
        client = Client(port)
        status, page = client.request("GET", "/inloggen")
        token = hidden(page, "csrf")
        status, _ = client.request("POST", "/inloggen", {"csrf": token, "gebruikersnaam": "beleid.stadskanaal", "wachtwoord": PASSWORD})
        assert status == 303, status
        # A draft to edit: the demo's Stadskanaal plan is adopted (frozen), so copy it.
        status, page = client.request("GET", "/plannen/nieuw")
        csrf = hidden(page, "csrf")
        status, _ = client.request("POST", "/plannen/nieuw", {"csrf": csrf, "titel": "Benchmarkplan", "eigenaar": "GM0037",
                                                              "periode": "2025-2028", "kopie-van": "stadskanaal-2020-2024"})
        assert status == 303, status
        key = "benchmarkplan-2025-2028"
        status, page = client.request("GET", f"/plannen/{key}/bewerken/themas/burenproblematiek")
        title = re.search(r'name="titel" [^>]*value="([^"]*)"', page).group(1)

        results = {}
        measure("baseline", n, lambda: client.request("GET", "/css/regie.css")[0], results)
        measure("start", n, lambda: client.request("GET", "/")[0], results)
        measure("plan", n, lambda: client.request("GET", f"/plannen/{key}")[0], results)
        measure("editor", n, lambda: client.request("GET", f"/plannen/{key}/bewerken")[0], results)

        counter = [0]

        def save():
            status, page = client.request("GET", f"/plannen/{key}/bewerken/themas/burenproblematiek")
            counter[0] += 1
            return client.request("POST", f"/plannen/{key}/bewerken/themas/burenproblematiek", {
                "csrf": hidden(page, "csrf"), "vorige": hidden(page, "vorige"), "titel": f"{title} ({counter[0]})", "rol": "priority"})[0]

        measure("save", n, save, results)

        def login():
            other = Client(port)
            _, page = other.request("GET", "/inloggen")
            return other.request("POST", "/inloggen", {"csrf": hidden(page, "csrf"), "gebruikersnaam": "raad.stadskanaal", "wachtwoord": PASSWORD})[0]

        measure("login", max(10, n // 10), login, results)

        base = statistics.median(results["baseline"])
        print(f"binary: {binary.relative_to(ROOT)}; {n} sequential requests per path (login: {max(10, n // 10)}); 'save' includes the GET of its form")
        print(f"{'path':<10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'p50/baseline':>13}")
        for label, times in results.items():
            p50 = statistics.median(times)
            print(f"{label:<10} {p50:8.2f} {percentile(times, 95):8.2f} {percentile(times, 99):8.2f} "
                  f"{1000 / statistics.mean(times):8.1f} {p50 / base:13.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
