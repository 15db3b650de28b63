#!/usr/bin/env python3
"""How long another process waits for the SQLite file while `regie data import` runs.

Usage:
  python3 scripts/benchmark-import-latency.py BINARY DATABASE FOLDER

BINARY is a regie binary (e.g. .build/release/regie), DATABASE an SQLite file that already holds
the table (import FOLDER into it once first, so this measures a re-import beside live use),
FOLDER a data set such as the one scripts/benchmark-import.py generates
(/tmp/regie-benchmark/47018NED-1000000). Every 20 ms the script reads statistics_tables and
inserts a row into a table of its own (probe_writes), retrying at once on "database is locked"
as SQLiteNIO's busy handler does, and prints the longest and 99th-percentile waits.
"""
import os
import sqlite3
import subprocess
import sys
import threading
import time


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, database, folder = sys.argv[1:]
    connection = sqlite3.connect(database, timeout=0, isolation_level=None, check_same_thread=False)
    connection.execute("CREATE TABLE IF NOT EXISTS probe_writes (at REAL)")

    def run(sql, args=()):
        while True:
            try:
                return connection.execute(sql, args).fetchall()
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise

    reads, writes, done = [], [], threading.Event()

    def probe():
        while not done.is_set():
            start = time.time()
            run("SELECT identifier, revision FROM statistics_tables")
            reads.append(time.time() - start)
            start = time.time()
            run("INSERT INTO probe_writes VALUES (?)", (start,))
            writes.append(time.time() - start)
            time.sleep(0.02)

    thread = threading.Thread(target=probe)
    thread.start()
    start = time.time()
    subprocess.run([binary, "data", "import", folder], env=dict(os.environ, REGIE_SQLITE_PATH=database),
                   check=True, capture_output=True)
    seconds = time.time() - start
    done.set()
    thread.join()
    for name, waits in (("reads", reads), ("writes", writes)):
        waits.sort()
        print(f"{name}: {len(waits)}, longest {waits[-1] * 1000:.0f} ms, "
              f"99th percentile {waits[int(len(waits) * 0.99)] * 1000:.0f} ms")
    print(f"import: {seconds:.1f} s")


if __name__ == "__main__":
    main()
