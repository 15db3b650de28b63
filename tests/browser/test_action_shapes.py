"""Issue 11: actions under several themes, example actions, actions without status and an
action's own focus points and sub-goals, on the theme pages of the Lindewaarde demo plan at
phone and laptop widths (axe and layout), and edited in the browser's editor."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import choose, fill, h1, login, main_text, path_of, press

PLAN = "lindewaarde-2025-2028"


def test_theme_pages_show_shared_actions_examples_parts_and_no_status(server, browser, axe_results):
    d = browser
    login(d, server, "beleid.lindewaarde")
    failures = []

    d.get(server + f"/plannen/{PLAN}/themas/digitale-weerbaarheid")
    text = main_text(d)
    assert "Voorbeelden van wat we gaan doen" in text
    assert "Afspraken uit andere thema\u2019s" in text
    shared = d.find_element(By.ID, "actie-ja-ouderavonden")
    assert "Ook onder thema Jongeren uit de criminaliteit houden" in shared.text
    examples = d.find_element(By.CSS_SELECTOR, "section.examples")
    assert "Een spreekuur" in examples.text
    headers = [th.text for th in examples.find_elements(By.CSS_SELECTOR, "thead th")]
    assert "Planning" not in headers and "Status" not in headers, headers
    scan = d.find_element(By.ID, "actie-dw-cyberscan")
    assert "Subdoel" in scan.text and "Aandachtspunten" in scan.text
    assert "geen status" in scan.text
    serious = axe_results.check(d, "thema met voorbeelden en gedeelde actie", "beleid.lindewaarde")
    if serious:
        failures.append(("digitale-weerbaarheid", serious))

    d.get(server + f"/plannen/{PLAN}/themas/jonge-aanwas")
    assert "Ook onder thema Digitale weerbaarheid" in d.find_element(By.ID, "actie-ja-ouderavonden").text
    serious = axe_results.check(d, "thema waarvan een actie gedeeld wordt", "beleid.lindewaarde")
    if serious:
        failures.append(("jonge-aanwas", serious))

    # An action of a track that serves a goal is on the page once, in its track.
    d.get(server + f"/plannen/{PLAN}/themas/ondermijning")
    assert len(d.find_elements(By.ID, "actie-ow-bibob-beleid")) == 1
    assert "Draagt bij aan het doel" in d.find_element(By.ID, "actie-ow-bibob-beleid").text
    serious = axe_results.check(d, "thema met sporen", "beleid.lindewaarde")
    if serious:
        failures.append(("ondermijning", serious))
    assert not failures, failures


def test_an_action_becomes_an_example_without_status_with_a_sub_goal(server, browser, axe_results):
    d = browser
    d.set_window_size(1366, 900)
    login(d, server, "beleid.lindewaarde")
    # The demo plan is adopted; a draft copy is edited.
    d.get(server + "/plannen/nieuw")
    fill(d, "titel", "Vormen van acties Lindewaarde 2045-2048")
    Select(d.find_element(By.NAME, "eigenaar")).select_by_visible_text("Gemeente Lindewaarde")
    fill(d, "periode", "2025-2028")
    Select(d.find_element(By.NAME, "kopie-van")).select_by_value(PLAN)
    press(d, "Plan aanmaken")
    match = re.match(r"/plannen/([a-z0-9-]+)/", path_of(d))
    assert match, path_of(d)
    key = match.group(1)

    action = f"/plannen/{key}/bewerken/themas/jonge-aanwas/acties/ja-jeugdregisseur"
    d.get(server + action)
    d.find_element(By.CSS_SELECTOR, "input[name=voorbeeld][value=ja]").click()
    choose(d, "status", "Geen status")
    press(d, "Opslaan")
    assert "Opgeslagen" in main_text(d), main_text(d)[:600]

    d.get(server + action)
    assert d.find_element(By.CSS_SELECTOR, "input[name=voorbeeld][value=ja]").is_selected()
    fill(d, "nieuw-onderdelen", "Elke jongere in beeld heeft binnen twee weken een plan")
    press(d, "Onderdeel toevoegen")
    assert path_of(d).endswith("/onderdelen/1"), path_of(d)
    assert h1(d).startswith("Onderdeel 1 van actie"), h1(d)
    serious = axe_results.check(d, "onderdeel van een actie", "beleid.lindewaarde")
    choose(d, "soort", "Subdoel")
    press(d, "Opslaan")
    assert "Opgeslagen" in main_text(d), main_text(d)[:600]

    d.get(server + action)
    serious += axe_results.check(d, "actie met voorbeeld en onderdelen", "beleid.lindewaarde")

    d.get(server + f"/plannen/{key}/themas/jonge-aanwas")
    examples = d.find_element(By.CSS_SELECTOR, "section.examples")
    assert "jeugdregisseur" in examples.text
    assert "Subdoel" in examples.text and "binnen twee weken een plan" in examples.text
    assert not serious, serious
