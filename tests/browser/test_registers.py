"""The demo's registers at rest: a raw look at the SQLite files and the server log finds none of
the invented people, companies, addresses or texts that the registers seal (issue 17)."""
import glob
import sqlite3

from conftest import SERVER_FILES

# A sample of what Sources/RegieRegisters/DemoRegisters.swift seals: names, a date of birth as
# the JSON holds it is not text, KvK numbers, streets, postcodes, descriptions, minutes.
SEALED = ["Voorbeeld Jansen", "Voorbeeld de Vries", "Voorbeeld Bakker", "Voorbeeld Mulder",
          "Verzonnen Autohandel", "Fictief Nagelstudio", "Voorbeeld Opslag", "90000011", "90000022", "90000033",
          "Verzonnenweg", "Fictiestraat", "Voorbeeldkade", "9501 XA", "9581 XB", "9501 XC",
          "Verzonnen voorbeeld: ", "Verzonnen notulen", "wijkagent (verzonnen)"]


def test_demo_registers_hold_records(server):
    with sqlite3.connect(SERVER_FILES["database"]) as db:
        kinds = dict(db.execute("SELECT kind, count(*) FROM register_entries GROUP BY kind").fetchall())
        names = [row[0] for row in db.execute("SELECT definition FROM registers")]
    assert kinds.get("signaal") == 36 and kinds.get("incident") == 72 and kinds.get("overleg") == 2, kinds
    assert all("voorbeeldgegevens" in name for name in names), "the demo registers say they hold invented data"


def test_no_plaintext_in_database_files_or_log(server):
    files = glob.glob(SERVER_FILES["database"] + "*") + [SERVER_FILES["log"]]
    assert len(files) >= 2
    for path in files:
        data = open(path, "rb").read()
        for secret in SEALED:
            assert secret.encode() not in data, f"{secret!r} staat leesbaar in {path}"
