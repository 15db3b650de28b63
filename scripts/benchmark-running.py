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
import sys

from benchlib import Client, fresh_server, latency_table

PLAN = "basisteam-meierij-2023-2026"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--binary")
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    server = fresh_server(args)
    binary = server.binary
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
        print(f"binary: {binary}; database: {'PostgreSQL' if args.postgres_url else 'SQLite'}; "
              f"{args.requests} requests a page, {args.clients} clients at once, signed in as beleid.boxtel")
        latency_table(server.port, officer.cookies, pages, args.requests, args.clients)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
