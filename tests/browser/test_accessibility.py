"""axe-core (WCAG 2.1 A/AA and best practices) on the pages for working on plans and accounts,
in the states users meet them: empty and filled forms, forms with error messages, every status
step, the error pages. Zero serious or critical violations; every result, whatever its impact,
goes to /tmp/regie-browser/axe-results.json. The pages are reached by clicking, as a user would;
the plan they work on is created here, so the test does not depend on the others."""
from selenium.webdriver.common.by import By

from conftest import (choose, click_and_wait, fill, follow, h1, login, logout, main_text, open_page, path_of, run_axe,
                      press, submit_login, type_date)


class Checker:
    def __init__(self, driver, axe_results):
        self.driver = driver
        self.results = axe_results
        self.account = "(niet ingelogd)"
        self.failures = []

    def login(self, server, account):
        login(self.driver, server, account)
        self.account = account

    def __call__(self, label: str):
        serious = self.results.check(self.driver, label, self.account)
        if serious:
            self.failures.append((label, path_of(self.driver),
                                  [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in serious]))


def test_accessibility_of_working_pages(server, browser, axe_results):
    d = browser
    check = Checker(d, axe_results)

    # Login page, empty and after a failed attempt (an unknown name locks no account).
    d.get(server + "/inloggen")
    d.delete_all_cookies()
    d.get(server + "/inloggen")
    check("inloggen")
    submit_login(d, "onbekend.account", "niet het goede wachtwoord")
    assert "klopt niet" in main_text(d)
    check("inloggen (mislukt)")

    check.login(server, "beleid.stadskanaal")
    check("start (beleidsmedewerker)")

    # New plan: empty, with an error, then created.
    follow(d, "Nieuw plan")
    check("nieuw plan")
    fill(d, "titel", "Toegankelijk Stadskanaal 2037-2040")
    fill(d, "periode", "2037")
    press(d, "Plan aanmaken")
    assert "Schrijf het eerste en het laatste jaar van de planperiode" in main_text(d)
    check("nieuw plan (fout)")
    fill(d, "periode", "2037 t/m 2040")
    press(d, "Plan aanmaken")
    assert path_of(d).endswith("/bewerken"), path_of(d)
    key = path_of(d).split("/")[2]

    # The editor's pages, empty and filled.
    check("editor (leeg plan)")
    d.get(server + f"/plannen/{key}/bewerken/partners")
    check("editor partners en overleggen (leeg)")
    fill(d, "nieuw-partners", "Politie basisteam")
    press(d, "Partner toevoegen")
    choose(d, "organisatie", "Politie Noord-Nederland")
    choose(d, "soort", "Politie")
    press(d, "Opslaan")
    check("editor partner")
    d.get(server + f"/plannen/{key}/bewerken/themas")
    fill(d, "nieuw-themas", "Woninginbraak")
    press(d, "Thema toevoegen")
    theme_path = path_of(d)
    check("editor thema (leeg)")
    d.get(server + theme_path + "/doelen")
    fill(d, "nieuw-doelen", "Minder woninginbraken")
    press(d, "Doel toevoegen")
    check("editor doel")
    d.get(server + theme_path + "/acties")
    fill(d, "nieuw-acties", "Voorlichting over inbraakpreventie")
    press(d, "Actie toevoegen")
    action_path = path_of(d)
    check("editor actie")
    choose(d, "trekker", "Politie basisteam")
    choose(d, "doel", "Minder woninginbraken")
    fill(d, "planning", "ooit eens")
    press(d, "Opslaan")
    assert "\u201cooit eens\u201d is geen periode" in main_text(d)
    field = d.find_element(By.NAME, "planning")
    assert field.get_attribute("aria-invalid") == "true"
    assert "veld-planning-fout" in field.get_attribute("aria-describedby").split()
    check("editor actie (fout)")
    fill(d, "planning", "2038")
    press(d, "Opslaan")
    assert "Opgeslagen: actie \u201cVoorlichting over inbraakpreventie\u201d." in main_text(d), main_text(d)[:500]
    check("editor actie (opgeslagen)")
    d.get(server + theme_path + "/acties")
    fill(d, "nieuw-acties", "Buurtpreventie-app")
    press(d, "Actie toevoegen")
    d.get(server + theme_path + "/acties")
    check("editor thema (gevuld)")
    d.get(server + theme_path + "/teksten")
    check("editor thema teksten")
    follow(d, "Bewerken")
    check("editor (gevuld plan)")
    click_and_wait(d, d.find_element(By.CSS_SELECTOR, "a[aria-label='Woninginbraak verwijderen']"))
    check("editor verwijderen bevestigen")
    follow(d, "Nee, terug")

    # The plan as readers see it, with the officer's toolbar.
    d.get(server + f"/plannen/{key}")
    check("plan (concept, beleidsmedewerker)")
    follow(d, "Woninginbraak")
    check("thema (concept)")
    d.get(server + f"/plannen/{key}/partners")
    check("partners (concept)")
    d.get(server + f"/plannen/{key}/samenvatting")
    check("samenvatting (concept)")

    # Every status step, and the versions page once there are two versions.
    d.get(server + f"/plannen/{key}")
    follow(d, "Status en versies")
    check("status (concept)")
    press(d, "Ter consultatie voorleggen")
    check("status (ter consultatie, vaststellen)")
    type_date(d, "datum", "2037-01-29")
    fill(d, "besluitnummer", "2037-004")
    press(d, "Vaststellen")
    check("vaststellen bevestigen")
    press(d, "Ja, plan vaststellen")
    check("status (vastgesteld)")
    fill(d, "reden", "Herziening na de evaluatie.")
    press(d, "Nieuwe versie starten")
    assert path_of(d) == f"/plannen/{key}/bewerken", path_of(d)
    d.get(server + f"/plannen/{key}/status")
    follow(d, "Eerdere versies")
    assert "Van versie 1 naar 2" in main_text(d)
    check("versies")

    # Own account.
    follow(d, "Mijn account")
    check("account")
    fill(d, "huidig", "niet mijn wachtwoord")
    fill(d, "nieuw", "kort")
    fill(d, "herhaling", "anders")
    press(d, "Wachtwoord wijzigen")
    assert "Uw huidige wachtwoord klopt niet." in main_text(d)
    check("account (fouten)")
    follow(d, "Tweestapsverificatie instellen")
    assert path_of(d) == "/account/tweestapsverificatie"
    check("tweestapsverificatie instellen")

    # Progress as the police report it, on the adopted demo plan.
    check.login(server, "politie.noord")
    follow(d, "Integraal Veiligheidsbeleid 2020-2024")
    check("plan (vastgesteld, partner)")
    themes = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "ul.themes li > a")]
    for theme in themes:
        d.get(theme)
        links = d.find_elements(By.LINK_TEXT, "Voortgang bijwerken")
        if links:
            check("thema (partner met voortgangslinks)")
            click_and_wait(d, links[0])
            break
    assert "/voortgang" in path_of(d), "the police lead no action in the demo plan"
    check("voortgang")

    # Beheer.
    check.login(server, "beheerder.stadskanaal")
    follow(d, "Accounts")
    check("beheer accounts")
    follow(d, "Logboek van Gemeente Stadskanaal bekijken")
    check("beheer logboek")

    # The error pages.
    check.login(server, "raad.stadskanaal")
    assert open_page(d, server + "/plannen/stadskanaal-2020-2024/bewerken") == 403
    assert h1(d) == "Geen toegang"
    check("403 (bewerken als raadslid)")
    assert open_page(d, server + "/plannen/basisteam-meierij-2023-2026") == 404
    assert h1(d) == "Pagina niet gevonden"
    check("404 (plan van een andere gemeente)")
    assert open_page(d, server + "/bestaat/niet") == 404
    check("404 (onbekend adres)")
    follow(d, "Naar de startpagina")
    logout(d)
    check.account = "(uitgelogd)"
    check("inloggen (uitgelogd)")

    assert not check.failures, check.failures


def test_axe_really_runs_in_the_pages(server, browser):
    """Guards against a false "no violations": axe must find a fault planted in a real page
    (the pages' Content-Security-Policy must not stop it)."""
    browser.get(server + "/inloggen")
    browser.execute_script("const img = document.createElement('img'); img.src = '/css/regie.css';"
                           "document.querySelector('main').appendChild(img);")
    assert "image-alt" in [v["id"] for v in run_axe(browser)]
