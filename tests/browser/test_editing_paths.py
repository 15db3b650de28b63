"""Short editing paths: a policy officer changes one action straight from its theme page, and
the editor's pages stay short because the editor is split into sections."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click_and_wait, fill, h1, layout_problems, login, main_text, path_of, press

SOURCE = "stadskanaal-2020-2024"
TITLE = "Kort pad Stadskanaal 2041-2044"


def height(driver) -> int:
    return driver.execute_script("return document.documentElement.scrollHeight")


def copy_of_demo_plan(driver, server: str) -> str:
    """A draft copy of the demo plan (the demo plan itself is adopted); returns its key."""
    driver.get(server + "/plannen/nieuw")
    fill(driver, "titel", TITLE)
    Select(driver.find_element(By.NAME, "eigenaar")).select_by_visible_text("Gemeente Stadskanaal")
    fill(driver, "periode", "2020-2024")
    Select(driver.find_element(By.NAME, "kopie-van")).select_by_value(SOURCE)
    press(driver, "Plan aanmaken")
    # A copy lands on the report of what the copy changed.
    match = re.match(r"/plannen/([a-z0-9-]+)/na-het-kopieren", path_of(driver))
    assert match, f"{path_of(driver)} {main_text(driver)[:500]}"
    return match.group(1)


def test_one_action_is_changed_from_its_theme_page_in_two_clicks(server, browser):
    d = browser
    d.set_window_size(1366, 900)
    login(d, server, "beleid.stadskanaal")
    key = copy_of_demo_plan(d, server)

    d.get(server + f"/plannen/{key}/themas/woninginbraak")
    links = d.find_elements(By.CSS_SELECTOR, "table.actions tbody tr .edit-link a")
    assert links, "no edit links beside the actions"
    link = links[0]
    name = link.get_attribute("textContent")
    # The link's accessible name says which action it edits.
    assert name.startswith("Bewerken: actie \u201c") and name.endswith("\u201d"), name
    # (The demo plan file wraps descriptions over several lines; the one-line field wants one.)
    description = " ".join(name[len("Bewerken: actie \u201c"):-1].split())
    clicks = 0

    click_and_wait(d, link)
    clicks += 1
    assert " ".join(h1(d).split()) == f"Actie \u201c{description}\u201d", h1(d)
    action_page = height(d)
    fill(d, "omschrijving", description)
    fill(d, "resultaat", "Elke wijk heeft een eigen buurtpreventieteam.")
    press(d, "Opslaan")
    clicks += 1
    assert f"Opgeslagen: actie \u201c{description}\u201d." in main_text(d)
    assert d.find_element(By.CSS_SELECTOR, "li.saved").get_attribute("id") == path_of(d).split("#")[1]
    assert clicks == 2
    print(f"\nclicks from the theme page to a saved action: {clicks}; action page {action_page} px")

    d.get(server + f"/plannen/{key}/themas/woninginbraak")
    assert "Elke wijk heeft een eigen buurtpreventieteam." in d.find_element(By.CSS_SELECTOR, "table.actions").text

    # The theme page's "Bewerken" opens this theme in the editor, not the top of the plan.
    click_and_wait(d, d.find_element(By.CSS_SELECTOR, "nav.toolbar").find_element(By.LINK_TEXT, "Bewerken"))
    assert h1(d).startswith("Thema \u201cWoninginbra"), h1(d)
    assert path_of(d) == f"/plannen/{key}/bewerken/themas/woninginbraak/gegevens", path_of(d)

    # Every page of the editor of the demo plan is short, and none is broken.
    base = f"/plannen/{key}/bewerken"
    d.get(server + base)
    sections = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "nav.sections a")]
    d.get(server + base + "/themas/woninginbraak")
    sections += [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "nav.sections a")]
    heights, below = {}, {}
    for url in sections:
        d.get(url)
        assert not layout_problems(d), (url, layout_problems(d))
        part = url.split("/bewerken", 1)[1] or "/"
        heights[part] = height(d)
        # What the section adds below the shared header and navigation.
        below[part] = height(d) - d.execute_script(
            "return document.querySelector('nav.sections').getBoundingClientRect().bottom + window.scrollY")
    print("editor page heights at 1366 px:", heights)
    top = heights["/gegevens"] - below["/gegevens"]
    plan_parts = [p for p in below if not p.startswith("/themas/")]
    theme_parts = [p for p in below if p.startswith("/themas/")]
    print(f"tallest editor page: {max(heights.values())} px; the plan's sections on one page would be about "
          f"{top + sum(below[p] for p in plan_parts):.0f} px, the theme's about {top + sum(below[p] for p in theme_parts):.0f} px")
    assert max(heights.values()) < 4000, heights
