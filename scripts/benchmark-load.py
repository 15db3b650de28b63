#!/usr/bin/env python3
"""Regie under load: every main page at 64 connections, next to the same server's stylesheet.

Usage:
  python3 scripts/benchmark-load.py                          # SQLite, 10 s a page, release build if present
  python3 scripts/benchmark-load.py --database postgres --postgres-url postgres://USER:PW@127.0.0.1/DB
  python3 scripts/benchmark-load.py --database both --soak-minutes 10
  python3 scripts/benchmark-load.py --short                  # CI: 3 s a page, fails only on errors

What one run does, per database:
  1. starts `regie serve --demo` on a fresh database (an SQLite file in a temporary folder, or the
     PostgreSQL database given, which is EMPTIED first: give a throwaway database);
  2. signs in as the demo policy officer and copies the adopted Stadskanaal plan to a draft;
  3. runs `wrk -t2 -c64` for --seconds against each page: first the stylesheet without a session
     (the ceiling: no session, no database), then the stylesheet with the session cookie, the
     reading pages, the editor and the analysis pages;
  4. saves: --save-workers clients at once, each saving a theme of its own (GET of the form, then
     the POST: fingerprint check, rules, compare-and-set, audit entry), for --seconds;
  5. optionally a soak: every page in turn for --soak-minutes, with the server's resident memory
     sampled every 10 s.

It prints per page requests/s, the ratio to the stylesheet's, p50 and p99 latency, and errors
(non-2xx/3xx answers, socket errors and time-outs). It exits 1 when any page answered an error or
timed out, and (without --short) prints which aims of issue 14 were missed.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ADOPTED_PLAN, Client, Server, find_binary, hidden, percentile  # noqa: E402

MUNICIPALITY = "GM0037"


def wrk(url, seconds, connections, threads, timeout, cookie=None, script=None):
    """One wrk run; returns requests/s, p50 and p99 in ms, and the error counts."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def number(pattern, default="0"):
        match = re.search(pattern, output, re.MULTILINE)
        return match.group(1) if match else default

    def milliseconds(text):
        match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
        if not match:  # no request finished in time: wrk prints no latency
            return float("nan")
        value, unit = match.groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")),
        "requests": int(number(r"(\d+) requests in")),
        "p50": milliseconds(number(r"^\s+50%\s+(\S+)", "0ms")),
        "p99": milliseconds(number(r"^\s+99%\s+(\S+)", "0ms")),
        "non2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket": sum(int(n) for n in socket_errors.groups()[:3]) if socket_errors else 0,
        "timeouts": int(socket_errors.group(4)) if socket_errors else 0,
    }


def pages_of(client, draft):
    """The pages to measure, as (name, path, kind); every one is fetched once first and must be a 200."""
    _, plan = client.request("GET", f"/plannen/{ADOPTED_PLAN}")
    theme = re.search(rf'href="/plannen/{ADOPTED_PLAN}/themas/([^"/]+)"', plan).group(1)
    _, overview = client.request("GET", f"/gemeenten/{MUNICIPALITY}/veiligheidsanalyse")
    series = re.search(rf'href="(/gemeenten/{MUNICIPALITY}/veiligheidsanalyse/reeksen/[^"?]+)"', overview).group(1)
    pages = [
        ("start page", "/", "reading"),
        ("municipality", f"/gemeenten/{MUNICIPALITY}", "reading"),
        ("plan", f"/plannen/{ADOPTED_PLAN}", "reading"),
        ("summary", f"/plannen/{ADOPTED_PLAN}/samenvatting", "reading"),
        ("theme", f"/plannen/{ADOPTED_PLAN}/themas/{theme}", "reading"),
        ("partners", f"/plannen/{ADOPTED_PLAN}/partners", "reading"),
        ("versions", f"/plannen/{ADOPTED_PLAN}/versies", "reading"),
        ("draft status", f"/plannen/{draft}/status", "reading"),
        ("editor", f"/plannen/{draft}/bewerken", "editor"),
        ("municipalities", "/gemeenten", "analysis"),
        ("analysis", f"/gemeenten/{MUNICIPALITY}/veiligheidsanalyse", "analysis"),
        ("analysis series", series, "analysis"),
        ("plan analysis", f"/plannen/{ADOPTED_PLAN}/veiligheidsanalyse", "analysis"),
        # Running the plan (issue 15); scripts/benchmark-running.py measures them on the largest example.
        ("dashboard", f"/plannen/{ADOPTED_PLAN}/uitvoering", "running"),
        ("my tasks", "/mijn-taken", "running"),
    ]
    for name, path, _ in pages:
        status, _ = client.request("GET", path)
        if status != 200:
            sys.exit(f"{name} ({path}) answered {status} before the benchmark, not 200")
    return pages


