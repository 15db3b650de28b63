"""Issue 11, points 7, 10 and 11: other names of themes and goals, partners as plans name them
and consultation bodies, on the reading pages at a phone's and a laptop's width (with axe-core),
and edited in the browser: a partner's status and themes, and the bodies where a goal is taken up."""
from selenium.webdriver.common.by import By

from conftest import (LAPTOP, PHONE, assert_fits, choose, login, main_text, path_of, press, run_axe,
                      selected_label)

PLAN = "/plannen/basisteam-meierij-2023-2026"
EDITOR = PLAN + "/bewerken"


def visit(d, server, path):
    """Opens `path`, checks it fits both widths and has no serious or critical axe violations."""
    d.get(server + path)
    assert path_of(d) == path, d.title
    assert_fits(d)
    serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in run_axe(d) if v["impact"] in ("serious", "critical")]
    assert not serious, (path, serious)


def at_widths(d, check):
    size = d.get_window_size()
    try:
        for width in (PHONE, LAPTOP):
            d.set_window_size(width, size["height"])
            check()
    finally:
        d.set_window_size(size["width"], size["height"])


def checkbox(d, name, value):
    return d.find_element(By.CSS_SELECTOR, f"input[type=checkbox][name='{name}'][value='{value}']")


def test_partners_and_theme_pages_show_kinds_statuses_aliases_and_bodies(server, browser):
    d = browser
    login(d, server, "beleid.boxtel")
    visit(d, server, PLAN + "/partners")

    def partners_page():
        text = main_text(d)
        assert "Rijksoverheid en ministeries · Mogelijke partner" in text
        assert "Provincie · Te benaderen / lobby" in text
        assert "Justitie (reclassering, DJI, Raad voor de Kinderbescherming)" in text
        assert "Werkt aan: Ondermijning" in text
        assert "Bestaand overleg" in text and "Nog op te starten" in text
        assert "Hier besproken: " in text
        assert " 0 afspraken" not in text and "Trekker van 0" not in text
        assert d.find_element(By.ID, "overleg-platform-digitale-veiligheid").is_displayed()
    at_widths(d, partners_page)
    names = [h.text for h in d.find_elements(By.CSS_SELECTOR, "section.partner h3")]
    assert names.index("Provincie Noord-Brabant") == len(names) - 1, "a partner still to be approached comes last"

    visit(d, server, PLAN + "/themas/zorg-en-veiligheid")

    def theme_page():
        text = main_text(d)
        assert "Ook genoemd: Zorg en Veiligheid in het sociaal domein, Personen met verward gedrag" in text
        assert "Ook genoemd: Verbinding zorg en veiligheid" in text
        assert "Besproken in: Ambtelijke stuurgroep integrale veiligheid Meierij, Casusoverleg Zorg en Veiligheid" in text
    at_widths(d, theme_page)

    visit(d, server, PLAN + "/themas/heusden-evenementen-horeca")

    def owner_role():
        assert "Gemeente Heusden (projectleider Keurmerk Veilig Ondernemen)" in main_text(d)
    at_widths(d, owner_role)

    visit(d, server, PLAN)
    assert "Ook genoemd: Zorg en Veiligheid in het sociaal domein" in main_text(d)


def test_partner_status_and_themes_and_goal_bodies_are_edited_in_the_browser(server, browser):
    d = browser
    login(d, server, "beleid.boxtel")
    visit(d, server, EDITOR + "/partners/odbn")
    assert selected_label(d, "status") == "Actieve partner"
    choose(d, "status", "Mogelijke partner")
    choose(d, "soort", "Kennisinstituut")
    box = checkbox(d, "themas", "digitale-veiligheid")
    assert not box.is_selected()
    box.click()
    press(d, "Opslaan")

    visit(d, server, PLAN + "/partners")
    section = d.find_element(By.ID, "partner-odbn")
    assert "Kennisinstituut · Mogelijke partner" in section.text
    assert "Werkt aan: Digitale veiligheid" in section.text

    visit(d, server, EDITOR + "/themas/digitale-veiligheid/doelen/dv-basis-op-orde")
    checkbox(d, "overleggen", "stuurgroep-ivp").click()
    d.find_element(By.NAME, "ook-genoemd").send_keys("Informatiebeveiliging op orde")
    press(d, "Opslaan")

    visit(d, server, EDITOR + "/overleggen/stuurgroep-ivp")
    choose(d, "status", "Bestaand overleg")
    press(d, "Opslaan")

    visit(d, server, PLAN + "/themas/digitale-veiligheid")
    goal = d.find_element(By.ID, "doel-dv-basis-op-orde")
    assert "Ook genoemd: Informatiebeveiliging op orde" in goal.text
    assert "Besproken in: Ambtelijke stuurgroep integrale veiligheid Meierij" in goal.text
    visit(d, server, PLAN + "/partners")
    body = d.find_element(By.ID, "overleg-stuurgroep-ivp")
    assert "Bestaand overleg" in body.text
    assert "De informatiebeveiliging van de vijf gemeenten voldoet aan het basisniveau" in body.text
