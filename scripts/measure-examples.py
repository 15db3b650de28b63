#!/usr/bin/env python3
"""Times validating, importing and rendering the example plans and prints the figures.

Usage: scripts/measure-examples.py [--debug] [--requests N]
Builds `regie` in release mode (unless --debug), then for each example plan:
  - validate: wall time of `regie plan validate FILE` (process start included), median of 5;
  - import: wall time of `regie plan import FILE` into a fresh SQLite file (migrations included);
  - render: latency of its plan, summary and partners pages and its largest theme page over
    N requests each against `regie serve` on loopback (p50 and p95, in ms).
A baseline in the same run: the time of `regie --help` (process start, nothing else).
"""
import argparse
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd, env=None):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    config = "debug" if args.debug else "release"
    subprocess.run(["swift", "build", "-c", config, "--product", "regie"], cwd=ROOT, check=True)
    binary = str(ROOT / ".build" / config / "regie")
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    work = tempfile.mkdtemp(prefix="regie-measure-")
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)

    baseline = statistics.median(timed([binary, "--help"]) for _ in range(5))
    print(f"build: {config}; baseline `regie --help`: {baseline * 1000:.1f} ms")
    print(f"{'plan':38} {'lines':>6} {'validate ms':>12} {'import ms':>10}")
    for example in examples:
        lines = sum(1 for _ in example.open())
        validate = statistics.median(timed([binary, "plan", "validate", str(example)]) for _ in range(5))
        env["REGIE_SQLITE_PATH"] = os.path.join(work, example.stem + ".sqlite")
        imp = timed([binary, "plan", "import", str(example)], env=env)
        print(f"{example.name:38} {lines:>6} {validate * 1000:>12.1f} {imp * 1000:>10.1f}")

    env["REGIE_SQLITE_PATH"] = os.path.join(work, "all.sqlite")
    subprocess.run([binary, "plan", "import", *map(str, examples)], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        print(f"\nrendering over {args.requests} sequential requests per page (ms):")
        print(f"{'page':70} {'p50':>7} {'p95':>7} {'KiB':>6}")
        for example in examples:
            key = example.stem
            pages = [f"/plannen/{key}", f"/plannen/{key}/samenvatting", f"/plannen/{key}/partners"]
            for path in pages:
                times = []
                size = 0
                for _ in range(args.requests):
                    start = time.perf_counter()
                    with urllib.request.urlopen(base + path) as response:
                        size = len(response.read())
                    times.append((time.perf_counter() - start) * 1000)
                print(f"{path:70} {percentile(times, .5):>7.2f} {percentile(times, .95):>7.2f} {size / 1024:>6.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
