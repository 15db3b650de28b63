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


# MARK: A signal from intake through the case table to a decision, as its owner works


def test_signal_from_intake_to_decision(server, browser, axe_results):
    from selenium.webdriver.common.by import By
    from conftest import (assert_fits, choose, fill, follow, h1, login, logout, main_text, open_page, path_of, press, selected_label, type_date)

    d = browser
    d.set_window_size(1366, 900)

    def check(label):
        serious = axe_results.check(d, label, "registers.stadskanaal")
        assert not serious, f"{label}: {serious}"
        assert_fits(d)

    # The officer who is in no register finds nothing, not even the register's address.
    login(d, server, "registers.stadskanaal")
    follow(d, "Registers")
    check("registers: lijst")
    follow(d, "Register ondermijningssignalen (voorbeeldgegevens)")
    register_path = path_of(d)
    assert "OS-" in main_text(d) and "Casustafel" in main_text(d)
    check("registers: ondermijningssignalen")

    # Intake, first with a mistake: a KvK number of 7 digits.
    follow(d, "Nieuw signaal")
    check("registers: nieuw signaal")
    choose(d, "bron", "partner")
    d.find_element(By.CSS_SELECTOR, "input[name=fenomeen][value=vastgoed]").click()
    choose(d, "urgentie", "hoog")
    choose(d, "ernst", "middel")
    fill(d, "wijk", "Musselkanaal")
    fill(d, "omschrijving", "Testsignaal: leegstaand bedrijfspand wordt 's nachts bezocht.")
    choose(d, "betrokkene-1-soort", "bedrijf")
    fill(d, "betrokkene-1-naam", "Testpand Beheer BV")
    fill(d, "betrokkene-1-kvk", "1234567")
    press(d, "Signaal vastleggen")
    assert "Een KvK-nummer heeft 8 cijfers" in main_text(d)
    assert d.find_element(By.NAME, "omschrijving").get_attribute("value").startswith("Testsignaal"), "what was typed is kept"
    fill(d, "betrokkene-1-kvk", "12345678")
    press(d, "Signaal vastleggen")
    assert h1(d).startswith("Signaal OS-"), main_text(d)
    reference = h1(d).removeprefix("Signaal ")
    assert "Testpand Beheer BV" in main_text(d) and "vastgoed" in main_text(d)
    assert "Testpand" not in d.current_url and "12345678" not in d.current_url
    check("registers: signaal")

    # The lookup finds it by KvK number; the number is posted, not put in the address.
    open_page(d, server + register_path)
    choose(d, "soort", "KvK-nummer")
    fill(d, "kvk", "12345678")
    press(d, "Zoeken")
    assert f"Bekend in: {reference}" in main_text(d), main_text(d)
    assert "12345678" not in d.current_url

    # The case table: plan a meeting with the new signal on the agenda.
    open_page(d, server + register_path)
    follow(d, "Casustafel plannen")
    type_date(d, "datum", "2026-12-10")
    d.find_element(By.XPATH, f"//label[starts-with(normalize-space(), '{reference} ')]").click()
    press(d, "Casustafel plannen")
    assert "De casustafel is gepland" in main_text(d), main_text(d)
    check("registers: casustafel")

    # A decision without attendance is refused by the server too (the browser's own check on
    # the required field is switched off here), with what was chosen kept.
    decision = d.find_element(By.CSS_SELECTOR, "select[name^=besluit-]").get_attribute("name")
    key = decision.removeprefix("besluit-")
    choose(d, decision, "bestuurlijke interventie")
    d.execute_script("document.getElementsByName('aanwezig')[0].removeAttribute('required')")
    press(d, "Besluiten vastleggen")
    assert "Noem wie er aanwezig waren" in main_text(d)
    assert selected_label(d, decision) == "bestuurlijke interventie"
    fill(d, "aanwezig", "Testvoorzitter (gemeente)\nTestrechercheur (politie)")
    choose(d, decision, "bestuurlijke interventie")
    fill(d, f"toelichting-{key}", "Bibob-toets en controle van het pand.")
    fill(d, f"taak-{key}", "Controle pand met de politie plannen")
    choose(d, f"taak-eigenaar-{key}", "Demo regisseur ondermijning en zorg-veiligheid Stadskanaal")
    type_date(d, f"taak-datum-{key}", "2027-01-15")
    fill(d, "verslag", "Testverslag: het pand wordt gecontroleerd.")
    press(d, "Besluiten vastleggen")
    text = main_text(d)
    assert "De besluiten zijn vastgelegd" in text, text
    assert "bestuurlijke interventie" in text and "Controle pand met de politie plannen" in text and "15 januari 2027" in text
    check("registers: casustafel afgerond")

    # The signal now says what was decided.
    follow(d, reference)
    assert "in opvolging" in main_text(d) and "bestuurlijke interventie" in main_text(d)

    # As the register's owner: keep the case past its period while an objection runs (a reason
    # too short first), restrict what a subject-access answer shows, and lift the hold again.
    assert "Bewaren en inzage" in main_text(d)
    fill(d, "bewaarplicht-reden", "kort")
    press(d, "Bewaarplicht vastleggen")
    assert "Noem de grond van de bewaarplicht" in main_text(d), main_text(d)
    link = d.find_element(By.CSS_SELECTOR, ".error-summary a").get_attribute("href")
    assert link.endswith("#veld-bewaarplicht-reden"), link
    fill(d, "bewaarplicht-reden", "Bezwaarprocedure tegen de sluiting loopt nog")
    press(d, "Bewaarplicht vastleggen")
    assert "De bewaarplicht is vastgelegd" in main_text(d)
    assert "Er geldt een bewaarplicht: Bezwaarprocedure tegen de sluiting loopt nog" in main_text(d)
    fill(d, "beperking-reden", "Art. 41 lid 1 sub d UAVG: het strafrechtelijk onderzoek loopt")
    press(d, "Inzage beperken")
    assert "De beperking van inzage is vastgelegd" in main_text(d)
    assert "het strafrechtelijk onderzoek loopt" in main_text(d)
    check("registers: bewaren en inzage")
    press(d, "Bewaarplicht opheffen")
    assert "De bewaarplicht is opgeheven" in main_text(d)
    assert "Er geldt een bewaarplicht" not in main_text(d)

    # Phone width: the same pages read and work.
    d.set_window_size(390, 844)
    open_page(d, server + register_path)
    assert_fits(d)
    d.set_window_size(1366, 900)
    logout(d)

    # Someone in no register: no registers listed, and the register's address is "not found".
    login(d, server, "beleid.stadskanaal")
    follow(d, "Registers")
    assert "U bent van geen enkel register lid" in main_text(d)
    assert "ondermijning" not in main_text(d).lower()
    assert open_page(d, server + register_path) == 404
    assert "Testpand" not in main_text(d)

    # What does leave the register: last year's count as the indicator's measurement, small
    # numbers as "<5". The officer sees the count, never a record.
    for width in (1366, 390):
        d.set_window_size(width, 900 if width > 500 else 844)
        open_page(d, server + "/plannen/stadskanaal-2020-2024/uitvoering/indicatoren/ondermijning-signalen-witwassen")
        text = main_text(d)
        assert "Aantallen uit het register" in text, text
        assert "na onderdrukking van kleine aantallen" in text, text
        # The demo took over every complete year at seeding; the page says so in a plain sentence.
        assert "De aantallen van alle afgelopen jaren staan al bij de metingen" in text, text
        assert "OS-" not in text and "Testpand" not in text
        check(f"registers: indicator uit register ({width})")
    d.set_window_size(1366, 900)
    logout(d)
