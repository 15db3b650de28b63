"""The whole path of a plan in a real browser, as its users take it: a policy officer writes
and adopts a plan, the police report progress on the action they lead, and a council member
reads the result. Plus the login's failure paths, a script typed into a title, a missing or
dead session, returns to other sites, two officers saving the same part, and the read-only
editor. Everything goes through the pages' own links and forms; nothing is posted by hand."""
import re

import pytest
from selenium.webdriver.common.by import By

from conftest import (PASSWORD, choose, click_and_wait, dismiss_alerts, fill, follow, h1, is_logged_in,
                      login, logout, main_text, open_page, path_of, press, selected_label, submit_login, type_date)

PLAN_TITLE = "Veilig Stadskanaal 2029-2032"
PARTNER = "Politie basisteam"
THEME = "Woninginbraak"
GOAL = "Minder woninginbraken"
FIRST_ACTION = "Voorlichtingsavonden over inbraakpreventie"
SECOND_ACTION = "Buurtpreventie-app starten"
NOTE = "Drie voorlichtingsavonden gehouden in Musselkanaal, Onstwedde en Stadskanaal-Noord."


def crumb(driver, text: str) -> None:
    """Follows a link in the breadcrumb trail."""
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "nav.crumbs").find_element(By.LINK_TEXT, text))


def action_row(driver, description: str):
    """The row of the actions table (reading view) that shows `description`."""
    return driver.find_element(By.XPATH, f"//table[contains(@class,'actions')]//tr[td[1][normalize-space()='{description}']]")


def toolbar_links(driver) -> list[str]:
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "nav.toolbar a")]


def new_plan(driver, title: str, period: str) -> str:
    """Creates an empty plan of Stadskanaal with the header's link "Nieuw plan"; returns its key."""
    follow(driver, "Nieuw plan")
    assert h1(driver) == "Nieuw plan"
    fill(driver, "titel", title)
    choose(driver, "eigenaar", "Gemeente Stadskanaal")
    fill(driver, "periode", period)
    choose(driver, "kopie-van", "een leeg plan")
    press(driver, "Plan aanmaken")
    match = re.fullmatch(r"/plannen/([a-z0-9-]+)/bewerken", path_of(driver))
    assert match, f"no editor after creating a plan: {path_of(driver)} {main_text(driver)[:300]}"
    assert h1(driver) == f"Plan \u201c{title}\u201d"
    return match.group(1)


def section(driver, title: str) -> None:
    """Opens a section of the part at hand with the editor's section navigation."""
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "nav.sections").find_element(By.LINK_TEXT, title))
    assert driver.find_element(By.CSS_SELECTOR, "nav.sections [aria-current='page']").text == title


def add(driver, segment: str, button_text: str, title: str) -> str:
    """Adds a part with a list's add form (on the section page at hand); returns the new part's
    editor path."""
    form = driver.find_element(By.CSS_SELECTOR, f"form.add[action$='/{segment}/toevoegen']")
    action = form.get_attribute("action")
    below = action[action.index("/", len("http://")):-len("toevoegen")]
    fill(driver, f"nieuw-{segment}", title)
    press(driver, button_text)
    assert path_of(driver).startswith(below), f"{button_text}: {path_of(driver)} {main_text(driver)[:300]}"
    return path_of(driver)