def saves(port, cookies, draft, workers, seconds):
    """Concurrent saves, each worker on a theme of its own; POST latencies in ms and the statuses."""
    reader = Client(port)
    reader.cookies = dict(cookies)
    _, editor = reader.request("GET", f"/plannen/{draft}/bewerken/themas")
    themes = list(dict.fromkeys(re.findall(rf'href="/plannen/{draft}/bewerken/themas/([^"/]+)"', editor)))
    if not themes:
        sys.exit("the editor lists no themes to save")
    times, statuses, lock = [], {}, threading.Lock()
    end = time.monotonic() + seconds

    def work(theme):
        client = Client(port)
        client.cookies = dict(cookies)
        path = f"/plannen/{draft}/bewerken/themas/{theme}"
        n = 0
        while time.monotonic() < end:
            _, form = client.request("GET", path)
            title = re.search(r'name="titel" [^>]*value="([^"]*)"', form).group(1)
            n += 1
            fields = {"csrf": hidden(form, "csrf"), "vorige": hidden(form, "vorige"),
                      "titel": re.sub(r" \(\d+\)$", "", title) + f" ({n})", "rol": "priority"}
            started = time.perf_counter()
            status, _ = client.request("POST", path, fields)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=work, args=(themes[i % len(themes)],)) for i in range(min(workers, len(themes)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    return times, statuses, len(threads)


def resident_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def soak(base_url, cookie, paths, minutes, connections, timeout, pid):
    """Every page in turn for `minutes`, with the resident memory every 10 s."""
    script = Path(tempfile.mkdtemp(prefix="regie-soak-")) / "rotate.lua"
    script.write_text("paths = {" + ", ".join(f'"{p}"' for p in paths) + "}\n"
                      "counter = 0\n"
                      "request = function()\n"
                      "  counter = counter + 1\n"
                      "  return wrk.format(\"GET\", paths[(counter % #paths) + 1])\n"
                      "end\n")
    samples = []
    done = threading.Event()

    def sample():
        while not done.wait(10):
            samples.append(resident_kb(pid))

    sampler = threading.Thread(target=sample)
    samples.append(resident_kb(pid))
    sampler.start()
    try:
        result = wrk(base_url + "/", int(minutes * 60), connections, 2, timeout, cookie, str(script))
    finally:
        done.set()
        sampler.join()
    samples.append(resident_kb(pid))
    return result, samples


def run(database, args, binary):
    print(f"\n## {database}: {binary.relative_to(Path.cwd()) if binary.is_relative_to(Path.cwd()) else binary}, "
          f"wrk -t{args.threads} -c{args.connections}, {args.seconds} s a page, time-out {args.timeout} s")
    postgres_url = None
    if database == "postgres":
        postgres_url = args.postgres_url
        if not postgres_url:
            sys.exit("--database postgres needs --postgres-url (or REGIE_BENCH_DATABASE_URL)")
        # A fresh schema, so the demo data loads as on a new installation.
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", postgres_url.split("?")[0], "-c",
                        "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, capture_output=True)
    server = Server(binary, postgres_url)
    failures, missed = [], []
    try:
        client = Client(server.port).sign_in()
        draft = client.copy_plan()
        cookie = client.cookie_header()
        base_url = f"http://127.0.0.1:{server.port}"
        pages = pages_of(client, draft)
        # Warm up: the first requests fill the connection pools and the caches.
        for _, path, _ in pages:
            client.request("GET", path)
        # And the server's first seconds under load (threads, allocator) before the ceiling.
        wrk(base_url + "/css/regie.css", 2, args.connections, args.threads, args.timeout)

        results = [("stylesheet, no session", "/css/regie.css", "ceiling",
                    wrk(base_url + "/css/regie.css", args.seconds, args.connections, args.threads, args.timeout))]
        results.append(("stylesheet, signed in", "/css/regie.css", "session",
                        wrk(base_url + "/css/regie.css", args.seconds, args.connections, args.threads, args.timeout, cookie)))
        for name, path, kind in pages:
            results.append((name, path, kind, wrk(base_url + path, args.seconds, args.connections, args.threads, args.timeout, cookie)))
        ceiling = results[0][3]["rps"]

        print(f"{'page':<24} {'req/s':>9} {'/ static':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'time-outs':>9}")
        for name, path, kind, r in results:
            errors = r["non2xx"] + r["socket"]
            print(f"{name:<24} {r['rps']:9.1f} {r['rps'] / ceiling:9.3f} {r['p50']:9.2f} {r['p99']:9.2f} {errors:7d} {r['timeouts']:9d}")
            if errors or r["timeouts"]:
                failures.append(f"{database}: {name} ({path}): {errors} errors, {r['timeouts']} time-outs")
            elif r["requests"] == 0:
                failures.append(f"{database}: {name} ({path}): no answer within {args.seconds} s")
            if kind in ("reading", "editor") and (r["rps"] < ceiling / 2 or r["p99"] > 50):
                missed.append(f"{name}: {r['rps'] / ceiling:.2f}x the stylesheet, p99 {r['p99']:.0f} ms (aim 0.5x, 50 ms)")
            if kind == "analysis" and r["p99"] > 500:
                missed.append(f"{name}: p99 {r['p99']:.0f} ms (aim 500 ms)")

        times, statuses, workers = saves(server.port, client.cookies, draft, args.save_workers, args.seconds)
        bad = {s: n for s, n in statuses.items() if s != 303}
        print(f"{'saves, ' + str(workers) + ' at once':<24} {len(times) / args.seconds:9.1f} {'':>9} "
              f"{statistics.median(times) if times else 0:9.2f} {percentile(times, 99):9.2f} {sum(bad.values()):7d} {'':>9}")
        if bad:
            failures.append(f"{database}: saves answered {bad}")
        if times and percentile(times, 99) > 100:
            missed.append(f"saves: p99 {percentile(times, 99):.0f} ms (aim 100 ms)")

        if args.soak_minutes > 0:
            paths = [path for _, path, _ in pages] + ["/css/regie.css"]
            r, samples = soak(base_url, cookie, paths, args.soak_minutes, args.connections, args.timeout, server.process.pid)
            errors = r["non2xx"] + r["socket"]
            settled = samples[min(len(samples) - 1, 6)]  # after the first minute: pools and caches are full
            print(f"\nsoak, {args.soak_minutes} min over {len(paths)} pages: {r['requests']:,} requests, {r['rps']:.1f} req/s, "
                  f"p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, {errors} errors, {r['timeouts']} time-outs")
            print(f"resident memory (MB, every 10 s): start {samples[0] / 1024:.1f}, after 1 min {settled / 1024:.1f}, "
                  f"end {samples[-1] / 1024:.1f}, max {max(samples) / 1024:.1f}; growth after the first minute "
                  f"{(samples[-1] - settled) / 1024:+.1f} MB")
            print("  samples: " + " ".join(f"{s / 1024:.0f}" for s in samples))
            if errors or r["timeouts"]:
                failures.append(f"{database}: soak: {errors} errors, {r['timeouts']} time-outs")
    finally:
        server.stop()
        if failures:
            print(f"server log: {server.workdir / 'server.log'}")
        else:
            shutil.rmtree(server.workdir, ignore_errors=True)
    return failures, missed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("REGIE_BENCH_DATABASE_URL"),
                        help="a throwaway PostgreSQL database; it is emptied first")
    parser.add_argument("--seconds", type=int, default=10, help="per page (default 10)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=15, help="wrk's time-out per request, seconds")
    parser.add_argument("--save-workers", type=int, default=8)
    parser.add_argument("--soak-minutes", type=float, default=0)
    parser.add_argument("--short", action="store_true", help="CI: 3 s a page, no soak; fails only on errors and time-outs")
    parser.add_argument("--binary")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    if args.short:
        args.seconds, args.soak_minutes = 3, 0
    binary = find_binary(args.binary)
    failures, missed = [], []
    for database in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
        f, m = run(database, args, binary)
        failures += f
        missed += [f"{database}: {line}" for line in m]
    if missed and not args.short:
        print("\nAims of issue 14 not met:\n  " + "\n  ".join(missed))
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nload benchmark: no page answered an error or timed out")


if __name__ == "__main__":
    main()
