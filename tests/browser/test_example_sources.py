"""Issue 13 point 7: the demo's invented example figures are never taken for real ones. Every
series says which table its figures come from, figures from the `voorbeeld-` tables carry the
notice, the download names its source and the figures page marks example tables."""
from selenium.webdriver.common.by import By

from conftest import LAPTOP, PHONE, assert_fits, fetch_with_session, login, main_text

NOTICE = "Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers."
SERIES = "/gemeenten/GM0037/veiligheidsanalyse/reeksen/woninginbraak"
OVERVIEW = "/gemeenten/GM0037/veiligheidsanalyse"


def visible_texts(driver, selector: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def notice_is_readable(driver) -> None:
    """The first notice is on screen width-wise and not cut off or squeezed."""
    notice = next(e for e in driver.find_elements(By.CSS_SELECTOR, "p.notice.example-data") if e.is_displayed())
    box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right, r.height, document.documentElement.clientWidth];", notice)
    left, right, height, width = box
    assert left >= 0 and right <= width + 1, f"the notice runs off the screen: {box}"
    assert height >= 16, f"the notice is squeezed: {box}"


def test_series_page_names_its_sources_and_warns_at_both_widths(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    size = d.get_window_size()
    try:
        for width in (PHONE, LAPTOP):
            d.set_window_size(width, size["height"])
            d.get(server + SERIES)
            sources = visible_texts(d, "div.sources p.source")
            assert any(s.startswith("Bron van de cijfers per jaar: ") and "(tabel VOORBEELD-" in s for s in sources), (width, sources)
            # The inhabitants are real CBS figures: named, without the notice.
            assert any(s.startswith("Bron van het aantal inwoners: ") and "37230ned" in s for s in sources), (width, sources)
            assert NOTICE in visible_texts(d, "p.notice.example-data"), width
            notice_is_readable(d)
            # The monthly pattern comes from the invented monthly table: named and warned too.
            months = [s for s in sources if s.startswith("Bron van de cijfers per maand: ")]
            assert months and "(tabel VOORBEELD-MAAND)" in months[0], (width, sources)
            assert len(visible_texts(d, "p.notice.example-data")) >= 2, width
            assert_fits(d)
    finally:
        d.set_window_size(size["width"], size["height"])


def test_overview_names_the_table_of_each_series(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    size = d.get_window_size()
    try:
        for width in (PHONE, LAPTOP):
            d.set_window_size(width, size["height"])
            d.get(server + OVERVIEW)
            overview = d.find_element(By.ID, "overzicht")
            sources = [e.text for e in overview.find_elements(By.CSS_SELECTOR, "div.sources p.source") if e.is_displayed()]
            # The notice comes first, then which table the series come from.
            # One table feeds every series of the demo: "alle reeksen".
            assert sources and sources[0].startswith(NOTICE + " Bron van alle reeksen: "), (width, sources)
            assert "(tabel VOORBEELD-" in sources[0]
            assert d.find_element(By.CSS_SELECTOR, "#overzicht p.source.notice.example-data strong").text == NOTICE
            assert "(verzonnen voorbeeldcijfers)" in d.find_element(By.CSS_SELECTOR, "p.lead").text
            assert_fits(d)
    finally:
        d.set_window_size(size["width"], size["height"])


def test_downloads_carry_the_source(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    d.get(server + SERIES)
    status, _, body = fetch_with_session(d, server + "/gemeenten/GM0037/veiligheidsanalyse/woninginbraak.csv")
    assert status == 200
    last = [line for line in body.decode("utf-8-sig").split("\r\n") if line][-1]
    assert last.startswith('"Bron: ') and "(tabel VOORBEELD-" in last and NOTICE in last, last
    status, _, body = fetch_with_session(d, server + "/gemeenten/GM0037/veiligheidsanalyse/overzicht.csv")
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0].endswith('"Bron"'), lines[0]
    assert any(line.startswith('"Woninginbraak"') and "verzonnen voorbeeldcijfers" in line for line in lines)


def test_indicator_measured_from_example_figures_says_so(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    d.get(server + "/plannen/stadskanaal-2020-2024/themas/geweld")
    row = d.find_element(By.XPATH, "//th[contains(., 'geregistreerde geweldsmisdrijven')]/..")
    assert "(tabel VOORBEELD-" in row.text and NOTICE in row.text, row.text
    assert_fits(d)


def test_figures_page_marks_example_tables(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beheerder.stadskanaal")
    d.get(server + "/beheer/cijfers")
    rows = d.find_elements(By.CSS_SELECTOR, "table tbody tr")
    marked = {r.find_elements(By.TAG_NAME, "td")[0].text for r in rows if r.find_elements(By.CSS_SELECTOR, ".badge.example-data")}
    # The demo's invented tables (folders voorbeeld-…) are VOORBEELD-JAAR and VOORBEELD-MAAND; the
    # real CBS population tables it loads are not marked.
    assert marked == {"VOORBEELD-JAAR", "VOORBEELD-MAAND"}, marked
    assert "verzonnen voorbeeldcijfers van de demo" in main_text(d)
    assert_fits(d)


def test_sources_and_notice_are_accessible(server, browser, axe_results):
    login(browser, server, "beleid.stadskanaal")
    size = browser.get_window_size()
    failures = []
    try:
        for width in (PHONE, LAPTOP):
            browser.set_window_size(width, size["height"])
            browser.get(server + SERIES)
            serious = axe_results.check(browser, f"{SERIES} met bronnen ({width} px)", "beleid.stadskanaal")
            if serious:
                failures.append((width, [(v["id"], v["impact"]) for v in serious]))
    finally:
        browser.set_window_size(size["width"], size["height"])
    assert not failures, failures
