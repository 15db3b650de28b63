#!/usr/bin/env python3
"""Writes the example figures that `regie serve --demo` imports (examples/cijfers/).

The crime counts are INVENTED: drawn at random around the real national rates per crime type
(police open data, table 47018NED, NL_Crime.csv) for the example municipalities, so that the
analysis pages have something to show. The tables' titles say so. The files use the exact
official OData CSV layout, so the demo goes through the same importer as real downloads.
Region names, district names and population figures are real (CBS 47018NED metadata,
37230ned, 85984NED).

Run from the repository root: python3 scripts/make-example-figures.py
"""
import csv, math, os, random, shutil, sys

OPENDATA = os.environ.get("REGIE_OPENDATA", "../shared/data/opendata")
FIXTURES = "Tests/RegieTests/Fixtures"
OUT = "examples/cijfers"
MUNICIPALITIES = ["GM0037", "GM0222", "GM0757", "GM0797", "GM0845", "GM0865", "GM1948"]
YEARS = list(range(2019, 2024))
# Crime types the default series use, with a made-up yearly trend factor for the story.
TYPES = {"0.0.0": 1.0, "1.1.1": 0.93, "1.1.2": 0.97, "1.2.1": 0.98, "1.2.2": 1.0, "1.2.3": 0.97, "1.2.5": 1.0,
         "1.3.1": 1.0, "1.4.1": 1.03, "1.4.2": 1.0, "1.4.3": 1.0, "1.4.4": 1.02, "1.4.5": 1.0, "1.4.6": 0.95,
         "1.4.7": 0.95, "1.6.1": 1.0, "1.6.3": 1.0, "2.1.1": 1.0, "2.2.1": 1.0, "2.5.1": 1.0, "2.5.2": 1.04,
         "2.6.2": 1.0, "2.7.2": 1.0, "3.1.1": 1.0, "3.1.3": 1.0, "3.5.2": 1.0, "3.6.4": 1.0, "3.7.1": 1.0,
         "3.7.4": 1.08, "3.9.1": 1.06, "3.9.2": 1.0, "3.9.3": 1.0}
# Seasonal weight per month for the monthly table (more burglaries in the dark months).
SEASON = {"1.1.1": [1.4, 1.2, 1.0, 0.8, 0.7, 0.6, 0.7, 0.8, 0.9, 1.2, 1.4, 1.5]}


def read(path, delimiter=","):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def poisson(rng, mean):
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def write(path, header, rows):
    if os.path.exists(path):
        os.chmod(path, 0o644)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(header)
        w.writerows(rows)


