#!/usr/bin/env python3
"""Regenerates Regie's built-in code lists (Sources/RegieImporter/CodeLists/) from the official
open-data files: the CBS municipal division 1990-2025 and the metadata of the police tables.

    python3 scripts/make-code-lists.py [OPENDATA_FOLDER]

OPENDATA_FOLDER defaults to ../shared/data/opendata (beside the repository). The files written
are `;`-separated UTF-8 with LF line ends; see CodeLists/BRONNEN.md for what each holds.
"""
import csv
import io
import os
import re
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Sources", "RegieImporter", "CodeLists")
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "opendata")

DIVISION = "cbs-gemeentelijke-indeling-1990-2025.csv"
BULK_47013 = "politie-47013NED-bulk-metadata.csv"
FOLDER_47018 = "politie-47018NED-metadata"
LIST_47022 = "politie-47022NED-soortmisdrijf-bom-crlf.csv"
FOLDER_85984 = "cbs-85984NED-bevolking-buurt"

# Names people use for a municipality instead of its official CBS name. Used only to suggest
# the official name in a message; they never resolve on their own.
COMMON_NAMES = [("Den Haag", "'s-Gravenhage"), ("Den Bosch", "'s-Hertogenbosch")]


def path(*parts):
    return os.path.join(SOURCE, *parts)


def read_csv(file, delimiter=","):
    with open(file, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def read_bulk(file):
    """The sections of a CBS bulk metadata file: name -> rows as dictionaries."""
    with open(file, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    sections, name, header = {}, None, None
    for row in rows:
        if not any(field.strip() for field in row):
            continue
        if header is not None and re.match(r"^[A-Za-z][A-Za-z0-9_]*$", row[0].strip()) and not any(f.strip() for f in row[1:]):
            name, header = row[0].strip(), None
            sections[name] = []
            continue
        if name is None:
            name, header = row[0].strip(), None
            sections[name] = []
            continue
        if header is None:
            header = [field.strip() for field in row]
            continue
        sections[name].append({column: value for column, value in zip(header, row) if column})
    return sections


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{name}: {len(rows)} regels")


def municipalities():
    """One row per run of years in which a code carried one name in one province."""
    rows = read_csv(path(DIVISION), delimiter=";")
    runs = OrderedDict()
    for row in sorted(rows, key=lambda r: (r["gemeentecode"], int(r["jaar"]))):
        key = (row["gemeentecode"], row["gemeentenaam"], row["provinciecode"])
        year = int(row["jaar"])
        run = runs.get(key)
        if run is None:
            runs[key] = run = {"begin": row["begindatum"], "end": row["einddatum"], "first": year, "last": year}
        run["last"] = max(run["last"], year)
        run["first"] = min(run["first"], year)
        if row["einddatum"]:
            run["end"] = row["einddatum"]
    last_year = max(int(r["jaar"]) for r in rows)
    out = []
    for (code, name, province), run in sorted(runs.items(), key=lambda item: (item[0][0], item[1]["first"])):
        out.append([code, name, province, run["begin"], run["end"], run["first"], run["last"]])
    write("gemeenten.csv", ["code", "naam", "provinciecode", "begindatum", "einddatum", "eerste_jaar", "laatste_jaar"], out)
    provinces = OrderedDict()
    for row in rows:
        provinces[row["provinciecode"]] = row["provincienaam"]
    return provinces, last_year


def known_pairs():
    rows = read_csv(path(DIVISION), delimiter=";")
    return {(r["gemeentecode"], r["gemeentenaam"]) for r in rows}


def main():
    os.makedirs(OUT, exist_ok=True)
    provinces, _ = municipalities()
    write("provincies.csv", ["code", "naam", "statline_naam"],
          [["NL00", "Nederland", "Nederland"]] + [[code, name, f"{name} (PV)"] for code, name in sorted(provinces.items())])
    write("roepnamen.csv", ["naam", "officiele_naam"], [list(pair) for pair in COMMON_NAMES])

    bulk = read_bulk(path(BULK_47013))
    folder18 = {base: read_csv(path(FOLDER_47018, f"{base}.csv")) for base in ["TableInfos", "DataProperties", "SoortMisdrijf", "WijkenEnBuurten"]}
    folder85 = {base: read_csv(path(FOLDER_85984, f"{base}.csv")) for base in ["TableInfos", "DataProperties"]}

    # Region names of the police tables that the division and the province list do not hold:
    # the country, parts of the country, police units, StatLine's "(gemeente)" spellings,
    # "Buitenland" and the like. Districts and neighbourhoods are left out (too many; they come
    # from a table's own metadata).
    pairs = known_pairs()
    standard = {("NL00", "Nederland")} | {(code, f"{name} (PV)") for code, name in provinces.items()}
    regions = []
    for table, rows in [("47013NED", bulk["RegioS"]), ("47018NED", folder18["WijkenEnBuurten"])]:
        for row in rows:
            code, name = row["Key"].strip(), row["Title"].strip()
            if code[:2] in ("WK", "BU") or (code, name) in pairs or (code, name) in standard:
                continue
            regions.append([table, code, name])
    write("regios-per-tabel.csv", ["tabel", "code", "naam"], regions)

    crime = []
    for table, rows in [("47013NED", bulk["SoortMisdrijf"]), ("47018NED", folder18["SoortMisdrijf"]),
                        ("47022NED", read_csv(path(LIST_47022), delimiter=";"))]:
        for row in rows:
            crime.append([table, row["Key"].strip(), row["Title"].strip()])
    write("soort-misdrijf.csv", ["tabel", "code", "titel"], crime)

    tables, structure = [], []
    kinds = {"Dimension": "dimensie", "GeoDimension": "regio", "GeoDetail": "regio", "TimeDimension": "periode", "Topic": "onderwerp"}
    for info, properties in [(bulk["TableInfos"], bulk["DataProperties"]), (folder18["TableInfos"], folder18["DataProperties"]),
                             (folder85["TableInfos"], folder85["DataProperties"])]:
        table = info[0]
        identifier = table["Identifier"].strip()
        tables.append([identifier, table["Title"].strip(), table["ShortTitle"].strip(), table["Modified"][:10], table["Period"].strip()])
        for row in properties:
            kind = kinds.get(row["Type"].strip())
            if kind is None or (kind == "onderwerp" and row.get("Datatype", "").strip() == "String"):
                continue
            structure.append([identifier, kind, row["Key"].strip(), row["Title"].strip(), (row.get("Unit") or "").strip()])
    write("tabellen.csv", ["tabel", "titel", "korte_titel", "gewijzigd", "perioden"], tables)
    write("tabelindeling.csv", ["tabel", "soort", "sleutel", "titel", "eenheid"], structure)


if __name__ == "__main__":
    main()
