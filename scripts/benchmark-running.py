#!/usr/bin/env python3
"""Latency of the pages of running the plan on the largest example (the Meierij plan of five
municipalities with the demo's programmes and a year of progress), next to the stylesheet as a
static baseline in the same run.

    python3 scripts/benchmark-running.py [--requests 400] [--clients 8] [--binary PATH] [--postgres-url URL]

Each page is fetched `--requests` times by `--clients` signed-in clients at once; the script
prints p50 and p95 in milliseconds, requests per second, and the ratio of each page's p50 to the
stylesheet's. Uses the release build when there is one (swift build -c release --product regie).
"""
import argparse
import statistics
import subprocess
import sys
import threading
import time

from benchlib import Client, Server, find_binary

PLAN = "basisteam-meierij-2023-2026"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(port, cookies, path, requests, clients):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--binary")
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    binary = find_binary(args.binary)
    if args.postgres_url:
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", args.postgres_url.split("?")[0], "-c",
                        "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, capture_output=True)
    server = Server(binary, args.postgres_url)
    try:
        officer = Client(server.port).sign_in("beleid.boxtel")
        pages = [
            ("stylesheet (static)", "/css/regie.css"),
            ("plan page", f"/plannen/{PLAN}"),
            ("dashboard, whole plan", f"/plannen/{PLAN}/uitvoering"),
            ("dashboard, Boxtel", f"/plannen/{PLAN}/uitvoering/gemeenten/GM0757"),
            ("Mijn taken", "/mijn-taken"),
            ("kwaliteitstoets", f"/plannen/{PLAN}/kwaliteitstoets"),
            ("programme", f"/plannen/{PLAN}/programmas/uitvoering-2026"),
        ]
        for name, path in pages:
            status, _ = officer.request("GET", path)
            if status != 200:
                sys.exit(f"{name} ({path}) answered {status}, not 200")
        print(f"binary: {binary}; database: {'PostgreSQL' if args.postgres_url else 'SQLite'}; "
              f"{args.requests} requests a page, {args.clients} clients at once, signed in as beleid.boxtel")
        print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p50 / static':>13}")
        baseline = None
        failures = []
        for name, path in pages:
            times, statuses, rate = measure(server.port, officer.cookies, path, args.requests, args.clients)
            p50, p95 = statistics.median(times), percentile(times, 95)
            baseline = baseline or p50
            print(f"{name:<24} {p50:8.2f} {p95:8.2f} {rate:8.1f} {p50 / baseline:13.1f}")
            if set(statuses) != {200}:
                failures.append(f"{name}: statuses {statuses}")
        if failures:
            sys.exit("; ".join(failures))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
