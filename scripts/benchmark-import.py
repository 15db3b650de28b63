#!/usr/bin/env python3
"""Measures `regie data import` against the raw `sqlite3 .import` of the same file.

Usage:
  python3 scripts/benchmark-import.py                      # 1,000,000 rows (about 2 minutes)
  python3 scripts/benchmark-import.py --rows 200000         # a quick run
  python3 scripts/benchmark-import.py --scale national      # every region x 120 months x every crime type
  python3 scripts/benchmark-import.py --database postgres --postgres-url postgres://...

What it does, in one run:
  1. builds the release binary `.build/release/regie` when it is missing (or with --build);
  2. generates a data set in the official OData CSV layout of police table 47018NED
     (`"ID","WijkenEnBuurten","Perioden","SoortMisdrijf","GeregistreerdeMisdrijven_1"`, keys
     right-padded as published) beside the real 47018NED metadata, with a generated monthly
     Perioden.csv in the official layout (the real table is yearly; 47022NED is the monthly
     family). Rows are streamed to disk, never held in memory. Values are counts drawn per
     region level: mostly small numbers and zeros in neighbourhoods, some "." (missing);
  3. (a) times `sqlite3` shell `.mode csv` + `.import` of the same file into a fresh table;
     (b) times `regie data import` into a fresh, migrated SQLite database;
     (c) with --database postgres, the same import into PostgreSQL (with --vervang: the table
         is replaced) and, as its baselines, psql `\\copy` of the file into a fresh plain table
         and psql `\\copy` of the same rows as Regie stores them into `observations` itself
         (same schema: unique index and foreign key), directly and through a temporary table;
     (e) the same file imported again into the SQLite database of (b): once added up (every
         figure repeated, so the database compares them all and copies nothing) and once with
         --vervang, each as a ratio to the first import (b);
  and prints wall time, rows/s and peak RSS (of the measured process, via wait4) for each, and
  the ratio of Regie's rate to the raw `.import` rate.

The generated folder is kept in --workdir (default: a directory under /tmp) and reused when it
already holds a file of the same size and seed; delete it or pass --regenerate to start over.
"""
import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# shared/ lies beside the repository (as in CI); /work/shared on a developer's machine.
SHARED = next((p for p in [ROOT.parent / "shared", Path("/work/shared")] if p.exists()), ROOT.parent / "shared")
METADATA = SHARED / "data" / "opendata" / "politie-47018NED-metadata"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


def read_keys(path):
    """The quoted first column of a metadata code list, padding kept (as in the data set)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        key = next(rows).index("Key")
        return [row[key] for row in rows if row]


def write_metadata(folder, years):
    folder.mkdir(parents=True, exist_ok=True)
    for name in ["TableInfos.csv", "DataProperties.csv", "SoortMisdrijf.csv", "WijkenEnBuurten.csv", "CategoryGroups.csv"]:
        shutil.copyfile(METADATA / name, folder / name)
    with open(folder / "Perioden.csv", "w", encoding="utf-8", newline="") as f:
        f.write('"Key","Title","Description","Status"\n')
        for year in years:
            for month in range(1, 13):
                f.write(f'"{year}MM{month:02d}","{year} {MONTHS[month - 1]}","","Definitief"\n')


def value_pools(rng):
    """Pre-rendered values per region level, drawn once: monthly counts per crime type."""
    def pool(mean, zero_share, missing_share, size=4096):
        values = []
        for _ in range(size):
            r = rng.random()
            if r < missing_share:
                values.append('"."' if rng.random() < 0.7 else "")
            elif r < missing_share + zero_share:
                values.append("0")
            else:
                values.append(str(int(rng.expovariate(1 / mean)) + 1))
        return values
    return {
        "NL": pool(4000, 0.02, 0.01), "GM": pool(25, 0.2, 0.02),
        "WK": pool(4, 0.45, 0.03), "BU": pool(1.5, 0.65, 0.04),
    }


def generate(data_file, regions, periods, crimes, rows, seed):
    """Streams `rows` rows (region, then period, then crime type) to `data_file`."""
    rng = random.Random(seed)
    pools = value_pools(rng)
    crime_parts = [f',"{c}",' for c in crimes]
    written = 0
    started = time.perf_counter()
    with open(data_file, "w", encoding="utf-8", newline="", buffering=1 << 22) as f:
        f.write('"ID","WijkenEnBuurten","Perioden","SoortMisdrijf","GeregistreerdeMisdrijven_1"\n')
        for region in regions:
            pool = pools.get(region[:2], pools["BU"])
            for period in periods:
                if written >= rows:
                    break
                prefix = f',"{region}","{period}"'
                n = min(len(crimes), rows - written)
                values = rng.choices(pool, k=n)
                f.write("".join(f"{written + i}{prefix}{crime_parts[i]}{values[i]}\n" for i in range(n)))
                written += n
            if written >= rows:
                break
            if written % 5_000_000 < len(periods) * len(crimes):
                print(f"\r  {written:,} rows written", end="", file=sys.stderr, flush=True)
    print(f"\r  {written:,} rows written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return written


def measure(cmd, env=None, stdin=None):
    """Runs `cmd`, returns (wall seconds, stdout, stderr); exits when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin else None,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(stdin)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(map(str, cmd))}\n{out}\n{err}")
    return seconds, out, err