def test_plan_from_draft_to_adoption_progress_and_reading(server, browser_without_js):
    d = browser_without_js

    # a. A policy officer writes the plan, links the police, and has it adopted.
    login(d, server, "beleid.stadskanaal")
    key = new_plan(d, PLAN_TITLE, "2029-2032")
    assert "Concept" in d.find_element(By.CSS_SELECTOR, ".plan-header .badge").text

    section(d, "Partners en overleggen")
    partner_path = add(d, "partners", "Partner toevoegen", PARTNER)
    assert h1(d) == f"Partner \u201c{PARTNER}\u201d"
    choose(d, "organisatie", "Politie Noord-Nederland")
    choose(d, "soort", "Politie")
    press(d, "Opslaan")
    # Back to the list of partners, at the partner just saved.
    partner_key = partner_path.rsplit("/", 1)[1]
    assert path_of(d) == f"/plannen/{key}/bewerken/partners?opgeslagen=partners-{partner_key}#partners-{partner_key}"
    assert f"Opgeslagen: partner \u201c{PARTNER}\u201d." in main_text(d)
    follow(d, PARTNER)
    assert selected_label(d, "organisatie") == "Politie Noord-Nederland"
    assert selected_label(d, "soort") == "Politie"

    crumb(d, "Bewerken")
    section(d, "Thema's")
    theme_path = add(d, "themas", "Thema toevoegen", THEME)
    assert h1(d) == f"Thema \u201c{THEME}\u201d"
    sections = [a.text for a in d.find_elements(By.CSS_SELECTOR, "nav.sections a")]
    for heading in ("Doelen", "Indicatoren", "Acties en afspraken", "Sporen"):
        assert heading in sections, sections
    assert not d.find_elements(By.CSS_SELECTOR, "section.editor-list"), "the theme's first page holds its details only"

    section(d, "Doelen")
    add(d, "doelen", "Doel toevoegen", GOAL)
    assert h1(d) == f"Doel \u201c{GOAL}\u201d"
    crumb(d, f"Thema \u201c{THEME}\u201d")
    section(d, "Acties en afspraken")
    first_path = add(d, "acties", "Actie toevoegen", FIRST_ACTION)
    crumb(d, f"Thema \u201c{THEME}\u201d")
    assert path_of(d) == theme_path + "/acties"
    second_path = add(d, "acties", "Actie toevoegen", SECOND_ACTION)
    second_key = second_path.rsplit("/", 1)[1]
    crumb(d, f"Thema \u201c{THEME}\u201d")
    parts = [a.text for a in d.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='lijst-acties'] ol.parts > li > a")]
    assert parts == [FIRST_ACTION, SECOND_ACTION]

    follow(d, FIRST_ACTION)
    assert path_of(d) == first_path
    assert h1(d) == f"Actie \u201c{FIRST_ACTION}\u201d"
    choose(d, "trekker", PARTNER)
    choose(d, "doel", GOAL)
    press(d, "Opslaan")
    first_key = first_path.rsplit("/", 1)[1]
    assert path_of(d) == theme_path + f"/acties?opgeslagen=acties-{first_key}#acties-{first_key}"
    assert f"Opgeslagen: actie \u201c{FIRST_ACTION}\u201d." in main_text(d)
    follow(d, FIRST_ACTION)
    assert selected_label(d, "trekker") == PARTNER
    assert selected_label(d, "doel") == GOAL
    assert selected_label(d, "status") == "Gepland"

    # The reading view shows the action under its goal, led by the police partner.
    follow(d, "bekijken zoals lezers het zien")
    assert h1(d) == THEME
    goal = d.find_element(By.XPATH, f"//section[contains(@class,'goal')][h3[normalize-space()='{GOAL}']]")
    assert FIRST_ACTION in goal.text and PARTNER in goal.text
    assert SECOND_ACTION not in goal.text

    crumb(d, PLAN_TITLE)
    assert toolbar_links(d) == ["Bewerken", "Status en versies", "Raadsstukken"]
    follow(d, "Status en versies")
    assert d.find_element(By.CSS_SELECTOR, "[aria-current='step']").text == "Concept (nu)"
    press(d, "Ter consultatie voorleggen")
    assert "De status is gewijzigd." in main_text(d)
    assert d.find_element(By.CSS_SELECTOR, "[aria-current='step']").text == "Ter consultatie (nu)"
    type_date(d, "datum", "2029-03-12")
    fill(d, "orgaan", "gemeenteraad")
    fill(d, "besluitnummer", "2029-017")
    press(d, "Vaststellen")
    # Adopting freezes the plan: Regie asks first.
    assert h1(d) == "Plan vaststellen?"
    assert "12 maart 2029" in main_text(d) and "2029-017" in main_text(d)
    press(d, "Ja, plan vaststellen")
    assert "De status is gewijzigd." in main_text(d), main_text(d)
    assert d.find_element(By.CSS_SELECTOR, "[aria-current='step']").text == "Vastgesteld (nu)"

    crumb(d, PLAN_TITLE)
    assert d.find_element(By.CSS_SELECTOR, ".plan-header .badge").text == "Vastgesteld"
    assert "vastgesteld door gemeenteraad op 12 maart 2029 (besluit 2029-017)" in d.find_element(By.CSS_SELECTOR, ".plan-header .meta").text
    # An adopted plan is not edited in place; it is run (issue 15).
    assert toolbar_links(d) == ["Status en versies", "Uitvoering", "Raadsstukken"], "an adopted plan is not edited in place"

    # The editor still opens for the officer, but says the plan is frozen and offers no forms.
    for path in (f"/plannen/{key}/bewerken", theme_path, first_path, partner_path):
        d.get(server + path)
        assert "Dit plan is vastgesteld en ligt daarom vast." in main_text(d), path
        assert not d.find_elements(By.XPATH, "//main//button[normalize-space()='Opslaan']"), path
        assert not d.find_elements(By.XPATH, "//main//button[contains(., 'toevoegen')]"), path
        assert not d.find_elements(By.CSS_SELECTOR, "main form.editor, main form.add"), path

    # Moving a planning is running the plan: the officer does it on the progress page, without a
    # new version, and the plan stays adopted.
    d.get(server + theme_path.replace("/bewerken", ""))
    click_and_wait(d, action_row(d, SECOND_ACTION).find_element(By.LINK_TEXT, "Voortgang bijwerken"))
    fill(d, "planning", "2030-Q3")
    press(d, "Opslaan")
    assert "De voortgang is opgeslagen." in main_text(d), main_text(d)
    assert d.find_element(By.NAME, "planning").get_attribute("value") == "2030-Q3"
    crumb(d, THEME)
    assert "3e kwartaal 2030" in action_row(d, SECOND_ACTION).text or "2030-Q3" in action_row(d, SECOND_ACTION).text
    crumb(d, PLAN_TITLE)
    assert d.find_element(By.CSS_SELECTOR, ".plan-header .badge").text == "Vastgesteld"

    # b. The police report progress on the action they lead, and only on that one.
    logout(d)
    login(d, server, "politie.noord")
    follow(d, PLAN_TITLE)
    follow(d, THEME)
    first = action_row(d, FIRST_ACTION)
    assert first.find_elements(By.LINK_TEXT, "Voortgang bijwerken")
    assert not action_row(d, SECOND_ACTION).find_elements(By.LINK_TEXT, "Voortgang bijwerken")
    click_and_wait(d, first.find_element(By.LINK_TEXT, "Voortgang bijwerken"))
    assert h1(d) == FIRST_ACTION
    options = [o.text for o in d.find_element(By.NAME, "status").find_elements(By.TAG_NAME, "option")]
    assert options == ["Geen status", "Gepland", "In uitvoering", "Afgerond", "Uitgesteld", "Vervallen"]
    choose(d, "status", "In uitvoering")
    fill(d, "voortgang", NOTE)
    press(d, "Voortgang opslaan")
    assert "De voortgang is opgeslagen." in main_text(d)
    assert selected_label(d, "status") == "In uitvoering"
    assert d.find_element(By.NAME, "voortgang").get_attribute("value") == NOTE

    crumb(d, THEME)
    first = action_row(d, FIRST_ACTION)
    assert "In uitvoering" in first.text and NOTE in first.text
    assert not action_row(d, SECOND_ACTION).find_elements(By.LINK_TEXT, "Voortgang bijwerken")
    assert open_page(d, server + f"/plannen/{key}/acties/{second_key}/voortgang") == 403
    assert h1(d) == "Geen toegang"
    assert "alleen de voortgang bijwerken van acties die uw organisatie trekt" in main_text(d)
    assert d.title == "Geen toegang – Regie"

    # c. A council member reads the adopted plan with the partner's note, and edits nothing.
    # (The error page has no Uitloggen button, see test_error_pages_show_who_is_logged_in.)
    follow(d, "Naar de startpagina")
    logout(d)
    login(d, server, "raad.stadskanaal")
    follow(d, PLAN_TITLE)
    assert d.find_element(By.CSS_SELECTOR, ".plan-header .badge").text == "Vastgesteld"
    assert not d.find_elements(By.LINK_TEXT, "Bewerken")
    # The council member reads the status and the decision, without any form.
    follow(d, "Status en versies")
    assert d.find_element(By.CSS_SELECTOR, "[aria-current='step']").text == "Vastgesteld (nu)"
    assert "Alleen beleidsmedewerkers van het plan kunnen de status wijzigen." in main_text(d)
    assert not d.find_elements(By.CSS_SELECTOR, "main form")
    crumb(d, PLAN_TITLE)
    follow(d, THEME)
    first = action_row(d, FIRST_ACTION)
    assert "In uitvoering" in first.text and NOTE in first.text
    assert not d.find_elements(By.LINK_TEXT, "Voortgang bijwerken")

    assert open_page(d, server + f"/plannen/{key}/bewerken") == 403
    assert h1(d) == "Geen toegang"
    assert "U mag dit plan lezen, maar niet bewerken." in main_text(d)
    assert open_page(d, server + "/plannen/basisteam-meierij-2023-2026") == 404
    assert h1(d) == "Pagina niet gevonden"
    assert "Naar de startpagina" in main_text(d)


