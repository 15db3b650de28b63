"""Copying a plan for a new period as an officer does it: the period typed the way people write
it ("2025 t/m 2028"), the dates shifted, and a page afterwards that says what changed and links
to what needs a look."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click_and_wait, fill, follow, h1, layout_problems, login, main_text, path_of, press


def test_copy_for_new_period_with_typed_period(server, browser):
    d = browser
    login(d, server, "beleid.stadskanaal")
    follow(d, "Nieuw plan")
    period = d.find_element(By.NAME, "periode")
    assert period.get_attribute("maxlength") is None, "the browser must not cut what is typed"
    assert d.find_element(By.NAME, "titel").get_attribute("maxlength") is None
    assert "Maximaal 300 tekens." in main_text(d)
    fill(d, "titel", "Kopie voor de nieuwe periode")
    Select(d.find_element(By.NAME, "eigenaar")).select_by_value("GM0037")
    fill(d, "periode", "2025 t/m 2028")
    Select(d.find_element(By.NAME, "kopie-van")).select_by_value("stadskanaal-2020-2024")
    assert Select(d.find_element(By.NAME, "datums")).first_selected_option.get_attribute("value") == "verschuiven", "shifting is the default"
    press(d, "Plan aanmaken")

    assert h1(d) == "Na het kopi\u00ebren", main_text(d)[:500]
    assert path_of(d).startswith("/plannen/kopie-voor-de-nieuwe-periode-2025-2028/na-het-kopieren?")
    text = main_text(d)
    assert "De nieuwe planperiode is 2025\u20132028." in text
    assert "5 jaar later gezet" in text
    assert "Kijk hier nog naar" in text
    assert layout_problems(d) == []

    # Each item that needs a look opens exactly that field in the editor.
    links = d.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='nakijken'] ul.copy-notes a")
    assert links, "the copy of Stadskanaal's targets (2020-2024, now 2025-2029) needs a look"
    href = links[0].get_attribute("href")
    field = href.split("#", 1)[1]
    click_and_wait(d, links[0])
    assert "/bewerken/" in path_of(d)
    assert d.find_element(By.ID, field).tag_name in ("input", "textarea", "select")

    # The plan's own period field shows the canonical spelling.
    d.get(server + "/plannen/kopie-voor-de-nieuwe-periode-2025-2028/bewerken")
    assert d.find_element(By.NAME, "periode").get_attribute("value") == "2025-2028"
