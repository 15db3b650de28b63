"""A beheerder imports an open-data file in the browser (issue 12, point 10): the file input is
filled with `send_keys` as a person picks a file, the status page refreshes itself without
JavaScript until the import is done, and a broken file says what is wrong and stores nothing."""
import time

from selenium.webdriver.common.by import By

from conftest import WAIT, follow, h1, layout_problems, layout_problems_at_widths, login, main_text, path_of, press, run_axe


def wait_until_done(driver) -> str:
    """Waits while the status page refreshes itself (meta refresh), returns the final text."""
    deadline = time.time() + WAIT * 4
    while time.time() < deadline:
        if not h1(driver).startswith("Bezig"):
            return main_text(driver)
        time.sleep(0.5)
    raise AssertionError("the import did not finish: " + main_text(driver))


def upload(driver, tmp_path, name: str, content: str, table: str = "", replace: bool = False) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    driver.find_element(By.NAME, "bestand").send_keys(str(path))
    if table:
        field = driver.find_element(By.NAME, "tabel")
        field.clear()
        field.send_keys(table)
    box = driver.find_element(By.ID, "cijfers-vervang")
    if box.is_selected() != replace:
        driver.find_element(By.CSS_SELECTOR, "label[for=cijfers-vervang]").click()
    press(driver, "Inlezen")
    assert path_of(driver).startswith("/beheer/cijfers/inlezingen/")
    return wait_until_done(driver)


def test_beheerder_imports_a_file_and_sees_the_outcome(server, browser, tmp_path):
    login(browser, server, "beheerder.stadskanaal")
    follow(browser, "Cijfers")
    assert h1(browser) == "Cijfers inlezen"
    assert layout_problems(browser) == []
    serious = [v for v in run_axe(browser) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious

    text = upload(browser, tmp_path, "meldingen-stadskanaal.csv",
                  "regio;periode;reeks;waarde\n"
                  "GM0037;2024;Meldingen verward gedrag (E33);41\n"
                  "GM0037;2025;Meldingen verward gedrag (E33);37\n", table="eigen-browserproef")
    assert "Gelezen als: eigen reeksen" in text
    assert "Tabel eigen-browserproef (Eigen reeksen GM0037) ingelezen." in text
    assert "Tabel eigen-browserproef is nieuw: versie 1 met 2 cijfers." in text
    assert "2 regels, 2 cijfers (0 ontbrekend), 1 regio, 2 perioden" in text
    assert browser.find_elements(By.CSS_SELECTOR, "meta[http-equiv=refresh]") == []
    assert layout_problems(browser) == []

    follow(browser, "Terug naar de cijfers")
    assert "eigen-browserproef" in main_text(browser)

    text = upload(browser, tmp_path, "kapot.csv",
                  "regio;periode;reeks;waarde\nGM0037;2024;Meldingen;veel\n", table="eigen-browserproef-2")
    assert "Er is niets ingelezen" in text
    assert "kapot.csv, regel 2" in text
    follow(browser, "Terug naar de cijfers")
    stored = main_text(browser).split("Opgeslagen tabellen")[-1]
    assert "eigen-browserproef" in stored and "eigen-browserproef-2" not in stored


def test_a_later_download_adds_up_and_the_versions_page_shows_the_revised_figure(server, browser, tmp_path):
    login(browser, server, "beheerder.stadskanaal")
    follow(browser, "Cijfers")
    upload(browser, tmp_path, "overlast-2023-2024.csv",
           "regio;periode;reeks;waarde\n"
           "GM0037;2023;Meldingen jeugdoverlast;60\n"
           "GM0037;2024;Meldingen jeugdoverlast;52\n", table="eigen-aanvulproef")
    follow(browser, "Terug naar de cijfers")
    text = upload(browser, tmp_path, "overlast-2025.csv",
                  "regio;periode;reeks;waarde\n"
                  "GM0037;2024;Meldingen jeugdoverlast;55\n"
                  "GM0037;2025;Meldingen jeugdoverlast;47\n", table="eigen-aanvulproef")
    assert ("Tabel eigen-aanvulproef aangevuld tot versie 2: 1 nieuwe cijfer, 1 herzien, 0 ongewijzigd. "
            "1 cijfer uit eerdere downloads blijft staan.") in text, text
    assert "nieuw: 2025" in text
    assert "De tabel heeft nu 3 cijfers (vorige versie: 2)." in text

    follow(browser, "Terug naar de cijfers")
    browser.find_element(By.CSS_SELECTOR, "a[href='/beheer/cijfers/tabellen/eigen-aanvulproef']").click()
    assert h1(browser) == "Tabel eigen-aanvulproef: versies"
    text = main_text(browser)
    assert "Herziene cijfers in versie 2" in text
    assert "overlast-2025.csv" in text and "aangevuld" in text and "eerste download" in text
    row = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "section table tbody tr td")]
    assert row[-2:] == ["52", "55"], row
    assert layout_problems_at_widths(browser) == []
    serious = [v for v in run_axe(browser) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious

    # Version 1 revised nothing.
    browser.find_element(By.CSS_SELECTOR, "a[href='/beheer/cijfers/tabellen/eigen-aanvulproef?versie=1']").click()
    assert "Deze versie herzag geen cijfers" in main_text(browser)

    # Replacing the municipality's own table removes what the file lacks.
    follow(browser, "Terug naar de cijfers")
    text = upload(browser, tmp_path, "overlast-alleen-2025.csv",
                  "regio;periode;reeks;waarde\nGM0037;2025;Meldingen jeugdoverlast;47\n",
                  table="eigen-aanvulproef", replace=True)
    assert "Tabel eigen-aanvulproef vervangen door versie 3" in text, text
    assert "2 cijfers van de vorige versie staan niet in dit bestand en zijn verwijderd." in text
