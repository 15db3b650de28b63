"""Plans as municipalities really write them (issue 11, points 5 and 6): budget lines without an
amount, a one-off line whose year is unknown, a line linked to the action it pays for, and
plannings such as "vanaf 2025-03" and "per kwartaal", on the reader's pages and in the editor,
at a phone's and a laptop's width."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_fits, choose, fill, login, main_text, path_of, press, run_axe

DOETINCHEM = "doetinchem-2020-2023"


def serious(driver) -> list:
    return [v for v in run_axe(driver) if v["impact"] in ("serious", "critical")]


def finance_rows(driver) -> dict[str, str]:
    """The finances table's rows by their description."""
    table = driver.find_element(By.CSS_SELECTOR, "#financien table")
    rows = {}
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        rows[cells[0].text] = " | ".join(c.text for c in cells)
    return rows


def test_finances_show_lines_without_amount_and_one_off_lines(server, browser):
    d = browser
    login(d, server, "beleid.doetinchem")
    d.get(server + f"/plannen/{DOETINCHEM}")
    assert_fits(d)
    assert serious(d) == [], serious(d)
    rows = finance_rows(d)
    assert "Binnen de bestaande formatie" in rows["Activiteiten uit deze kadernota"]
    assert "elk jaar" in rows["Activiteiten uit deze kadernota"]
    campaign = rows["Bewustwordingscampagne ondermijning"]
    assert "Volgt in een apart voorstel" in campaign and "eenmalig" in campaign, campaign
    assert "elk jaar" not in campaign and "per jaar" not in campaign, campaign
    assert "Een bewustwordingscampagne over ondermijning" in campaign, campaign

    # The linked action leads to its row on the theme page, which names the line that pays it
    # and the moment it depends on.
    d.find_element(By.CSS_SELECTOR, "#financien table").find_element(
        By.PARTIAL_LINK_TEXT, "Een bewustwordingscampagne over ondermijning").click()
    assert path_of(d) == f"/plannen/{DOETINCHEM}/themas/ondermijning#actie-ondermijning-bewustwordingscampagne", path_of(d)
    assert_fits(d)
    assert serious(d) == [], serious(d)
    row = d.find_element(By.ID, "actie-ondermijning-bewustwordingscampagne").text
    assert "Betaald uit de begrotingspost \u201cBewustwordingscampagne ondermijning\u201d." in row, row
    assert "Afhankelijk van de afweging van extra dekking in de voorjaarsnota van 2021 of een latere; verwacht 2021 t/m 2022" in row, row
    assert "regelmatig" in d.find_element(By.ID, "actie-ondermijning-integrale-controles").text


def draft_copy(driver, server: str) -> str:
    """A draft copy of the Stadskanaal demo plan for 2025-2028; returns its key."""
    driver.get(server + "/plannen/nieuw")
    fill(driver, "titel", "Planning en begroting Stadskanaal")
    Select(driver.find_element(By.NAME, "eigenaar")).select_by_value("GM0037")
    fill(driver, "periode", "2025 t/m 2028")
    Select(driver.find_element(By.NAME, "kopie-van")).select_by_value("stadskanaal-2020-2024")
    press(driver, "Plan aanmaken")
    match = re.match(r"/plannen/([a-z0-9-]+)/na-het-kopieren", path_of(driver))
    assert match, f"{path_of(driver)} {main_text(driver)[:500]}"
    return match.group(1)


