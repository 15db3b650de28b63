"""Issue 13 point 9: every municipality in the imported figures has its analysis page, and a
municipality's analysis offers a plain form to compare with another one."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import LAPTOP, PHONE, assert_fits, h1, login, main_text, open_page, path_of


def test_compare_with_another_municipality_without_javascript(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    d.get(server + "/gemeenten/GM0037/veiligheidsanalyse")
    section = d.find_element(By.ID, "vergelijken")
    assert section.find_element(By.TAG_NAME, "h2").text == "Vergelijk met een andere gemeente"
    choice = Select(section.find_element(By.ID, "vergelijk-gemeente"))
    labels = [option.text for option in choice.options]
    assert "Heusden (GM0797)" in labels and not any("GM0037" in label for label in labels)
    choice.select_by_value("GM0797")
    section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert path_of(d) == "/gemeenten/GM0797/veiligheidsanalyse"
    assert h1(d) == "Veiligheidsanalyse Heusden"
    assert d.find_element(By.CSS_SELECTOR, "table.overview tr#woninginbraak")
    assert_fits(d)


def test_unknown_municipality_code_is_a_dutch_404(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beleid.stadskanaal")
    assert open_page(d, server + "/gemeenten/GM9999/veiligheidsanalyse") == 404
    assert "Gemeentecode GM9999 is onbekend" in main_text(d)
    # The list the message names is a link to every municipality with an analysis.
    d.find_element(By.CSS_SELECTOR, "main a[href='/gemeenten']").click()
    assert path_of(d) == "/gemeenten"
    assert h1(d) == "Veiligheidsanalyse per gemeente"
    d.find_element(By.LINK_TEXT, "Heusden (GM0797)").click()
    assert path_of(d) == "/gemeenten/GM0797/veiligheidsanalyse"
    assert h1(d) == "Veiligheidsanalyse Heusden"
    assert_fits(d)


def test_compare_form_is_accessible_at_phone_and_laptop_width(server, browser, axe_results):
    login(browser, server, "beleid.stadskanaal")
    size = browser.get_window_size()
    failures = []
    try:
        for width in (PHONE, LAPTOP):
            browser.set_window_size(width, size["height"])
            browser.get(server + "/gemeenten/GM0037/veiligheidsanalyse#vergelijken")
            assert browser.find_element(By.ID, "vergelijk-gemeente").is_displayed()
            serious = axe_results.check(browser, f"/gemeenten/GM0037/veiligheidsanalyse ({width} px)", "beleid.stadskanaal")
            if serious:
                failures.append((width, [(v["id"], v["impact"]) for v in serious]))
    finally:
        browser.set_window_size(size["width"], size["height"])
    assert not failures, failures
    assert_fits(browser)
