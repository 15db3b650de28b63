#!/usr/bin/env python3
"""How long Regie takes to make a council document, on the largest example (Meierij: five
municipalities, two programmes, a year of demo progress): the plan, the progress report, a
council proposal and a programme, each as DOCX, PDF (LibreOffice) and HTML, one request after
another as an officer clicks. The stylesheet is the static baseline of the same run.

    python3 scripts/benchmark-documents.py [--binary .build/release/regie] [--runs 10]

Prints the first (cold) PDF separately: it starts LibreOffice with a new profile."""
import argparse
import http.client
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, Client, Server, find_binary, percentile  # noqa: E402

PLAN = "basisteam-meierij-2023-2026"


def fetch(client, path):
    """One GET with the session; the response time in ms and the body's size."""
    headers = {"Cookie": client.cookie_header()}
    started = time.perf_counter()
    client.connection.request("GET", path, headers=headers)
    response = client.connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        sys.exit(f"{path}: status {response.status}: {body[:200]!r}")
    return elapsed, len(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", help="the regie binary (default: release build, else debug)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    binary = find_binary(args.binary)
    server = Server(binary)
    try:
        client = Client(server.port, timeout=300).sign_in("beleid.boxtel")
        _, page = client.request("GET", f"/plannen/{PLAN}/stukken")
        programmes = re.findall(rf'/plannen/{PLAN}/stukken/(programma-[a-z0-9-]+)/docx', page)
        documents = ["plan", "voortgangsrapportage-2025", "raadsvoorstel-GM0757"] + programmes[:1]
        cold, _ = fetch(client, f"/plannen/{PLAN}/stukken/raadsbesluit-GM0757/pdf")
        baseline = sorted(fetch(client, "/css/regie.css")[0] for _ in range(max(args.runs, 50)))
        base_p50 = percentile(baseline, 50)
        print(f"Binary: {binary}")
        print(f"Largest example: {PLAN}; {args.runs} runs each, one after another")
        print(f"Static baseline (stylesheet): p50 {base_p50:.1f} ms, p95 {percentile(baseline, 95):.1f} ms")
        print(f"First PDF of the process (LibreOffice cold start, new profile): {cold:.0f} ms")
        print()
        print(f"{'document':34} {'format':6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'size kB':>8} {'x static':>9}")
        for document in documents:
            for fmt in ["docx", "pdf", "html"]:
                times, size = [], 0
                for _ in range(args.runs):
                    elapsed, size = fetch(client, f"/plannen/{PLAN}/stukken/{document}/{fmt}")
                    times.append(elapsed)
                times.sort()
                p50 = percentile(times, 50)
                print(f"{document:34} {fmt:6} {p50:9.1f} {percentile(times, 95):9.1f} {max(times):9.1f} {size / 1024:8.1f} {p50 / base_p50:9.0f}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
