#!/usr/bin/env python3
"""Latency of opening a case, of the case table's agenda and of an indicator's measurements fed by
the register's suppressed counts, with 10,000 signals in the register, next to the stylesheet as
a static baseline in the same run (issue 17).

    python3 scripts/benchmark-registers.py [--signals 10000] [--requests 200] [--clients 4] [--binary PATH] [--postgres-url URL]

Starts `regie serve --demo`, signs in as registers.stadskanaal (owner of the demo registers),
takes in signals through the intake form until the register holds `--signals`, plans a meeting
with ten of them on the agenda, and then fetches each page `--requests` times with `--clients`
clients at once. Prints p50 and p95 in milliseconds, requests per second and each page's p50
against the stylesheet's. Every read of a case writes a line to the processing log, so opening a
case is a read and a write. Uses the release build when there is one.
"""
import argparse
import re
import sys
import threading
import time

from benchlib import Client, fresh_server, hidden, latency_table


PHENOMENA = ["drugs", "mensenhandel", "witwassen", "vastgoed", "malafide-bedrijvigheid", "fraude"]


def fill(port, cookies, register, count, clients):
    """Takes in `count` invented signals through the intake form, with `clients` at once."""
    done, lock = [0], threading.Lock()

    def worker(offset):
        client = Client(port, timeout=120)
        client.cookies = dict(cookies)
        _, form = client.request("GET", f"{register}/signalen/nieuw")
        csrf = hidden(form, "csrf")
        for n in range(offset, count, clients):
            fields = [("csrf", csrf), ("ontvangen", f"{2025 + n % 2}-{1 + n % 11:02d}-{1 + n % 28:02d}"), ("bron", "partner"),
                      ("fenomeen", PHENOMENA[n % len(PHENOMENA)]), ("urgentie", ["laag", "middel", "hoog"][n % 3]),
                      ("ernst", "middel"), ("wijk", "Benchmarkwijk"), ("omschrijving", f"Verzonnen benchmarksignaal {n}"),
                      ("betrokkene-1-soort", "bedrijf"), ("betrokkene-1-naam", f"Benchmark {n} BV"), ("betrokkene-1-kvk", f"{70000000 + n}")]
            status, _ = client.request("POST", f"{register}/signalen", fields)
            if status != 303:
                sys.exit(f"intake {n} answered {status}")
            with lock:
                done[0] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signals", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--binary")
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    server = fresh_server(args)
    binary = server.binary
    try:
        owner = Client(server.port, timeout=120).sign_in("registers.stadskanaal")
        _, registers = owner.request("GET", "/registers")
        match = re.search(r'href="(/registers/[0-9a-f-]{36})">Register ondermijningssignalen', registers)
        if not match:
            sys.exit("the demo's register of signals is not listed for registers.stadskanaal")
        register = match.group(1)
        _, page = owner.request("GET", register)
        present = len(set(re.findall(r"/signalen/([0-9a-f-]{36})", page)))
        rate = fill(server.port, owner.cookies, register, max(0, args.signals - present), args.clients)
        print(f"intake: {args.signals - present} signals at {rate:.1f} per second through the form")
        _, page = owner.request("GET", f"{register}/casustafel/nieuw")
        agenda = re.findall(r'name="agenda" value="([0-9a-f-]{36})"', page)[:10]
        status, _ = owner.request("POST", f"{register}/casustafel", [("csrf", hidden(page, "csrf")), ("datum", "2026-12-15")]
                                  + [("agenda", a) for a in agenda])
        if status != 303:
            sys.exit(f"planning the meeting answered {status}")
        _, page = owner.request("GET", register)
        meeting = re.findall(r'href="(/registers/[0-9a-f-]{36}/casustafel/[0-9a-f-]{36})"', page)[0]
        signal = f"{register}/signalen/{agenda[0]}"
        # An indicator fed by the register: every view counts the register's records of the last
        # complete year and suppresses the year's table (half the signals are dated 2025).
        indicator = "/plannen/stadskanaal-2020-2024/uitvoering/indicatoren/ondermijning-signalen-witwassen"
        pages = [("stylesheet (static)", "/css/regie.css"), ("open a case", signal), ("case-table agenda", meeting),
                 ("register page (open signals)", register), ("indicator fed by the register", indicator)]
        print(f"binary: {binary}; database: {'PostgreSQL' if args.postgres_url else 'SQLite'}; {args.signals} signals in the register; "
              f"{args.requests} requests a page, {args.clients} clients at once, signed in as registers.stadskanaal")
        latency_table(server.port, owner.cookies, pages, args.requests, args.clients)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
