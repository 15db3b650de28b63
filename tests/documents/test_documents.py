"""The council documents as a user gets them: every document of every example plan downloaded
from a running `regie serve --demo`, then opened with independent readers.

- DOCX: python-docx reads headings (Word's built-in heading styles), tables with a repeating
  header row, and the core properties (title, municipality, status, Dutch).
- PDF (made by Regie through LibreOffice from the same DOCX): pdfinfo says tagged and counts
  the pages; pdftotext gives the text, which holds no contact person of the examples.
- A house-style template made with python-docx is uploaded by a beheerder; its heading font
  and header text must show up in the DOCX and the PDF.
- Sending to the council freezes the files: the SHA-256 on the versions page is that of the
  file served; the raadspakket has the PDFs and a metadata file.

Page images of the first pages of the Stadskanaal progress report and proposal are written to
/tmp/regie-documents (pdftoppm), for looking at."""
import hashlib
import http.client
import io
import json
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.parse
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("REGIE_BINARY") or ROOT / ".build" / "debug" / "regie")
ARTIFACTS = Path("/tmp/regie-documents")
PASSWORD = "samen werken aan veiligheid"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Each example plan with a demo officer who may prepare its documents.
PLANS = {
    "stadskanaal-2020-2024": "beleid.stadskanaal",
    "basisteam-meierij-2023-2026": "beleid.boxtel",
    "doetinchem-2020-2023": "beleid.doetinchem",
    "lindewaarde-2025-2028": "beleid.lindewaarde",
}


class Client:
    """A signed-in browser without the browser: a kept-alive connection and its cookies."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=180)

    def request(self, method, path, body=None, content_type=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if content_type:
            headers["content-type"] = content_type
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, data, {k.lower(): v for k, v in response.getheaders()}

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields), "application/x-www-form-urlencoded")

    def csrf(self, html):
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    def sign_in(self, username):
        _, page, _ = self.get("/inloggen")
        status, _, _ = self.post("/inloggen", {"csrf": self.csrf(page.decode()), "gebruikersnaam": username, "wachtwoord": PASSWORD})
        assert status == 303, f"signing in as {username}: {status}"
        return self


@pytest.fixture(scope="module")
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tempfile.mkdtemp(prefix="regie-documents-")
    env = dict(os.environ, REGIE_SQLITE_PATH=os.path.join(workdir, "regie.sqlite"))
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(workdir, "server.log"), "w")
    process = subprocess.Popen([str(BINARY), "serve", "--demo", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    for _ in range(480):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.25)
    ARTIFACTS.mkdir(exist_ok=True)
    yield port
    process.terminate()
    process.wait(timeout=20)


def personal_data():
    """Names, e-mail addresses and phone numbers of every example's contact persons."""
    values = set()
    for path in (ROOT / "examples").glob("*.yaml"):
        plan = yaml.safe_load(path.read_text())
        for partner in plan.get("partners", []) or []:
            for contact in partner.get("contactpersonen", []) or []:
                values.update(str(contact[k]) for k in ("naam", "email", "telefoon") if contact.get(k))
    assert values, "the examples name contact persons, so the check is not empty"
    return values


def pdf_info(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
        text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in fields.items()}, text


def document_links(client, plan):
    status, page, _ = client.get(f"/plannen/{plan}/stukken")
    assert status == 200
    return sorted(set(re.findall(rf'href="(/plannen/{plan}/stukken/[A-Za-z0-9-]+)/docx"', page.decode())))


def check_docx(data, where):
    document = docx.Document(io.BytesIO(data))
    properties = document.core_properties
    assert properties.title, where
    assert properties.language == "nl-NL", where
    assert properties.author and not properties.author.startswith("Demo"), where
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings or "raadsbesluit" in where, f"{where}: no headings"
    for table in document.tables:
        first = table.rows[0]._tr
        header = first.find(f"{W}trPr/{W}tblHeader")
        has_header_cells = any(c.text for c in table.rows[0].cells)
        assert header is not None or not has_header_cells or len(table.columns) == 2, f"{where}: a table without a repeating header row"
    return document


def test_every_document_of_every_example_opens_in_word_readers_and_as_tagged_pdf(server):
    personal = personal_data()
    counted = {"docx": 0, "pdf": 0}
    for plan, officer in PLANS.items():
        client = Client(server).sign_in(officer)
        links = document_links(client, plan)
        assert len(links) >= 4, plan
        for link in links:
            status, data, headers = client.get(link + "/docx")
            assert status == 200, f"{link}: {status} {data[:300]}"
            assert headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            document = check_docx(data, link)
            text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
            for value in personal:
                assert value not in text, f"{link}: DOCX holds {value}"
            counted["docx"] += 1
            status, pdf, _ = client.get(link + "/pdf")
            assert status == 200, f"{link}.pdf: {status} {pdf[:300]}"
            info, text = pdf_info(pdf)
            assert info["Tagged"] == "yes", link
            assert int(info["Pages"]) >= 1
            assert info["Title"], link
            for value in personal:
                assert value not in text, f"{link}: PDF holds {value}"
            counted["pdf"] += 1
            status, page, _ = client.get(link + "/html")
            assert status == 200 and b'<html lang="nl"' in page and b"@media print" in page
    print(f"\n{counted['docx']} DOCX and {counted['pdf']} PDF documents checked")
    assert counted["pdf"] >= 60


