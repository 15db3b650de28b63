"""Clicks through Regie as a reader would, without JavaScript, and checks every reading page
with axe-core (WCAG 2.1 A/AA rules): no serious or critical violations. Every page needs an
account, so each test first logs in with a demo account that may read the plans it visits."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import main_text

from conftest import LAPTOP, PHONE, assert_fits, chart_text_problems, click_and_wait, fetch_with_session, login, path_of


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
    d.find_element(By.PARTIAL_LINK_TEXT, "Veiligheidsanalyse:").click()
    assert d.find_element(By.TAG_NAME, "h1").text == "Veiligheidsanalyse Meierijstad"
    # The overview has one row per series; old links to #woninginbraak land on its row.
    row = d.find_element(By.CSS_SELECTOR, "table.overview tr#woninginbraak")
    assert "2023" in row.text
    row.find_element(By.LINK_TEXT, "Woninginbraak").click()
    assert path_of(d) == "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak"
    assert d.find_element(By.TAG_NAME, "h1").text == "Woninginbraak"
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
    statement = d.find_element(By.CSS_SELECTOR, "main .statement").text
    assert "per 1.000 inwoners" in statement
    assert any(word in statement for word in ("stijging", "daling", "geen duidelijke verandering", "te weinig"))
    csv_link = d.find_element(By.CSS_SELECTOR, "main a[href$='woninginbraak.csv']").get_attribute("href")
    status, _, body = fetch_with_session(d, csv_link)
    assert status == 200
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith('"Jaar";"Meierijstad: aantal"')
    d.find_element(By.CSS_SELECTOR, "main table a[href*='/wijken/']").click()
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("Veiligheidsanalyse ")
    assert "(Meierijstad)" in d.find_element(By.TAG_NAME, "h1").text


def test_plan_chapter_shows_figures_and_interpretation(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    d.get(server + "/plannen/stadskanaal-2020-2024")
    d.find_element(By.LINK_TEXT, "Veiligheidsanalyse").click()
    section = d.find_element(By.ID, "thema-geweld")
    assert "Duiding" in section.text and "meldcode" in section.text
    # The theme's series are rows that lead to the series' own page, with its chart and the duiding.
    section.find_element(By.CSS_SELECTOR, "table.overview th a").click()
    assert "/plannen/stadskanaal-2020-2024/veiligheidsanalyse/reeksen/" in path_of(d)
    assert d.find_elements(By.CSS_SELECTOR, "main svg.chart")
    assert "meldcode" in main_text(d)
    d.get(server + "/plannen/stadskanaal-2020-2024/themas/geweld")
    row = d.find_element(By.XPATH, "//th[contains(., 'geregistreerde geweldsmisdrijven')]/..")
    # Both demo crime tables are invented and cover the same years: the newer import
    # (VOORBEELD-MAAND, read after VOORBEELD-JAAR) feeds the yearly figures (docs/safety-analysis.md).
    assert "2023:" in row.text and "VOORBEELD-MAAND" in row.text


# The reading pages, each with a demo account that may read it.
READING_PAGES = {
    "beleid.stadskanaal": ["/", "/gemeenten/GM0037", "/plannen/bestaat-niet",
                           "/plannen/stadskanaal-2020-2024", "/plannen/stadskanaal-2020-2024/samenvatting",
                           "/plannen/stadskanaal-2020-2024/partners", "/plannen/stadskanaal-2020-2024/themas/woninginbraak",
                           "/gemeenten/GM0037/veiligheidsanalyse", "/plannen/stadskanaal-2020-2024/veiligheidsanalyse",
                           "/gemeenten/GM0037/veiligheidsanalyse/reeksen/woninginbraak",
                           "/plannen/stadskanaal-2020-2024/veiligheidsanalyse/reeksen/geweld",
                           "/plannen/stadskanaal-2020-2024/themas/geweld"],
    "beleid.doetinchem": ["/plannen/doetinchem-2020-2023", "/plannen/doetinchem-2020-2023/samenvatting",
                          "/plannen/doetinchem-2020-2023/partners"],
    "beleid.boxtel": ["/samenwerkingsverbanden/basisteam-meierij", "/plannen/basisteam-meierij-2023-2026",
                      "/plannen/basisteam-meierij-2023-2026/samenvatting", "/plannen/basisteam-meierij-2023-2026/partners",
                      "/plannen/basisteam-meierij-2023-2026/gemeenten/GM0865",
                      "/gemeenten/GM1948/veiligheidsanalyse/overige-cijfers",
                      "/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse",
                      "/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse/reeksen/woninginbraak",
                      "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse",
                      "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse/reeksen/geweld"],
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


def test_layout_checks_see_what_a_person_would():
    """The common page visit's checks, on pages built to break them: they must not pass a page
    wider than a phone, a header row beside its body, or a chart drawn too small."""
    from conftest import layout_problems_at_widths, make_driver
    d = make_driver(javascript=True)
    try:
        d.get("data:text/html,<meta name=viewport content='width=device-width'><main>"
              "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
              "<div style='width:900px'>breed</div>"
              "<svg viewBox='0 0 640 300' style='width:100%'><text x='0' y='20' font-size='12'>label</text></svg></main>")
        problems = layout_problems_at_widths(d)
        assert any("at 390 px: page is" in p for p in problems), problems
        assert not any("at 1366 px" in p for p in problems), problems
        assert any("chart text" in p for p in problems), problems
        d.get("data:text/html,<style>table.actions{display:flex}</style><table class=actions><thead><tr><th>A</th></tr></thead>"
              "<tbody><tr><td>1</td></tr></tbody></table>")
        assert any("header row not above its body" in p for p in layout_problems_at_widths(d))
    finally:
        d.quit()


PLAN_TABS = ["/plannen/stadskanaal-2020-2024/samenvatting", "/plannen/stadskanaal-2020-2024/partners",
             "/plannen/stadskanaal-2020-2024/veiligheidsanalyse"]


def test_plan_tabs_start_their_content_in_the_first_screen(server, browser):
    """On a laptop (1366 × 768) the tab's own heading lies in the top 300 px: the header is
    compact, and "Status en versies" is an ordinary link after the title, not a button above it."""
    d = browser
    login(d, server, "beleid.stadskanaal")
    size = d.get_window_size()
    d.set_window_size(LAPTOP, 768)
    try:
        for path in PLAN_TABS:
            d.get(server + path)
            heading = d.find_element(By.XPATH, "//nav[contains(@class,'tabs')]/following::*[self::h2 or self::h3][1]")
            top = d.execute_script("return arguments[0].getBoundingClientRect().top", heading)
            assert top < 300, f"{path}: the tab's heading starts at {top} px"
            status = d.find_element(By.LINK_TEXT, "Status en versies")
            title = d.find_element(By.TAG_NAME, "h1")
            assert status.location["y"] > title.location["y"], f"{path}: Status en versies above the title"
            assert "button" not in (status.get_attribute("class") or "")
        # The long introduction (kind, subtitle, adoptions) stays on the plan's own page.
        d.get(server + "/plannen/stadskanaal-2020-2024")
        assert d.find_elements(By.CSS_SELECTOR, ".plan-header .kicker")
        d.get(server + "/plannen/stadskanaal-2020-2024/samenvatting")
        assert not d.find_elements(By.CSS_SELECTOR, ".plan-header .kicker")
    finally:
        d.set_window_size(size["width"], size["height"])


def test_analysis_is_in_the_main_navigation_and_is_an_overview(server, browser):
    d = browser
    login(d, server, "beleid.stadskanaal")
    size = d.get_window_size()
    d.set_window_size(LAPTOP, 768)
    try:
        d.get(server + "/")
        menu = d.find_element(By.CSS_SELECTOR, "header.site nav[aria-label='Hoofdmenu']")
        click_and_wait(d, menu.find_element(By.LINK_TEXT, "Veiligheidsanalyse"))
        assert path_of(d) == "/gemeenten/GM0037/veiligheidsanalyse"
        # An overview of at most three screens instead of one page of 45,000 px.
        height = d.execute_script("return document.documentElement.scrollHeight")
        assert height <= 3 * 768, f"the analysis overview is {height} px high"
        series = d.find_elements(By.CSS_SELECTOR, "table.overview tbody th a")
        assert len(series) >= 10
        click_and_wait(d, series[0])
        assert "/veiligheidsanalyse/reeksen/" in path_of(d)
        assert d.find_elements(By.CSS_SELECTOR, "svg.chart-wide") and d.find_elements(By.CSS_SELECTOR, "table.figures")
        # On a plan's pages the menu leads to the plan's own analysis.
        d.get(server + "/plannen/stadskanaal-2020-2024/samenvatting")
        menu = d.find_element(By.CSS_SELECTOR, "header.site nav[aria-label='Hoofdmenu']")
        click_and_wait(d, menu.find_element(By.LINK_TEXT, "Veiligheidsanalyse"))
        assert path_of(d) == "/plannen/stadskanaal-2020-2024/veiligheidsanalyse"
    finally:
        d.set_window_size(size["width"], size["height"])


def test_charts_on_a_phone_show_the_narrow_drawing_with_readable_text(server, browser):
    d = browser
    login(d, server, "beleid.stadskanaal")
    size = d.get_window_size()
    d.set_window_size(PHONE, 844)
    try:
        d.get(server + "/gemeenten/GM0037/veiligheidsanalyse/reeksen/woninginbraak")
        narrow = d.find_elements(By.CSS_SELECTOR, "svg.chart-narrow")
        assert narrow and all(c.is_displayed() for c in narrow)
        assert not any(c.is_displayed() for c in d.find_elements(By.CSS_SELECTOR, "svg.chart-wide"))
        assert chart_text_problems(d) == []
        # A wide table scrolls in its own box, which the keyboard can reach and which has a name.
        box = d.find_element(By.CSS_SELECTOR, "div.table-scroll")
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        assert box.get_attribute("aria-label").startswith("Tabel: ")
    finally:
        d.set_window_size(size["width"], size["height"])
    assert_fits(d)
