"""Hostile text as the outside attack typed it (issue 10, point 2): a `<meta refresh>` and a
`<button formaction>` in a one-line field, and in a login link's return address. In a real
Chromium the page must stay where it is, with no element made of the text."""
import time
from urllib.parse import quote, urlparse

from selenium.webdriver.common.by import By

from conftest import choose, fill, login, main_text, path_of, press

REFRESH = '"><meta http-equiv="refresh" content="0;url=/?gekaapt=1"><button formaction="/uitloggen">Ga verder</button>'


def injected(driver) -> list[str]:
    """Elements that only an injection would have made."""
    found = []
    if driver.find_elements(By.CSS_SELECTOR, "meta[http-equiv]"):
        found.append("meta refresh")
    if driver.find_elements(By.CSS_SELECTOR, "[formaction]"):
        found.append("button formaction")
    return found


def stays(driver, path: str) -> None:
    """Waits past the refresh the text asks for; the browser must still be on `path`."""
    time.sleep(1.5)
    url = urlparse(driver.current_url)
    assert url.path == path.split("?")[0], f"the page moved from {path} to {driver.current_url}"
    assert "gekaapt=1" not in url.query
    assert injected(driver) == [], path


def test_refresh_and_button_in_a_title_stay_text_in_every_view(server, browser):
    d = browser
    login(d, server, "beleid.stadskanaal")
    d.get(server + "/plannen/nieuw")
    fill(d, "titel", "Proef met injectie 2045-2048")
    choose(d, "eigenaar", "Gemeente Stadskanaal")
    fill(d, "periode", "2045-2048")
    choose(d, "kopie-van", "een leeg plan")
    press(d, "Plan aanmaken")
    editor = path_of(d) + "/themas"
    d.get(server + editor)
    fill(d, "nieuw-themas", "Overlast" + REFRESH)
    press(d, "Thema toevoegen")
    theme_editor = path_of(d)
    stays(d, theme_editor)
    # The title's field holds the text exactly as typed.
    assert d.find_element(By.NAME, "titel").get_attribute("value") == "Overlast" + REFRESH
    key = editor.split("/")[2]
    theme = theme_editor.rsplit("/", 1)[1]
    for path in (editor, theme_editor, f"/plannen/{key}", f"/plannen/{key}/themas/{theme}", f"/plannen/{key}/samenvatting"):
        d.get(server + path)
        stays(d, path)
        assert "Overlast" in main_text(d), path


def test_a_login_link_with_markup_in_its_return_address_stays_on_the_login_page(server, browser):
    d = browser
    d.get(server + "/inloggen")
    d.delete_all_cookies()
    target = "/inloggen?terug=" + quote("/" + REFRESH, safe="")
    d.get(server + target)
    stays(d, target)
    assert d.find_element(By.TAG_NAME, "h1").text
