"""Clicks through Regie as a reader would, without JavaScript, and checks every reading page
with axe-core (WCAG 2.1 A/AA rules): no serious or critical violations. Every page needs an
account, so each test first logs in with a demo account that may read the plans it visits."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import fetch_with_session, login, path_of


def link(driver, text):
    return driver.find_element(By.LINK_TEXT, text)


def test_reader_clicks_through_a_plan_without_javascript(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    d.get(server + "/")
    assert d.title == "Regie"
    assert d.find_element(By.TAG_NAME, "h1").text == "Veiligheidsplannen"
    assert d.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "nl"

    link(d, "Integraal Veiligheidsbeleid 2020-2024").click()
    assert d.title == "Integraal Veiligheidsbeleid 2020-2024 – Regie"
    themes = d.find_elements(By.CSS_SELECTOR, "ul.themes li > a")
    assert len(themes) == 7
    first_theme = themes[0].text
    themes[0].click()
    assert d.find_element(By.TAG_NAME, "h1").text == first_theme
    assert d.find_elements(By.CSS_SELECTOR, "table.actions tbody tr"), "a priority shows its agreements"

    d.back()
    link(d, "Samenvatting").click()
    rows = d.find_elements(By.CSS_SELECTOR, "table.summary tbody tr")
    assert len(rows) >= 7
    assert d.find_element(By.CSS_SELECTOR, "table.summary thead").text.split() == ["Thema", "Doelstelling", "Afspraken", "Planning"]

    link(d, "Partners en overleggen").click()
    assert "Ketenpartners" in d.page_source
    assert d.find_elements(By.CSS_SELECTOR, "section.partner")


def test_member_view_of_a_shared_plan(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.boxtel")
    d.get(server + "/")
    link(d, "Basisteam Meierij").click()
    assert d.find_element(By.TAG_NAME, "h1").text == "Basisteam Meierij"
    members = d.find_elements(By.CSS_SELECTOR, "main ul li > a")
    assert len(members) == 5
    d.get(server + "/plannen/basisteam-meierij-2023-2026")
    link(d, "Vught").click()
    assert "Weergave voor gemeente Vught" in d.page_source
    assert "Gemeenschappelijk deel" in d.page_source


def test_skip_link_is_first_and_leads_to_main(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.doetinchem")
    d.get(server + "/plannen/doetinchem-2020-2023")
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = d.switch_to.active_element
    assert focused.text == "Direct naar de inhoud"
    assert focused.get_attribute("href").endswith("#inhoud")
    assert d.find_element(By.ID, "inhoud").tag_name == "main"


def test_unknown_plan_shows_dutch_not_found_page(server, browser_without_js):
    d = browser_without_js
    login(d, server, "raad.stadskanaal")
    d.get(server + "/plannen/bestaat-niet")
    assert d.find_element(By.TAG_NAME, "h1").text == "Pagina niet gevonden"
    assert "Naar de startpagina" in d.page_source


def test_reader_follows_the_figures_from_municipality_to_district(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.boxtel")
    d.get(server + "/gemeenten/GM1948")
    d.find_element(By.PARTIAL_LINK_TEXT, "Veiligheidsanalyse").click()
    assert d.find_element(By.TAG_NAME, "h1").text == "Veiligheidsanalyse Meierijstad"
    # Every chart has a text alternative and the numbers as a table beside it.
    # Each chart is drawn wide and narrow (for phones); at this width the wide one shows.
    charts = d.find_elements(By.CSS_SELECTOR, "svg.chart-wide")
    assert charts, "no charts"
    assert all(c.is_displayed() for c in charts[:5])
    assert not any(c.is_displayed() for c in d.find_elements(By.CSS_SELECTOR, "svg.chart-narrow")[:5])
    for chart in charts[:5]:
        assert chart.get_attribute("role") == "img"
        assert chart.find_element(By.TAG_NAME, "desc").get_attribute("textContent").strip()
    assert len(d.find_elements(By.CSS_SELECTOR, "table.figures")) >= len(charts)
    statement = d.find_element(By.CSS_SELECTOR, "#woninginbraak .statement").text
    assert "per 1.000 inwoners" in statement
    assert any(word in statement for word in ("stijging", "daling", "geen duidelijke verandering", "te weinig"))
    csv_link = d.find_element(By.CSS_SELECTOR, "#woninginbraak a[href$='woninginbraak.csv']").get_attribute("href")
    status, _, body = fetch_with_session(d, csv_link)
    assert status == 200
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith('"Jaar";"Meierijstad: aantal"')
    d.find_element(By.CSS_SELECTOR, "#woninginbraak table a[href*='/wijken/']").click()
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("Veiligheidsanalyse ")
    assert "(Meierijstad)" in d.find_element(By.TAG_NAME, "h1").text


def test_plan_chapter_shows_figures_and_interpretation(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    d.get(server + "/plannen/stadskanaal-2020-2024")
    d.find_element(By.LINK_TEXT, "Veiligheidsanalyse").click()
    section = d.find_element(By.ID, "thema-geweld")
    assert "Duiding" in section.text and "meldcode" in section.text
    assert section.find_elements(By.CSS_SELECTOR, "svg.chart")
    d.get(server + "/plannen/stadskanaal-2020-2024/themas/geweld")
    row = d.find_element(By.XPATH, "//th[contains(., 'geregistreerde geweldsmisdrijven')]/..")
    assert "2023:" in row.text and "VOORBEELD-JAAR" in row.text


# The reading pages, each with a demo account that may read it.
READING_PAGES = {
    "beleid.stadskanaal": ["/", "/gemeenten/GM0037", "/plannen/bestaat-niet",
                           "/plannen/stadskanaal-2020-2024", "/plannen/stadskanaal-2020-2024/samenvatting",
                           "/plannen/stadskanaal-2020-2024/partners", "/plannen/stadskanaal-2020-2024/themas/woninginbraak",
                           "/gemeenten/GM0037/veiligheidsanalyse", "/plannen/stadskanaal-2020-2024/veiligheidsanalyse",
                           "/plannen/stadskanaal-2020-2024/themas/geweld"],
    "beleid.doetinchem": ["/plannen/doetinchem-2020-2023", "/plannen/doetinchem-2020-2023/samenvatting",
                          "/plannen/doetinchem-2020-2023/partners"],
    "beleid.boxtel": ["/samenwerkingsverbanden/basisteam-meierij", "/plannen/basisteam-meierij-2023-2026",
                      "/plannen/basisteam-meierij-2023-2026/samenvatting", "/plannen/basisteam-meierij-2023-2026/partners",
                      "/plannen/basisteam-meierij-2023-2026/gemeenten/GM0865",
                      "/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse",
                      "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse"],
    "beleid.lindewaarde": ["/plannen/lindewaarde-2025-2028", "/plannen/lindewaarde-2025-2028/samenvatting",
                           "/plannen/lindewaarde-2025-2028/partners"],
}


def test_accessibility_of_reading_pages(server, browser, axe_results):
    failures = []
    for account, paths in READING_PAGES.items():
        login(browser, server, account)
        for path in paths:
            browser.get(server + path)
            assert path_of(browser) == path, f"{account} could not open {path}: {browser.title}"
            serious = axe_results.check(browser, path, account)
            if serious:
                failures.append((path, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in serious]))
    assert not failures, failures


def test_theme_and_summary_pages_print_without_cutting_anything_off(server, browser):
    """Printed (A4 portrait), the actions table with its status column and progress notes, and
    the summary table, stay within the page."""
    from conftest import print_problems
    login(browser, server, "beleid.stadskanaal")
    for path in ("/plannen/stadskanaal-2020-2024/themas/woninginbraak", "/plannen/stadskanaal-2020-2024/samenvatting",
                 "/plannen/stadskanaal-2020-2024/themas/burenproblematiek"):
        browser.get(server + path)
        assert print_problems(browser) == [], path