def test_council_member_does_not_see_a_draft_plan(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    key = new_plan(d, "Concept voor de raad 2035-2038", "2035-2038")
    login(d, server, "raad.stadskanaal")
    assert "Concept voor de raad" not in main_text(d)
    assert open_page(d, server + f"/plannen/{key}") == 404
    assert h1(d) == "Pagina niet gevonden"


def test_failed_login_shows_a_dutch_message_and_stays_on_the_login_page(server, browser_without_js):
    d = browser_without_js
    d.get(server + "/inloggen")
    d.delete_all_cookies()
    for username, password in (("beleid.vught", "verkeerd wachtwoord"), ("bestaat.niet", PASSWORD)):
        d.get(server + "/inloggen")
        submit_login(d, username, password)
        assert path_of(d) == "/inloggen"
        assert h1(d) == "Inloggen bij Regie"
        assert "De gebruikersnaam of het wachtwoord klopt niet" in main_text(d)
        assert not is_logged_in(d)
        assert not any(c["name"] == "__Host-regie_sessie" and c["value"] for c in d.get_cookies())
        # The name stays filled in; the password does not.
        assert d.find_element(By.NAME, "gebruikersnaam").get_attribute("value") == username
        assert d.find_element(By.NAME, "wachtwoord").get_attribute("value") == ""
    # The right password still works afterwards (one failure does not lock the account).
    login(d, server, "beleid.vught")


def test_a_script_typed_into_a_title_is_shown_as_text(server, browser):
    d = browser
    script = "<script>alert(1)</script>"
    login(d, server, "beleid.stadskanaal")
    key = new_plan(d, "Proef met vreemde tekens 2041-2044", "2041-2044")
    section(d, "Thema's")
    add(d, "themas", "Thema toevoegen", script)
    theme_key = path_of(d).rsplit("/", 1)[1]
    assert h1(d) == f"Thema \u201c{script}\u201d"
    for path in (path_of(d), f"/plannen/{key}", f"/plannen/{key}/themas/{theme_key}"):
        d.get(server + path)
        assert dismiss_alerts(d) == [], f"a dialog opened on {path}"
        assert script in main_text(d), path
        # No element was made of the title: the page has no scripts at all.
        assert d.execute_script("return document.scripts.length") == 0, path
        # The HTML as the server sent it has the title escaped in text; inside a quoted
        # attribute value (the form field) < is harmless, so leave those out of the check.
        d.get("view-source:" + server + path)
        source = d.find_element(By.TAG_NAME, "body").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source, path
        assert "<script" not in re.sub(r'="[^"]*"', '=""', source), path


def test_without_a_session_an_editor_page_returns_after_login(server, browser_without_js):
    d = browser_without_js
    page = "/plannen/stadskanaal-2020-2024/bewerken/themas/woninginbraak"

    # No cookies at all: to the login page, and back to the page afterwards.
    d.get(server + "/inloggen")
    d.delete_all_cookies()
    d.get(server + page)
    assert path_of(d) == "/inloggen?terug=" + page
    assert h1(d) == "Inloggen bij Regie"
    submit_login(d, "beleid.stadskanaal")
    assert path_of(d) == page
    assert h1(d).startswith("Thema \u201c")

    # The session of a logged-out browser is worthless, even when its cookie comes back.
    old = d.get_cookie("__Host-regie_sessie")
    logout(d)
    d.add_cookie({k: old[k] for k in ("name", "value", "path", "secure", "httpOnly") if k in old})
    d.get(server + page)
    assert path_of(d).startswith("/inloggen?terug=" + page), path_of(d)
    assert not is_logged_in(d)

    # An unknown session token is treated like no session.
    d.add_cookie({"name": "__Host-regie_sessie", "value": "verzonnen-sessie-0123456789", "path": "/", "secure": True, "httpOnly": True})
    d.get(server + page)
    assert path_of(d).startswith("/inloggen?terug=" + page), path_of(d)
    submit_login(d, "beleid.stadskanaal")
    assert path_of(d) == page


def test_two_officers_saving_the_same_part_get_a_conflict_not_a_lost_update(server, browser, browser_without_js):
    first, second = browser_without_js, browser
    login(first, server, "beleid.stadskanaal")
    new_plan(first, "Gelijktijdig bewerken 2045-2048", "2045-2048")
    section(first, "Thema's")
    theme_path = add(first, "themas", "Thema toevoegen", "Jeugdoverlast")
    section(first, "Teksten en ambities")
    theme_path += "/teksten"
    login(second, server, "beleid.stadskanaal")
    second.get(server + theme_path)

    fill(second, "samenvatting", "Tekst van de tweede collega.")
    press(second, "Opslaan")
    assert "Opgeslagen." in main_text(second)

    fill(first, "samenvatting", "Tekst van de eerste collega.")
    press(first, "Opslaan")
    conflict = first.find_element(By.CSS_SELECTOR, "section.conflict")
    assert "Iemand anders heeft dit onderdeel intussen gewijzigd" in conflict.text
    assert "Tekst van de tweede collega." in conflict.text
    # What the first officer typed is still in the form, to be saved again on purpose.
    assert first.find_element(By.NAME, "samenvatting").get_attribute("value") == "Tekst van de eerste collega."
    press(first, "Opslaan")
    assert "Opgeslagen." in main_text(first)
    second.get(server + theme_path)
    assert second.find_element(By.NAME, "samenvatting").get_attribute("value") == "Tekst van de eerste collega."


def test_frozen_editor_shows_labels_not_internal_codes(server, browser_without_js):
    """The read-only editor of an adopted plan shows choices by their Dutch labels, not by
    their stored codes (planned, police, politie-noord-nederland, a goal's key)."""
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    d.get(server + "/plannen/stadskanaal-2020-2024/bewerken")
    assert "Dit plan is vastgesteld en ligt daarom vast." in main_text(d)
    shown = dict(zip([e.text for e in d.find_elements(By.CSS_SELECTOR, "dl.facts dt")],
                     [e.text for e in d.find_elements(By.CSS_SELECTOR, "dl.facts dd")]))
    problems = []
    if shown.get("Soort document") != "Integraal veiligheidsplan":
        problems.append(("Soort document", shown.get("Soort document")))
    d.get(server + "/plannen/stadskanaal-2020-2024/bewerken/partners/politie")
    shown = dict(zip([e.text for e in d.find_elements(By.CSS_SELECTOR, "dl.facts dt")],
                     [e.text for e in d.find_elements(By.CSS_SELECTOR, "dl.facts dd")]))
    if shown.get("Soort organisatie") != "Politie":
        problems.append(("Soort organisatie", shown.get("Soort organisatie")))
    if shown.get("Organisatie in Regie") != "Politie Noord-Nederland":
        problems.append(("Organisatie in Regie", shown.get("Organisatie in Regie")))
    d.get(server + "/plannen/stadskanaal-2020-2024/bewerken/themas/woninginbraak/acties/woninginbraak-project-waaks")
    shown = dict(zip([e.text for e in d.find_elements(By.CSS_SELECTOR, "dl.facts dt")],
                     [e.text for e in d.find_elements(By.CSS_SELECTOR, "dl.facts dd")]))
    if shown.get("Stand van zaken") not in ("\u2013", "Gepland", "In uitvoering", "Afgerond", "Uitgesteld", "Vervallen"):
        problems.append(("Stand van zaken", shown.get("Stand van zaken")))
    if shown.get("Veiligheidsketen") != "preventie":
        problems.append(("Veiligheidsketen", shown.get("Veiligheidsketen")))
    if "-" in shown.get("Draagt bij aan het doel", ""):
        problems.append(("Draagt bij aan het doel", shown.get("Draagt bij aan het doel")))
    assert not problems, problems


def test_error_pages_show_who_is_logged_in(server, browser_without_js):
    d = browser_without_js
    login(d, server, "raad.stadskanaal")
    assert open_page(d, server + "/plannen/stadskanaal-2020-2024/bewerken") == 403
    assert h1(d) == "Geen toegang"
    assert is_logged_in(d), "no Uitloggen button on the 403 page"
    assert open_page(d, server + "/plannen/bestaat-niet") == 404
    assert is_logged_in(d), "no Uitloggen button on the 404 page"


def test_login_never_returns_to_another_site(server, browser_without_js):
    d = browser_without_js
    for target in ("https://example.org/", "//example.org/", "/\\example.org/"):
        d.get(server + "/inloggen")
        d.delete_all_cookies()
        d.get(server + "/inloggen?terug=" + target)
        submit_login(d, "beleid.stadskanaal")
        assert d.current_url.startswith(server + "/"), (target, d.current_url)
        assert path_of(d) == "/", (target, d.current_url)


def test_login_works_from_a_login_page_opened_earlier_in_another_tab(server, browser_without_js):
    d = browser_without_js
    d.get(server + "/inloggen")
    d.delete_all_cookies()
    d.get(server + "/inloggen")
    first = d.current_window_handle
    d.switch_to.new_window("tab")
    d.get(server + "/inloggen")
    second = d.current_window_handle
    d.switch_to.window(first)
    try:
        submit_login(d, "beleid.stadskanaal")
        assert h1(d) != "Geen toegang", main_text(d)
        assert is_logged_in(d)
    finally:
        d.switch_to.window(second)
        d.close()
        d.switch_to.window(first)
