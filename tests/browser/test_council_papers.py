"""Council papers and the legal framework in a real browser (issue 11, points 1, 2 and 3): a policy officer takes a new plan to
consultation, offers it to the council with the executive's decision, and adopts it without a
decision number but with the date in force and the publication; a council member reads the plan
once it is offered. Every page is checked at a phone's and a laptop's width (click_and_wait) and
with axe-core (no serious or critical violations)."""
import re

from selenium.webdriver.common.by import By

from conftest import choose, fill, follow, h1, login, main_text, open_page, path_of, press, type_date

TITLE = "Raadsstukken Stadskanaal 2033-2036"


def test_offer_to_the_council_and_adopt_without_a_decision_number(server, browser, axe_results):
    d = browser
    failures = []

    def check(label: str, account: str):
        serious = axe_results.check(d, label, account)
        if serious:
            failures.append((label, path_of(d), [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]))

    login(d, server, "beleid.stadskanaal")
    follow(d, "Nieuw plan")
    fill(d, "titel", TITLE)
    choose(d, "eigenaar", "Gemeente Stadskanaal")
    fill(d, "periode", "2033-2036")
    choose(d, "kopie-van", "een leeg plan")
    press(d, "Plan aanmaken")
    match = re.fullmatch(r"/plannen/([a-z0-9-]+)/bewerken", path_of(d))
    assert match, path_of(d)
    key = match.group(1)

    # Before the offer a council member does not see the plan.
    login(d, server, "raad.stadskanaal")
    assert open_page(d, f"{server}/plannen/{key}") in (403, 404)

    login(d, server, "beleid.stadskanaal")
    open_page(d, f"{server}/plannen/{key}/status")
    press(d, "Ter consultatie voorleggen")
    assert d.find_element(By.CSS_SELECTOR, "[aria-current='step']").text == "Ter consultatie (nu)"
    check("status (ter consultatie, met aanbieden)", "beleid.stadskanaal")

    # The date of the executive's decision is asked for; the body is filled in already.
    type_date(d, "aanbieding-datum", "2033-01-17")
    assert d.find_element(By.NAME, "aanbieding-orgaan").get_attribute("value") == "college van burgemeester en wethouders"
    press(d, "Aanbieden aan de raad")
    assert "De status is gewijzigd." in main_text(d), main_text(d)
    assert d.find_element(By.CSS_SELECTOR, "[aria-current='step']").text == "Aangeboden aan de raad (nu)"
    assert "college van burgemeester en wethouders, 17 januari 2033" in main_text(d)
    check("status (aangeboden aan de raad)", "beleid.stadskanaal")

    # From the offer on, the council member reads the plan.
    login(d, server, "raad.stadskanaal")
    assert open_page(d, f"{server}/plannen/{key}") == 200
    assert h1(d) == TITLE
    assert "Aangeboden aan de raad" in main_text(d)
    check("plan (aangeboden, raadslid)", "raad.stadskanaal")

    # Adopting without a decision number, with the date in force and the publication.
    login(d, server, "beleid.stadskanaal")
    open_page(d, f"{server}/plannen/{key}/status")
    type_date(d, "datum", "2033-02-27")
    fill(d, "orgaan", "gemeenteraad")
    type_date(d, "in-werking-per", "2033-03-09")
    fill(d, "publicatie", "Gemeenteblad 2033, 4711")
    press(d, "Vaststellen")
    assert h1(d) == "Plan vaststellen?"
    text = main_text(d)
    assert "heeft vastgesteld op 27 februari 2033." in text, text
    assert "besluit " not in text.split("heeft vastgesteld op")[1].split("\n")[0]
    assert "Gemeenteblad 2033, 4711" in text and "9 maart 2033" in text
    check("vaststellen bevestigen (zonder besluitnummer)", "beleid.stadskanaal")
    press(d, "Ja, plan vaststellen")
    assert d.find_element(By.CSS_SELECTOR, "[aria-current='step']").text == "Vastgesteld (nu)"

    open_page(d, f"{server}/plannen/{key}")
    section = d.find_element(By.ID, "besluitvorming")
    assert "college van burgemeester en wethouders, 17 januari 2033" in section.text
    assert "gemeenteraad, 27 februari 2033" in section.text and "Gemeenteblad 2033, 4711" in section.text
    check("plan (besluitvorming)", "beleid.stadskanaal")

    # The demo plan of Stadskanaal shows its signatories under the adoption facts.
    open_page(d, f"{server}/plannen/stadskanaal-2020-2024")
    section = d.find_element(By.ID, "besluitvorming")
    assert "Gemeenteblad 2020, 28531" in section.text and "Griffier: A. Bakker" in section.text
    check("plan (ondertekening)", "beleid.stadskanaal")

    # Its legal framework, and a theme citing two laws of it with links back (issue 11, point 3).
    framework = d.find_element(By.ID, "wettelijk-kader")
    assert "Politiewet 2012, artikel 38b" in framework.text and "Opiumwet, artikel 13b" in framework.text
    open_page(d, f"{server}/plannen/stadskanaal-2020-2024/themas/ondermijning")
    cited = [a.text for a in d.find_elements(By.CSS_SELECTOR, "a[href*='#wettelijk-kader-']")]
    assert cited == ["Wet Bibob", "Opiumwet, artikel 13b"], cited
    check("thema (wettelijke grondslagen)", "beleid.stadskanaal")
    follow(d, "Opiumwet, artikel 13b")
    assert d.execute_script("return location.hash") == "#wettelijk-kader-opiumwet-13b"

    # The governing bodies stand apart from partners, on the partners page (issue 11, point 2).
    open_page(d, f"{server}/plannen/stadskanaal-2020-2024/partners")
    governance = d.find_element(By.ID, "bestuur")
    assert [h.text for h in governance.find_elements(By.TAG_NAME, "h3")] == [
        "Gemeenteraad Stadskanaal", "Burgemeester van Stadskanaal", "College van burgemeester en wethouders", "Lokale driehoek Stadskanaal"]
    assert "Lokale driehoek (burgemeester, politie en Openbaar Ministerie)" in governance.text
    check("partners (bestuur)", "beleid.stadskanaal")

    assert not failures, failures