def test_planning_and_budget_lines_are_edited_in_the_editor(server, browser):
    d = browser
    login(d, server, "beleid.stadskanaal")
    key = draft_copy(d, server)
    theme = f"/plannen/{key}/themas/woninginbraak"

    # Two actions get a planning as plans write it.
    d.get(server + f"/plannen/{key}/bewerken/themas/woninginbraak/acties/woninginbraak-project-waaks")
    assert_fits(d)
    fill(d, "planning", "vanaf 2025-03")
    fill(d, "afhankelijk-van", "de subsidie van de provincie")
    press(d, "Opslaan")
    assert "Opgeslagen" in main_text(d), main_text(d)[:500]
    d.get(server + theme)
    assert_fits(d)
    row = d.find_element(By.ID, "actie-woninginbraak-project-waaks").text
    assert "Afhankelijk van de subsidie van de provincie; verwacht vanaf maart 2025" in row, row

    links = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "table.actions tbody tr .edit-link a")]
    other = next(link for link in links if not link.endswith("woninginbraak-project-waaks"))
    d.get(other)
    fill(d, "planning", "ieder kwartaal")
    press(d, "Opslaan")
    assert "Opgeslagen" in main_text(d), main_text(d)[:500]
    d.get(other)
    assert d.find_element(By.NAME, "planning").get_attribute("value") == "per kwartaal"
    # Nonsense is refused with the accepted forms.
    fill(d, "planning", "vanaf 2025-13")
    press(d, "Opslaan")
    assert "\u201cvanaf 2025-13\u201d is geen periode" in main_text(d), main_text(d)[:800]
    assert_fits(d)

    # A budget line without an amount that is spent once, for the action it pays for.
    d.get(server + f"/plannen/{key}/bewerken/financien")
    fill(d, "nieuw-begroting", "Project Waaks opstarten")
    press(d, "Begrotingspost toevoegen")
    assert_fits(d)
    assert serious(d) == [], serious(d)
    fill(d, "bedrag", "")
    choose(d, "zonder-bedrag", "Volgt in een apart voorstel")
    choose(d, "frequentie", "Eenmalig")
    for box in d.find_elements(By.CSS_SELECTOR, "input[name=acties]"):
        if box.get_attribute("value") == "woninginbraak-project-waaks" and not box.is_selected():
            d.execute_script("arguments[0].click()", box)
    press(d, "Opslaan")
    assert "Opgeslagen" in main_text(d), main_text(d)[:800]

    d.get(server + f"/plannen/{key}")
    assert_fits(d)
    assert serious(d) == [], serious(d)
    line = finance_rows(d)["Project Waaks opstarten"]
    assert "Volgt in een apart voorstel" in line and "eenmalig" in line and "elk jaar" not in line, line
    d.get(server + theme)
    assert "Betaald uit de begrotingspost \u201cProject Waaks opstarten\u201d." in d.find_element(
        By.ID, "actie-woninginbraak-project-waaks").text


def test_plan_page_shows_key_figures_with_numbered_sources(server, browser):
    """Issue 11, point 4: the plan's key figures as a table with a numbered list of sources, and
    an indicator's baseline taken from one of them, at a phone's and a laptop's width."""
    d = browser
    login(d, server, "beleid.doetinchem")
    d.get(server + f"/plannen/{DOETINCHEM}")
    section = d.find_element(By.ID, "kerncijfers")
    d.execute_script("arguments[0].scrollIntoView()", section)
    assert_fits(d)
    assert serious(d) == [], serious(d)
    row = d.find_element(By.ID, "kerncijfer-meldingen-verward-gedrag-2019")
    cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
    assert cells[:3] == ["410 aantal", "2019", "gemeente Doetinchem"], cells
    assert cells[3].split("\n")[0] == "2", cells
    sources = [li.text for li in section.find_elements(By.CSS_SELECTOR, "ol.sources li")]
    assert sources == ["CBS, Kerncijfers wijken en buurten 2019, www.cbs.nl", "Politie, Meldingen en incidenten per gemeente, 2019, data.politie.nl"], sources
    # The source number leads to its place in the list.
    row.find_element(By.CSS_SELECTOR, "a[href='#bron-2']").click()
    assert d.current_url.endswith("#bron-2"), d.current_url

    d.get(server + f"/plannen/{DOETINCHEM}/themas/zorg-en-veiligheid")
    assert_fits(d)
    assert serious(d) == [], serious(d)
    indicator = d.find_element(By.XPATH, "//th[contains(., 'Meldingen over personen met verward gedrag')]/..")
    assert "410 (2019)" in indicator.text, indicator.text