def test_stadskanaal_report_and_proposal_read_back_with_charts_tables_and_page_images(server):
    client = Client(server).sign_in("beleid.stadskanaal")
    base = "/plannen/stadskanaal-2020-2024/stukken"
    status, data, _ = client.get(base + "/voortgangsrapportage-2024/docx")
    document = check_docx(data, "voortgangsrapportage-2024")
    names = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for chapter in ["Samenvatting en kernboodschap", "Cijfermatig beeld", "Voortgang per prioriteit", "Inzet bestuurlijke instrumenten",
                    "Financiële verantwoording", "Vooruitblik"]:
        assert chapter in names
    assert len(document.tables) >= 8
    assert document.core_properties.category == "Voortgangsrapportage"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("word/charts/")]
        body = z.read("word/document.xml").decode()
    assert charts, "the police figures come as native charts"
    assert 'descr="Lijngrafiek van' in body, "each chart has a text alternative"
    assert "TOC \\o" in body
    for name in ["voortgangsrapportage-2024", "raadsvoorstel"]:
        status, pdf, _ = client.get(f"{base}/{name}/pdf")
        assert status == 200
        info, text = pdf_info(pdf)
        assert info["Tagged"] == "yes"
        (ARTIFACTS / f"stadskanaal-{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "4", "-png", str(ARTIFACTS / f"stadskanaal-{name}.pdf"),
                        str(ARTIFACTS / f"stadskanaal-{name}")], check=True)
        if name == "raadsvoorstel":
            assert "Beslispunten" in text and "Artikel 38b van de Politiewet 2012" in text
    status, decision, _ = client.get(base + "/raadsbesluit/docx")
    lines = [p.text for p in docx.Document(io.BytesIO(decision)).paragraphs]
    assert "De raad van de gemeente Stadskanaal;" in lines
    assert "gelet op artikel 38b van de Politiewet 2012;" in lines


def make_template():
    """A municipality's template as Word would save one: its own heading font and colour, and a
    header with the municipality's name."""
    template = docx.Document()
    heading = template.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.size = docx.shared.Pt(20)
    heading.font.color.rgb = docx.shared.RGBColor(0x8B, 0x00, 0x00)
    template.sections[0].header.paragraphs[0].text = "Gemeente Stadskanaal · huisstijl"
    template.add_paragraph("Sjabloon")
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def upload(client, name, data):
    _, page, _ = client.get("/beheer/huisstijl")
    boundary = "----regie-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{client.csrf(page.decode())}\r\n'.encode(),
             f'--{boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
             + data + b"\r\n", f"--{boundary}--\r\n".encode()]
    return client.request("POST", "/beheer/huisstijl", b"".join(parts), f"multipart/form-data; boundary={boundary}")


def test_house_style_template_is_used_and_bad_templates_are_refused(server):
    admin = Client(server).sign_in("beheerder.stadskanaal")
    status, page, _ = upload(admin, "notities.docx", b"Dit is geen Word-bestand")
    assert status == 422 and "Dit is geen Word-bestand. Kies een Word-sjabloon" in page.decode()
    ole = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(512) + "EncryptionInfo".encode("utf-16-le")
    status, page, _ = upload(admin, "beveiligd.docx", ole)
    assert status == 422 and "met een wachtwoord beveiligd" in page.decode()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", bytes(60 * 1024 * 1024))
    status, page, _ = upload(admin, "bom.docx", bomb.getvalue())
    assert status == 422 and "pakt uit tot veel meer" in page.decode()

    status, _, headers = upload(admin, "huisstijl-stadskanaal.docx", make_template())
    assert status == 303, status
    status, page, _ = admin.get("/beheer/huisstijl")
    assert "huisstijl-stadskanaal.docx" in page.decode()

    officer = Client(server).sign_in("beleid.stadskanaal")
    # Every document of the municipality gets the template: its heading style and its header.
    links = document_links(officer, "stadskanaal-2020-2024")
    for link in links:
        status, data, _ = officer.get(link + "/docx")
        assert status == 200
        document = check_docx(data, link)
        heading = document.styles["Heading 1"]
        assert heading.font.name == "Georgia" and str(heading.font.color.rgb) == "8B0000", link
        assert any("huisstijl" in p.text for p in document.sections[0].header.paragraphs), link
        if "raadsbesluit" not in link:
            assert any(p.style.name == "Heading 1" for p in document.paragraphs), link
    assert len(links) >= 10
    status, pdf, _ = officer.get("/plannen/stadskanaal-2020-2024/stukken/voortgangsrapportage-2023/pdf")
    info, text = pdf_info(pdf)
    assert "Gemeente Stadskanaal · huisstijl" in text and info["Tagged"] == "yes"
    (ARTIFACTS / "stadskanaal-huisstijl.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "2", "-png", str(ARTIFACTS / "stadskanaal-huisstijl.pdf"),
                    str(ARTIFACTS / "stadskanaal-huisstijl")], check=True)
    # Back to Regie's own style for the other tests.
    _, page, _ = admin.get("/beheer/huisstijl")
    status, _, _ = admin.post("/beheer/huisstijl/verwijderen", {"csrf": admin.csrf(page.decode())})
    assert status == 200


