#!/usr/bin/env python3
"""Does a large data import leave the running server responsive? (issue 10, point 5)

Usage:
  python3 scripts/benchmark-import-under-load.py                 # 400,000 rows, debug binary
  python3 scripts/benchmark-import-under-load.py --rows 2000000 --binary .build/release/regie
  python3 scripts/benchmark-import-under-load.py --database postgres --postgres-url postgres://...

What it does, in one run:
  1. generates a police data set in the official OData CSV layout (the generator of
     scripts/benchmark-import.py, kept in its work directory);
  2. starts `regie serve --demo` on a fresh database and signs in as the demo policy officer;
  3. baseline: for --seconds, two clients read the plan page and the start page in a loop;
  4. under load: the same two clients while `regie data import` writes the data set into the
     same database from another process (as an officer would on the server), until it ends;
  5. prints per phase: requests, errors by status, and latency p50/p99/max, and the ratios
     under load against the baseline; and the import's wall time and rows/s.

It fails (exit 1) when a page answered with a 5xx, or took longer than --limit seconds.
"""
import argparse
import http.client
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "samen werken aan veiligheid"


def load_generator():
    spec = importlib.util.spec_from_file_location("benchmark_import", ROOT / "scripts" / "benchmark-import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Client:
    """One signed-in browser: the session cookie, sent by hand (it is Secure, over loopback)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value:
                    self.cookies[name] = cookie_value
                else:
                    self.cookies.pop(name, None)
        connection.close()
        return response.status, data

    def login(self, username):
        _, page = self.request("GET", "/inloggen")
        token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode({"csrf": token, "gebruikersnaam": username, "wachtwoord": PASSWORD})
        status, _ = self.request("POST", "/inloggen", body)
        assert status == 303, f"login failed: {status}"


def hammer(client, paths, stop, results):
    index = 0
    while not stop.is_set():
        path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        try:
            status, _ = client.request("GET", path)
        except Exception as error:  # a time-out or a dropped connection counts as an error
            status = f"{type(error).__name__}"
        results.append((status, time.perf_counter() - started))


def phase(clients, paths, until):
    """Runs the clients until `until()` returns True; returns [(status, seconds)]."""
    stop = threading.Event()
    results = []
    threads = [threading.Thread(target=hammer, args=(c, paths, stop, results)) for c in clients]
    for thread in threads:
        thread.start()
    while not until():
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join()
    return results


def summary(name, results):
    latencies = sorted(seconds * 1000 for _, seconds in results)
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{name:<22} {len(results):>7} requests  p50 {p50:8.1f} ms  p99 {p99:8.1f} ms  max {latencies[-1]:8.1f} ms"
          f"  statuses {dict(sorted(statuses.items(), key=str))}")
    return p50, p99, latencies[-1], statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--seconds", type=float, default=10, help="length of the baseline phase")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--limit", type=float, default=5, help="slowest acceptable page, seconds")
    parser.add_argument("--binary", type=Path, default=ROOT / ".build" / "debug" / "regie")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "regie-benchmark")
    args = parser.parse_args()

    generator = load_generator()
    years = list(range(2014, 2024))
    periods = [f"{y}MM{m:02d}" for y in years for m in range(1, 13)]
    regions = generator.read_keys(generator.METADATA / "WijkenEnBuurten.csv")
    crimes = generator.read_keys(generator.METADATA / "SoortMisdrijf.csv")
    folder = args.workdir / f"47018NED-{args.rows}"
    stamp = folder / ".generated"
    wanted = f"{args.rows} 47018 10"
    if not stamp.exists() or stamp.read_text() != wanted:
        if folder.exists():
            shutil.rmtree(folder)
        print(f"Generating {args.rows:,} rows in {folder} ...", file=sys.stderr)
        generator.write_metadata(folder, years)
        generator.generate(folder / "data.csv", regions, periods, crimes, args.rows, 47018)
        stamp.write_text(wanted)

    work = Path(tempfile.mkdtemp(prefix="regie-load-"))
    env = dict(os.environ, LOG_LEVEL="error")
    if args.database == "postgres":
        if not args.postgres_url:
            sys.exit("--database postgres needs --postgres-url (or DATABASE_URL)")
        env["DATABASE_URL"] = args.postgres_url
    else:
        env.pop("DATABASE_URL", None)
        env["REGIE_SQLITE_PATH"] = str(work / "regie.sqlite")
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen([str(args.binary), "serve", "--demo", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=open(work / "server.log", "w"), stderr=subprocess.STDOUT)
    try:
        for _ in range(240):
            try:
                Client(port).request("GET", "/inloggen", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        clients = [Client(port) for _ in range(args.clients)]
        for client in clients:
            client.login("beleid.stadskanaal")
        paths = ["/plannen/stadskanaal-2020-2024", "/"]

        end = time.monotonic() + args.seconds
        baseline = phase(clients, paths, lambda: time.monotonic() > end)

        started = time.perf_counter()
        importer = subprocess.Popen([str(args.binary), "data", "import", str(folder)], cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        loaded = phase(clients, paths, lambda: importer.poll() is not None)
        import_seconds = time.perf_counter() - started
        output = importer.stdout.read()
        if importer.returncode != 0:
            sys.exit(f"the import failed ({importer.returncode}):\n{output}")

        print(f"\n{args.database}, {args.clients} clients, {args.rows:,} rows; import {import_seconds:.1f} s "
              f"({args.rows / import_seconds:,.0f} rows/s)")
        b50, b99, bmax, _ = summary("baseline", baseline)
        l50, l99, lmax, statuses = summary("during the import", loaded)
        print(f"{'ratio under load':<22} p50 {l50 / b50:.1f}x  p99 {l99 / b99:.1f}x  max {lmax / bmax:.1f}x")
        server_errors = sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
        if server_errors or lmax / 1000 > args.limit:
            print(f"FAILED: {server_errors} errors, slowest page {lmax / 1000:.1f} s (limit {args.limit} s)")
            sys.exit(1)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
