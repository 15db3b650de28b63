"""Issue 11, what the pages got wrong: the analysis of a municipality without figures (one
sentence, no empty tables or downloads, hints for officers only), and a series that Regie
proposes for a theme, which readers see only after the officer confirms it in the editor.
Pages are checked at a phone's and a laptop's width (open_page, click_and_wait) and with axe."""
from selenium.webdriver.common.by import By

from conftest import (click_and_wait, fill, follow, h1, login, main_text, open_page, path_of, press, type_date)
from test_flow import add, new_plan, section

NO_FIGURES = "Er zijn nog geen cijfers over Lindewaarde ingelezen."


def test_analysis_of_a_municipality_without_figures(server, browser, axe_results):
    d = browser
    # A council member (of another municipality: the analysis is open data for every account).
    login(d, server, "raad.stadskanaal")
    assert open_page(d, server + "/gemeenten/GM9901/veiligheidsanalyse") == 200
    text = main_text(d)
    assert text.count(NO_FIGURES) == 1, text
    assert "Voor Lindewaarde zijn nog geen cijfers ingelezen" not in text
    assert not d.find_elements(By.CSS_SELECTOR, "main table"), "no empty tables"
    assert not d.find_elements(By.CSS_SELECTOR, "main a[href$='.csv']"), "no downloads without rows"
    assert "beheerder" not in text and "inlezen op de pagina" not in text, text
    assert not axe_results.check(d, "analyse zonder cijfers (raadslid)", "raad.stadskanaal")

    # The officer (here also beheerder) is told how to read figures in.
    login(d, server, "beleid.lindewaarde")
    assert open_page(d, server + "/gemeenten/GM9901/veiligheidsanalyse") == 200
    assert main_text(d).count(NO_FIGURES) == 1
    assert d.find_elements(By.LINK_TEXT, "cijfers inlezen")
    assert not d.find_elements(By.CSS_SELECTOR, "main table")
    assert not axe_results.check(d, "analyse zonder cijfers (beheerder)", "beleid.lindewaarde")


def test_a_proposed_series_is_shown_to_readers_only_once_confirmed(server, browser, axe_results):
    d = browser
    login(d, server, "beleid.stadskanaal")
    key = new_plan(d, "Inbraakvrij Stadskanaal 2033-2036", "2033-2036")
    section(d, "Thema's")
    theme_path = add(d, "themas", "Thema toevoegen", "Woninginbraak")
    section(d, "Doelen")
    add(d, "doelen", "Doel toevoegen", "Minder woninginbraken")

    # The chapter shows the officer the proposal, not the figures.
    chapter = server + f"/plannen/{key}/veiligheidsanalyse"
    assert open_page(d, chapter) == 200
    assert "Voorstel: meten met de reeks Woninginbraak." in main_text(d)
    assert not d.find_elements(By.CSS_SELECTOR, "tr#woninginbraak")
    assert not axe_results.check(d, "analyse met voorstel (beleidsmedewerker)", "beleid.stadskanaal")

    click_and_wait(d, d.find_element(By.CSS_SELECTOR, "a[href$='#veld-cijfers-voorstel']"))
    assert path_of(d).startswith(f"/plannen/{key}/bewerken/themas/woninginbraak/cijfers"), path_of(d)
    box = d.find_element(By.CSS_SELECTOR, "input[name='cijfers-voorstel'][value='woninginbraak']")
    assert not box.is_selected(), "a proposal is never confirmed without the officer"
    assert not axe_results.check(d, "editor: voorstel van Regie", "beleid.stadskanaal")
    box.click()
    press(d, "Opslaan")
    assert "Opgeslagen" in main_text(d), main_text(d)[:400]
    assert not d.find_elements(By.CSS_SELECTOR, "input[name='cijfers-voorstel']"), "a confirmed proposal is gone"
    assert d.find_element(By.NAME, "cijfers").get_attribute("value").strip() == "woninginbraak"

    assert open_page(d, chapter) == 200
    assert d.find_elements(By.CSS_SELECTOR, "tr#woninginbraak")
    assert "Voorstel:" not in main_text(d)

    # Adopted, the plan is read by a council member, with the confirmed figures.
    follow(d, "Status en versies")
    press(d, "Ter consultatie voorleggen")
    type_date(d, "datum", "2033-01-20")
    fill(d, "orgaan", "gemeenteraad")
    fill(d, "besluitnummer", "2033-004")
    press(d, "Vaststellen")
    press(d, "Ja, plan vaststellen")
    assert "De status is gewijzigd." in main_text(d), main_text(d)[:400]

    login(d, server, "raad.stadskanaal")
    assert open_page(d, chapter) == 200
    assert d.find_elements(By.CSS_SELECTOR, "tr#woninginbraak")
    assert "Voorstel:" not in main_text(d)
    assert not axe_results.check(d, "analyse met bevestigde reeks (raadslid)", "raad.stadskanaal")