def test_sending_freezes_the_files_and_the_council_package_has_pdfs_and_metadata(server):
    officer = Client(server).sign_in("beleid.stadskanaal")
    plan = "/plannen/stadskanaal-2020-2024"
    _, page, _ = officer.get(plan + "/stukken")
    html = page.decode()
    revision = re.search(r'action="/plannen/stadskanaal-2020-2024/stukken/raadsvoorstel/verzenden".*?name="revisie" value="(\d+)"', html, re.S).group(1)
    status, _, headers = officer.post(plan + "/stukken/raadsvoorstel/verzenden", {"csrf": officer.csrf(html), "revisie": revision})
    assert status == 303, status
    _, versions, _ = officer.get(plan + "/stukken/raadsvoorstel/versies")
    listed = dict(re.findall(r'href="[^"]+/versies/1/(docx|pdf|html)">[^<]+</a>[^<]*<code>([0-9a-f]{64})</code>', versions.decode()))
    assert set(listed) == {"docx", "pdf", "html"}
    for fmt, sha in listed.items():
        status, data, _ = officer.get(f"{plan}/stukken/raadsvoorstel/versies/1/{fmt}")
        assert status == 200 and hashlib.sha256(data).hexdigest() == sha
    again = officer.post(plan + "/stukken/raadsvoorstel/verzenden", {"csrf": officer.csrf(html), "revisie": revision})
    assert again[0] == 409 and "al op" in again[1].decode()

    status, data, headers = officer.get(plan + "/raadspakket")
    assert status == 200 and headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        metadata = json.loads(z.read("metadata.json"))
        assert sum(n.endswith(".pdf") for n in names) == 3
        for item in metadata["documenten"]:
            assert hashlib.sha256(z.read(item["bestand"])).hexdigest() == item["sha256"]
    assert metadata["vertrouwelijkheid"] == "openbaar" and metadata["gemeente"] == "Stadskanaal"
    assert any(d["status"].startswith("Aangeboden aan de raad") for d in metadata["documenten"])
    # The council member reads the sent proposal but cannot make drafts.
    council = Client(server).sign_in("raad.stadskanaal")
    assert council.get(plan + "/stukken/raadsvoorstel/versies/1/pdf")[0] == 200
    assert council.get(plan + "/stukken/raadsvoorstel/pdf")[0] == 403
    assert council.get(plan + "/raadspakket")[0] == 403


def test_subject_access_answer_opens_in_word_readers(server):
    """The owner of the demo registers answers an inzageverzoek for an invented person: the DOCX
    opens in python-docx and in LibreOffice, lists the person's records, and never names a reporter."""
    client = Client(server).sign_in("registers.stadskanaal")
    _, page, _ = client.get("/registers")
    status, data, headers = client.post("/registers/inzageverzoek", {
        "csrf": client.csrf(page.decode()), "soort": "persoon", "naam": "Voorbeeld Jansen (verzonnen)", "geboortedatum": "1979-03-14"})
    assert status == 200, data[:400]
    assert "Jansen" not in headers["content-disposition"]
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.core_properties.title == "Overzicht bij uw inzageverzoek"
    assert re.search(r"registratie OS-\d{4}-\d{4}", text), text[:500]
    assert "persoon: Voorbeeld Jansen (verzonnen), geboren 1979-03-14" in text
    assert "wijkagent" not in text and "Uw rechten" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Aan wie verstrekt" in headings
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inzage.docx"
        path.write_bytes(data)
        # A profile of its own, so this reader never meets Regie's own LibreOffice.
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profiel", "--headless", "--convert-to", "pdf", "--outdir", folder, str(path)],
                       check=True, capture_output=True, timeout=180)
        info, pdf_text = pdf_info((Path(folder) / "inzage.pdf").read_bytes())
    assert int(info["Pages"]) >= 1
    assert "Overzicht bij uw inzageverzoek" in pdf_text and "Voorbeeld Jansen" in pdf_text