def main():
    rng = random.Random(20261127)
    national = {}
    for row in read(os.path.join(OPENDATA, "politie-47018NED-nederland/NL_Crime.csv")):
        code = row["incident_type_code"].split(" ")[0] if row["incident_type_code"][0].isdigit() else "0.0.0"
        national[(code, int(row["year"]))] = float(row["incident_count"])
    population = {}
    for row in read(os.path.join(OPENDATA, "cbs-37230ned-bevolking-gemeenten-typeddataset.csv"), ";"):
        value = row["BevolkingAanHetBeginVanDePeriode_1"].strip()
        if value not in ("", "."):
            population[(row["RegioS"].strip(), int(row["Perioden"][:4]))] = float(value)
    nl_population = {y: sum(v for (r, yy), v in population.items() if yy == y) for y in YEARS}
    regions = read(os.path.join(FIXTURES, "politie-47018NED/WijkenEnBuurten.csv"))
    districts = [r for r in regions if r["Key"].startswith("WK") and r["Key"][2:6] in {m[2:] for m in MUNICIPALITIES}]
    kept = [r for r in regions if r["Key"].strip() == "NL00" or r["Key"].strip() in MUNICIPALITIES] + districts
    buurt = read(os.path.join(OPENDATA, "cbs-85984NED-bevolking-buurt/inwoners-per-buurt-2024.csv"))
    district_population = {}
    for row in buurt:
        district = "WK" + row["nhood_id"][2:8]
        district_population[district] = district_population.get(district, 0) + int(row["population"])

    shutil.rmtree(OUT, ignore_errors=True)
    for name, monthly in (("voorbeeld-misdrijven-per-jaar", False), ("voorbeeld-misdrijven-per-maand", True)):
        folder = os.path.join(OUT, name)
        os.makedirs(folder)
        metadata = os.path.join(FIXTURES, "politie-47018NED")
        for file in ("DataProperties.csv", "SoortMisdrijf.csv"):
            shutil.copy(os.path.join(metadata, file), folder)
            os.chmod(os.path.join(folder, file), 0o644)
        identifier = "VOORBEELD-MAAND" if monthly else "VOORBEELD-JAAR"
        write(os.path.join(folder, "TableInfos.csv"), ["ID", "Title", "ShortTitle", "Identifier", "Summary"],
              [[0, "VERZONNEN voorbeeldcijfers misdrijven per " + ("maand" if monthly else "jaar") + " (geen echte politiecijfers)",
                "Voorbeeldcijfers", identifier, "Gemaakt door scripts/make-example-figures.py rond de landelijke cijfers."]])
        write(os.path.join(folder, "WijkenEnBuurten.csv"), list(regions[0].keys()),
              [[r[k] for k in regions[0].keys()] for r in (kept if not monthly else [r for r in kept if not r["Key"].startswith("WK")])])
        periods = [(f"{y}MM{m:02d}", str(y) + " " + ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                    "september", "oktober", "november", "december"][m - 1], y, m) for y in YEARS for m in range(1, 13)] if monthly \
            else [(f"{y}JJ00", str(y), y, None) for y in YEARS]
        write(os.path.join(folder, "Perioden.csv"), ["Key", "Title", "Description", "Status"],
              [[key, title, "", "Definitief"] for key, title, _, _ in periods])
        rows, number = [], 0
        codes = list(TYPES)
        for region in kept:
            key = region["Key"].strip()
            if monthly and key.startswith("WK"):
                continue
            for period, _, year, month in periods:
                if key == "NL00":
                    inhabitants = nl_population[year]
                elif key.startswith("GM"):
                    inhabitants = population.get((key, year), 0)
                else:
                    inhabitants = district_population.get(key, 0)
                local = 0.8 + 0.4 * ((sum(map(ord, key)) * 37 % 100) / 100.0)
                for code in codes:
                    base = national.get((code, year), national.get((code, 2023), 0)) / nl_population[year] * inhabitants
                    trend = TYPES[code] ** (year - YEARS[0])
                    mean = base * (1 if key == "NL00" else local * trend)
                    if monthly:
                        # Spread over the months by their number of days, and by season where set.
                        days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
                        weights = [d * w for d, w in zip(days, SEASON.get(code, [1] * 12))]
                        mean = mean * weights[month - 1] / sum(weights)
                    value = "." if (key.startswith("WK") and code == "1.6.3") else str(poisson(rng, mean) if key != "NL00" else round(mean))
                    rows.append([number, region["Key"], period, code.ljust(6), value])
                    number += 1
        # Keep the total consistent with its parts is not attempted: 0.0.0 is drawn on its own.
        write(os.path.join(folder, "data.csv"), ["ID", "WijkenEnBuurten", "Perioden", "SoortMisdrijf", "GeregistreerdeMisdrijven_1"], rows)
        print(f"{folder}: {len(rows)} rijen")

    shutil.copy(os.path.join(OPENDATA, "cbs-37230ned-bevolking-gemeenten-typeddataset.csv"), os.path.join(OUT, "cbs-37230ned-bevolking-gemeenten.csv"))
    os.chmod(os.path.join(OUT, "cbs-37230ned-bevolking-gemeenten.csv"), 0o644)
    with open(os.path.join(OUT, "cbs-85984NED-inwoners-per-wijk-2024.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL)
        w.writerow(["ID", "WijkenEnBuurten", "Perioden", "AantalInwoners_5"])
        for i, r in enumerate(sorted(d["Key"].strip() for d in districts)):
            if r in district_population:
                w.writerow([i, r, "2024JJ00", district_population[r]])
    print("bevolking gekopieerd; inwoners per wijk opgeteld uit de buurten van 85984NED")


if __name__ == "__main__":
    sys.exit(main())
