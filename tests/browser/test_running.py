"""Running the plan as an officer and the police do it over a quarter: the dashboard and the
programme of the demo, an update that is refused until the delay is explained, a police update
that waits for the municipality's approval, "Mijn taken" and the quality check, at a phone's
and a laptop's width."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_fits, click_and_wait, fill, h1, login, logout, main_text, path_of, press

PLAN = "/plannen/stadskanaal-2020-2024"
PROGRAMME = PLAN + "/programmas/uitvoering-2024"


def visit(d, server, path):
    d.get(server + path)
    assert_fits(d)


def row_link(d, owner_text):
    """The first activity of the programme table whose trekker cell mentions `owner_text`."""
    for row in d.find_elements(By.CSS_SELECTOR, "main table.figures tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        if cells and owner_text in cells[0].text:
            return row.find_element(By.CSS_SELECTOR, "th a").get_attribute("href")
    raise AssertionError(f"no activity led by {owner_text}")


def test_a_quarter_of_updates_by_officer_and_police(server, browser):
    d = browser
    login(d, server, "beleid.stadskanaal")
    visit(d, server, PLAN)
    click_and_wait(d, d.find_element(By.LINK_TEXT, "Uitvoering"))
    assert h1(d) == "Dashboard uitvoering"
    assert_fits(d)
    text = main_text(d)
    assert "Wat vraagt aandacht van de raad" in text and "Actualiteit" in text
    assert d.find_elements(By.CSS_SELECTOR, "svg[role=img] desc"), "charts carry a text alternative"

    click_and_wait(d, d.find_element(By.LINK_TEXT, "Uitvoeringsprogramma integrale veiligheid 2024 (voorbeeld)"))
    assert path_of(d) == PROGRAMME
    assert_fits(d)
    assert "Vastgesteld" in main_text(d)
    own = row_link(d, "Gemeente Stadskanaal")
    police = row_link(d, "Politie")

    # The officer reports a delay without saying why: refused, and what was typed stays.
    d.get(own)
    assert_fits(d)
    before = len(d.find_elements(By.CSS_SELECTOR, "ol.history > li"))
    Select(d.find_element(By.NAME, "status")).select_by_visible_text("Vertraagd")
    fill(d, "uren", "6")
    press(d, "Update opslaan")
    assert "De update is niet opgeslagen" in main_text(d)
    assert "hoort een toelichting" in main_text(d)
    assert d.find_element(By.NAME, "uren").get_attribute("value") == "6"
    assert len(d.find_elements(By.CSS_SELECTOR, "ol.history > li")) == before
    fill(d, "toelichting", "De trekker is tot de zomer met verlof; de start schuift een kwartaal op.")
    press(d, "Update opslaan")
    assert "De update is opgeslagen." in main_text(d)
    history = d.find_elements(By.CSS_SELECTOR, "ol.history > li")
    assert len(history) == before + 1 and "Vertraagd" in history[0].text and "schuift een kwartaal op" in history[0].text
    logout(d)

    # The police report on their own activity; on this plan the municipality approves first.
    login(d, server, "politie.noord")
    d.get(own)
    assert "Update opslaan" not in main_text(d), "the police do not update what the municipality leads"
    d.get(police)
    assert_fits(d)
    Select(d.find_element(By.NAME, "status")).select_by_visible_text("Loopt")
    fill(d, "toelichting", "Extra surveillance in de avonduren loopt sinds oktober.")
    press(d, "Update opslaan")
    assert "telt mee zodra de gemeente hem heeft goedgekeurd" in main_text(d)
    assert "Wacht op goedkeuring van de gemeente" in d.find_elements(By.CSS_SELECTOR, "ol.history > li")[0].text
    logout(d)

    # The officer finds it under "Mijn taken" and approves it.
    login(d, server, "beleid.stadskanaal")
    visit(d, server, "/mijn-taken")
    assert "Wacht op uw goedkeuring" in main_text(d)
    d.get(police)
    first = d.find_elements(By.CSS_SELECTOR, "ol.history > li")[0]
    click_and_wait(d, first.find_element(By.XPATH, ".//button[normalize-space()='Goedkeuren']"))
    assert "De beoordeling is opgeslagen." in main_text(d)
    assert "Goedgekeurd door" in d.find_elements(By.CSS_SELECTOR, "ol.history > li")[0].text

    # The quality check lists the plan's gaps, each with a link to the field that closes it.
    visit(d, server, PLAN + "/kwaliteitstoets")
    assert h1(d) == "Van cijfers naar doelen en werk"
    links = d.find_elements(By.CSS_SELECTOR, "ul.copy-notes a[href*='/bewerken']")
    assert links, "gaps link into the editor"

    # A council member reads the dashboard, without the officers' figures and forms.
    logout(d)
    login(d, server, "raad.stadskanaal")
    visit(d, server, PLAN + "/uitvoering")
    assert "Wat vraagt aandacht van de raad" in main_text(d)
    assert "Actualiteit" not in main_text(d)


def test_accessibility_of_running_pages(server, browser, axe_results):
    """axe-core on every page of running the plan, as officer and council member; zero serious
    or critical violations."""
    from test_accessibility import Checker
    d = browser
    check = Checker(d, axe_results)
    check.login(server, "beleid.boxtel")
    meierij = "/plannen/basisteam-meierij-2023-2026"
    pages = [
        ("dashboard", meierij + "/uitvoering"),
        ("dashboard gemeente", meierij + "/uitvoering/gemeenten/GM0757"),
        ("dashboard thema", meierij + "/uitvoering/themas/zorg-en-veiligheid"),
        ("programma", meierij + "/programmas/uitvoering-2026"),
        ("nieuw programma", meierij + "/programmas/nieuw"),
        ("instellingen uitvoering", meierij + "/uitvoering/instellingen"),
        ("kwaliteitstoets", meierij + "/kwaliteitstoets"),
        ("mijn taken", "/mijn-taken"),
    ]
    for label, path in pages:
        d.get(server + path)
        assert d.find_element(By.TAG_NAME, "h1").text, path
        check(label)
    # A progress page, a measurement page and an error state.
    d.get(server + meierij + "/programmas/uitvoering-2026")
    d.get(d.find_element(By.CSS_SELECTOR, "main table.figures tbody tr th a").get_attribute("href"))
    check("voortgang activiteit")
    Select(d.find_element(By.NAME, "status")).select_by_visible_text("Vervallen")
    press(d, "Update opslaan")
    assert "De update is niet opgeslagen" in main_text(d)
    check("voortgang activiteit (fout)")
    d.get(server + meierij + "/uitvoering")
    click_and_wait(d, d.find_element(By.PARTIAL_LINK_TEXT, "Metingen van"))
    check("metingen")
    check.login(server, "raad.stadskanaal")
    d.get(server + PLAN + "/uitvoering")
    check("dashboard (raadslid)")
    assert not check.failures, check.failures
