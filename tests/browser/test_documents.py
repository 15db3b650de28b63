"""The council documents as an officer and a council member use them, at a phone's and a
laptop's width: from the plan to its documents, the officer's own text in the progress report,
the printable page, sending to the council, the frozen versions; and axe-core on every page."""
from selenium.webdriver.common.by import By

from conftest import assert_fits, click_and_wait, fill, follow, h1, login, main_text, path_of, press, print_problems

PLAN = "/plannen/stadskanaal-2020-2024"
REPORT = PLAN + "/stukken/voortgangsrapportage-2023"


def test_officer_writes_and_sends_the_progress_report_and_the_council_reads_it(server, browser):
    d = browser
    login(d, server, "beleid.stadskanaal")
    d.get(server + PLAN)
    follow(d, "Raadsstukken")
    assert path_of(d) == PLAN + "/stukken" and h1(d) == "Stukken voor de raad"
    assert_fits(d)
    click_and_wait(d, d.find_element(By.CSS_SELECTOR, "a[aria-label='Voortgangsrapportage veiligheid 2023 bewerken']"))
    assert path_of(d) == REPORT + "/bewerken"
    assert_fits(d)
    fill(d, "tekst-samenvatting", "Het college ziet dat de aanpak van woninginbraak werkt; de raad krijgt in het voorjaar een evaluatie.")
    press(d, "Opslaan")
    assert path_of(d).startswith(PLAN + "/stukken") and "Uw tekst is opgeslagen" in main_text(d)

    # The printable page carries the officer's text, fits the screen and prints without cut-offs.
    d.get(server + REPORT + "/html")
    assert "Het college ziet dat de aanpak van woninginbraak werkt" in d.find_element(By.TAG_NAME, "body").text
    assert d.find_element(By.TAG_NAME, "h1").text == "Voortgangsrapportage veiligheid 2023"
    assert not print_problems(d), print_problems(d)

    d.get(server + PLAN + "/stukken")
    press(d, "Aan de raad sturen", within=d.find_element(By.XPATH, "//tr[td[text()='Voortgangsrapportage veiligheid 2023']]"))
    assert path_of(d).startswith(REPORT + "/versies")
    assert "Het stuk is aan de raad gestuurd" in main_text(d)
    assert_fits(d)
    text = main_text(d)
    assert "versie" in text.lower() and "SHA-256" in text
    assert len(d.find_elements(By.CSS_SELECTOR, "main code")) >= 2

    login(d, server, "raad.stadskanaal")
    d.get(server + PLAN + "/stukken")
    assert "Voortgangsrapportage veiligheid 2023" in main_text(d)
    assert not d.find_elements(By.PARTIAL_LINK_TEXT, "Eigen tekst toevoegen"), "a council member does not make drafts"
    follow(d, "versies")
    assert path_of(d) == REPORT + "/versies"


def test_accessibility_of_document_pages(server, browser, axe_results):
    """axe-core on the documents pages, the editor, the printable pages and the house-style page."""
    from test_accessibility import Checker
    d = browser
    check = Checker(d, axe_results)
    check.login(server, "beleid.boxtel")
    meierij = "/plannen/basisteam-meierij-2023-2026"
    for label, path in [("raadsstukken", meierij + "/stukken"),
                        ("raadsstuk bewerken", meierij + "/stukken/raadsvoorstel-GM0757/bewerken"),
                        ("voortgangsrapportage (webpagina)", meierij + "/stukken/voortgangsrapportage-2025/html"),
                        ("plan (webpagina)", meierij + "/stukken/plan/html"),
                        ("raadsvoorstel (webpagina)", meierij + "/stukken/raadsvoorstel-GM0757/html")]:
        d.get(server + path)
        assert d.find_element(By.TAG_NAME, "h1").text, path
        check(label)
    check.login(server, "beheerder.stadskanaal")
    d.get(server + "/beheer/huisstijl")
    check("huisstijl")
    assert not check.failures, check.failures