def measure_rss(cmd, env=None, stdin_text=None):
    """As `measure`, with peak RSS of the process from wait4 (Linux: ru_maxrss in KiB)."""
    stdin_read = None
    if stdin_text is not None:
        stdin_read, stdin_write = os.pipe()
    out_file = tempfile.TemporaryFile()
    err_file = tempfile.TemporaryFile()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            if stdin_read is not None:
                os.dup2(stdin_read, 0)
            os.dup2(out_file.fileno(), 1)
            os.dup2(err_file.fileno(), 2)
            os.execvpe(cmd[0], [str(c) for c in cmd], env or os.environ)
        finally:
            os._exit(127)
    if stdin_read is not None:
        os.close(stdin_read)
        os.write(stdin_write, stdin_text.encode())
        os.close(stdin_write)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    out_file.seek(0)
    err_file.seek(0)
    out, err = out_file.read().decode(errors="replace"), err_file.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(map(str, cmd))}\n{out}\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, out, err


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, help="number of data rows (default 1,000,000)")
    parser.add_argument("--scale", choices=["quick", "million", "national"],
                        help="quick: 200,000 rows; million: 1,000,000; national: every region x 10 years of months x every crime type")
    parser.add_argument("--years", type=int, default=10, help="years of monthly periods (default 10: 2014-2023)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL URL for --database postgres (default $DATABASE_URL)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "regie-benchmark")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--build", action="store_true", help="rebuild the release binary even when present")
    parser.add_argument("--binary", type=Path, help="the regie binary to measure (default .build/release/regie)")
    parser.add_argument("--skip-sqlite3", action="store_true", help="skip the raw sqlite3 .import baseline")
    parser.add_argument("--seed", type=int, default=47018)
    parser.add_argument("--repeat", type=int, help="runs of (a) and (b); the median is reported (default 3, national 1)")
    parser.add_argument("--skip-analysis", action="store_true", help="do not time the analysis on the imported table")
    parser.add_argument("--analysis-runs", type=int, default=200, help="analyses to time (default 200, over 50 municipalities)")
    parser.add_argument("--skip-add-up", action="store_true", help="do not time the second import (added up and --vervang)")
    args = parser.parse_args()

    binary = args.binary or ROOT / ".build" / "release" / "regie"
    if not args.binary and (args.build or not binary.exists()):
        print("Building the release binary ...", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "regie"], cwd=ROOT, check=True)

    years = list(range(2024 - args.years, 2024))
    periods = [f"{y}MM{m:02d}" for y in years for m in range(1, 13)]
    regions = read_keys(METADATA / "WijkenEnBuurten.csv")
    crimes = read_keys(METADATA / "SoortMisdrijf.csv")
    national = len(regions) * len(periods) * len(crimes)
    if args.rows:
        rows = args.rows
    else:
        rows = {"quick": 200_000, "million": 1_000_000, "national": national, None: 1_000_000}[args.scale]
    rows = min(rows, national)
    if args.repeat is None:
        args.repeat = 1 if rows > 5_000_000 else 3

    folder = args.workdir / f"47018NED-{rows}"
    data_file = folder / "data.csv"
    stamp = folder / ".generated"
    wanted = f"{rows} {args.seed} {args.years}"
    if args.regenerate or not stamp.exists() or stamp.read_text() != wanted:
        if folder.exists():
            shutil.rmtree(folder)
        print(f"Generating {rows:,} rows ({len(regions):,} regions x {len(periods)} months x {len(crimes)} crime types"
              f" = {national:,} at national scale) in {folder} ...", file=sys.stderr)
        write_metadata(folder, years)
        generate(data_file, regions, periods, crimes, rows, args.seed)
        stamp.write_text(wanted)
    size_mb = data_file.stat().st_size / 1e6
    results = []

    scratch = args.workdir / "databases"
    scratch.mkdir(parents=True, exist_ok=True)

    # (a) and (b), alternately, --repeat times; the medians are reported. The machine may be
    # shared, so one run can be off by 15 % either way.
    raw_db = scratch / "raw.sqlite"
    regie_db = scratch / "regie.sqlite"
    raw_runs, regie_runs, out = [], [], ""
    for run in range(args.repeat):
        # (a) Raw sqlite3 .import: no validation, no normalisation, every column as text, no index.
        if not args.skip_sqlite3:
            raw_db.unlink(missing_ok=True)
            seconds, rss, _, _ = measure_rss(["sqlite3", raw_db], stdin_text=f".mode csv\n.import '{data_file}' raw\n")
            _, count, _ = measure(["sqlite3", raw_db, "select count(*) from raw"])
            assert int(count.strip()) == rows, count
            raw_runs.append((seconds, rss))
            raw_db.unlink(missing_ok=True)

        # (b) regie data import into a fresh, migrated SQLite database.
        for suffix in ["", "-wal", "-shm", "-journal"]:
            Path(str(regie_db) + suffix).unlink(missing_ok=True)
        env = dict(os.environ, DATABASE_URL=f"sqlite:{regie_db}", LOG_LEVEL="error")
        measure([binary, "migrate"], env=env)
        seconds, rss, out, _ = measure_rss([binary, "data", "import", folder], env=env)
        _, count, _ = measure(["sqlite3", regie_db, "select count(*) from observations"])
        stored = int(count.strip())
        assert stored == rows, f"regie stored {stored} observations, expected {rows}"
        regie_runs.append((seconds, rss))
        print(f"run {run + 1}: sqlite3 .import {raw_runs[-1][0] if raw_runs else float('nan'):.2f} s,"
              f" regie data import {seconds:.2f} s", file=sys.stderr)

    def median_run(runs):
        ordered = sorted(runs)
        return ordered[len(ordered) // 2]
    if raw_runs:
        seconds, rss = median_run(raw_runs)
        results.append(("sqlite3 .import (raw, no checks)", seconds, rss))
    seconds, rss = median_run(regie_runs)
    results.append(("regie data import (SQLite)", seconds, rss))
    db_mb = regie_db.stat().st_size / 1e6
    print(out.strip(), file=sys.stderr)

    # (d) Building a municipality's whole analysis (every default series: yearly totals, country,
    # districts, months) from the imported table, in one process, for a sample of municipalities.
    analysis = None
    if not args.skip_analysis:
        env = dict(os.environ, DATABASE_URL=f"sqlite:{regie_db}", LOG_LEVEL="error")
        municipality = next(r.strip() for r in regions if r.strip().startswith("GM"))
        _, out_analysis, _ = measure([binary, "data", "analyse", municipality, "--herhaal", str(args.analysis_runs),
                                      "--gemeenten", "50"], env=env)
        analysis = out_analysis.strip().splitlines()[-1]

    # (e) A second download of the same table: added up (the default) and replaced.
    if not args.skip_add_up:
        env = dict(os.environ, DATABASE_URL=f"sqlite:{regie_db}", LOG_LEVEL="error")
        for name, extra in [("regie data import again, added up", []), ("regie data import again, --vervang", ["--vervang"])]:
            seconds, rss, out_again, _ = measure_rss([binary, "data", "import", *extra, folder], env=env)
            _, count, _ = measure(["sqlite3", regie_db, "select count(*) from observations"])
            assert int(count.strip()) == rows, f"after {name}: {count.strip()} observations, expected {rows}"
            results.append((name, seconds, rss))
            print(out_again.strip().splitlines()[-2] if len(out_again.strip().splitlines()) > 1 else out_again.strip(), file=sys.stderr)

    # (c) PostgreSQL.
    if args.database == "postgres":
        if not args.postgres_url:
            sys.exit("--database postgres needs --postgres-url or DATABASE_URL")
        psql_url = args.postgres_url
        create = ('DROP TABLE IF EXISTS benchmark_raw; CREATE TABLE benchmark_raw ("ID" text, "WijkenEnBuurten" text,'
                  ' "Perioden" text, "SoortMisdrijf" text, "GeregistreerdeMisdrijven_1" text);')
        measure(["psql", psql_url, "-q", "-v", "ON_ERROR_STOP=1", "-c", create])
        seconds, rss, _, _ = measure_rss(["psql", psql_url, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                                          f"\\copy benchmark_raw FROM '{data_file}' WITH (FORMAT csv, HEADER true)"])
        measure(["psql", psql_url, "-q", "-c", "DROP TABLE benchmark_raw"])
        results.append(("psql \\copy (raw, no checks)", seconds, rss))
        # PostgreSQL needs a master key outside the database (docs/accounts.md): one of the run's own.
        env = dict(os.environ, DATABASE_URL=psql_url, LOG_LEVEL="error",
                   REGIE_SLEUTELBESTAND=str(args.workdir / "regie.sleutel"))
        measure([binary, "migrate"], env=env)
        seconds, rss, out, _ = measure_rss([binary, "data", "import", "--vervang", folder], env=env)
        results.append(("regie data import (PostgreSQL)", seconds, rss))
        print(out.strip(), file=sys.stderr)
        # The baselines in the same schema: the same rows as Regie stores them (trimmed keys,
        # NULL for a missing figure), as a COPY text file, into `observations` with its unique
        # index and foreign key, under a data key of their own beside Regie's table (as Regie's
        # import writes beside the table it replaces). The text file is written beforehand and
        # not timed.
        tsv = folder / "observations.tsv"
        if not tsv.exists() or tsv.stat().st_mtime < data_file.stat().st_mtime:
            with open(data_file, encoding="utf-8", newline="") as source, open(str(tsv) + ".part", "w", encoding="utf-8", newline="") as target:
                reader = csv.reader(source)
                header = next(reader)
                measure_key = header[4]
                for _, region, period, crime, value in reader:
                    value = value.strip()
                    value = "\\N" if value in ("", ".") else value
                    target.write(f"~benchcopy\t{measure_key}\t{region.strip()}\t{period.strip()}\t{crime.strip()}\t{value}\n")
            os.replace(str(tsv) + ".part", tsv)
        key_row = ("INSERT INTO statistics_tables (identifier, title, category_dimensions, source, revision, observation_count,"
                   " imported_at, staging_of, is_example) VALUES ('~benchcopy', 'benchmark', 'SoortMisdrijf', 'benchmark', 0, 0,"
                   " now(), 'benchmark', false);")
        columns = "observations (table_identifier, measure, region, period, category, value)"
        cleanup = "DELETE FROM statistics_tables WHERE identifier = '~benchcopy';"
        measure(["psql", psql_url, "-q", "-v", "ON_ERROR_STOP=1", "-c", cleanup, "-c", key_row])
        seconds, rss, _, _ = measure_rss(["psql", psql_url, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                                          f"\\copy {columns} FROM '{tsv}'"])
        _, count, _ = measure(["psql", psql_url, "-tAq", "-c", "SELECT count(*) FROM observations WHERE table_identifier = '~benchcopy'"])
        assert int(count.strip()) == rows, count
        results.append(("psql \\copy into observations", seconds, rss))
        measure(["psql", psql_url, "-q", "-v", "ON_ERROR_STOP=1", "-c", cleanup, "-c", "VACUUM observations", "-c", key_row])
        # The other way an import could stage: COPY into a temporary table without an index, then
        # one INSERT … SELECT into `observations`, in one transaction.
        seconds, rss, _, _ = measure_rss(["psql", psql_url, "-q", "-v", "ON_ERROR_STOP=1", "-1",
                                          "-c", "CREATE TEMP TABLE staged (LIKE observations) ON COMMIT DROP",
                                          "-c", f"\\copy staged (table_identifier, measure, region, period, category, value) FROM '{tsv}'",
                                          "-c", f"INSERT INTO {columns} SELECT table_identifier, measure, region, period, category, value FROM staged"])
        _, count, _ = measure(["psql", psql_url, "-tAq", "-c", "SELECT count(*) FROM observations WHERE table_identifier = '~benchcopy'"])
        assert int(count.strip()) == rows, count
        results.append(("psql \\copy temp table + INSERT SELECT", seconds, rss))
        measure(["psql", psql_url, "-q", "-v", "ON_ERROR_STOP=1", "-c", cleanup, "-c", "VACUUM observations"])

    print()
    print(f"{rows:,} rows, {size_mb:,.0f} MB CSV ({data_file}); Regie's SQLite file {db_mb:,.0f} MB;"
          f" median of {args.repeat} run(s)")
    print(f"{'':38} {'wall s':>9} {'rows/s':>11} {'peak RSS MB':>12}")
    for name, seconds, rss in results:
        print(f"{name:38} {seconds:9.2f} {rows / seconds:11,.0f} {rss:12.0f}")
    rates = {name: rows / seconds for name, seconds, _ in results}
    if "sqlite3 .import (raw, no checks)" in rates:
        ratio = rates["regie data import (SQLite)"] / rates["sqlite3 .import (raw, no checks)"]
        print(f"ratio regie / sqlite3 .import: {ratio:.2f}")
    for name in ["regie data import again, added up", "regie data import again, --vervang"]:
        if name in rates:
            print(f"ratio {name[len('regie data import again, '):]} / first import: {rates[name] / rates['regie data import (SQLite)']:.2f}")
    if analysis:
        print(analysis)
    if "regie data import (PostgreSQL)" in rates:
        ratio = rates["regie data import (PostgreSQL)"] / rates["psql \\copy (raw, no checks)"]
        print(f"ratio regie (PostgreSQL) / psql \\copy into a plain table: {ratio:.2f}")
        ratio = rates["regie data import (PostgreSQL)"] / rates["psql \\copy into observations"]
        print(f"ratio regie (PostgreSQL) / psql \\copy into observations (same schema): {ratio:.2f}")


if __name__ == "__main__":
    main()
