"""Accounts in the browser: a beheerder makes an account, its owner changes the password and
turns on two-factor verification, and logs in with a code from an "authenticator app" (the
same RFC 6238 computation, done here). The code page is checked with axe-core too."""
import base64
import hashlib
import hmac
import struct
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import (fill, follow, h1, is_logged_in, login, logout, main_text, path_of, press, submit_login)

USERNAME = "raad.proef"
FIRST_PASSWORD = "Een lange zin als eerste wachtwoord"
NEW_PASSWORD = "Nog een veel langere zin voor daarna"


def totp(secret: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for `secret` (SHA-1, 30 seconds)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


_last_step: dict[str, int] = {}


def fresh_totp(secret: str) -> str:
    """The next code the app shows that was not used yet. Regie accepts a code once (and no code
    of an earlier 30-second step after it) and allows one step of clock difference, so a second
    code within the same half minute is the next step's; a third waits for the clock."""
    step = max(int(time.time() // 30), _last_step.get(secret, -1) + 1)
    while step > int(time.time() // 30) + 1:
        time.sleep(1)
    _last_step[secret] = step
    return totp(secret, step * 30)


def wrong_code(secret: str) -> str:
    """A code that is right in none of the windows the server accepts."""
    now = time.time()
    accepted = {totp(secret, now + step * 30) for step in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in accepted)


def check_box(driver, label_start: str) -> None:
    """Ticks the check box whose label starts with `label_start`, by clicking its label."""
    driver.find_element(By.XPATH, f"//label[starts-with(normalize-space(), '{label_start}')]").click()


def facts(driver) -> dict[str, str]:
    terms = driver.find_elements(By.CSS_SELECTOR, "dl.facts dt")
    return {dt.text: dt.find_element(By.XPATH, "following-sibling::dd[1]").text for dt in terms}


def create_account(driver, server, username: str, name: str, password: str) -> None:
    """The beheerder of Stadskanaal makes a reader account (a raadslid)."""
    login(driver, server, "beheerder.stadskanaal")
    follow(driver, "Accounts")
    assert h1(driver) == "Accounts van Gemeente Stadskanaal"
    fill(driver, "naam", name)
    fill(driver, "gebruikersnaam", username)
    check_box(driver, "lezer (raadslid)")
    fill(driver, "wachtwoord", password)
    press(driver, "Account aanmaken")
    assert "Het account is aangemaakt." in main_text(driver), main_text(driver)[:500]
    row = driver.find_element(By.XPATH, f"//tr[td[2][normalize-space()='{username}']]")
    assert name in row.text and "lezer (raadslid)" in row.text


def choose_own_password(driver) -> None:
    """A password set by the beheerder must be replaced first: Regie sends the new account to
    Mijn account and lets it do nothing else until it has chosen its own."""
    assert path_of(driver).startswith("/account"), path_of(driver)
    assert "Kies nu een eigen wachtwoord" in main_text(driver)
    fill(driver, "huidig", FIRST_PASSWORD)
    fill(driver, "nieuw", NEW_PASSWORD)
    fill(driver, "herhaling", NEW_PASSWORD)
    press(driver, "Wachtwoord wijzigen")
    assert "Uw wachtwoord is gewijzigd." in main_text(driver), main_text(driver)[:500]


def turn_on_two_factor(driver) -> str:
    """Turns on two-factor verification from Mijn account; returns the secret key."""
    follow(driver, "Mijn account")
    follow(driver, "Tweestapsverificatie instellen")
    secret = driver.find_element(By.CSS_SELECTOR, "p.secret").text.replace(" ", "")
    fill(driver, "code", fresh_totp(secret))
    press(driver, "Tweestapsverificatie aanzetten")
    assert "Tweestapsverificatie staat aan." in main_text(driver)
    return secret


def test_new_account_changes_password_and_logs_in_with_two_factor(server, browser, axe_results):
    d = browser

    # The beheerder makes the account; the audit trail records it.
    create_account(d, server, USERNAME, "Proef Raadslid", FIRST_PASSWORD)
    follow(d, "Logboek van Gemeente Stadskanaal bekijken")
    assert f"account {USERNAME}" in main_text(d)
    logout(d)

    # The new account must change its first password before anything else.
    login(d, server, USERNAME, FIRST_PASSWORD)
    assert path_of(d).startswith("/account"), path_of(d)
    assert "Kies nu een eigen wachtwoord" in main_text(d)
    d.get(server + "/plannen/stadskanaal-2020-2024")
    assert path_of(d).startswith("/account"), "nothing else until the password is changed"
    assert facts(d)["Rollen"] == "lezer (raadslid)"
    assert facts(d)["Tweestapsverificatie"] == "uit"
    fill(d, "huidig", FIRST_PASSWORD)
    fill(d, "nieuw", NEW_PASSWORD)
    fill(d, "herhaling", NEW_PASSWORD)
    press(d, "Wachtwoord wijzigen")
    assert "Uw wachtwoord is gewijzigd." in main_text(d), main_text(d)[:500]
    assert is_logged_in(d), "changing the password keeps this browser logged in"

    # Two-factor verification: a wrong code is refused, the right one turns it on.
    follow(d, "Tweestapsverificatie instellen")
    secret = d.find_element(By.CSS_SELECTOR, "p.secret").text.replace(" ", "")
    fill(d, "code", wrong_code(secret))
    press(d, "Tweestapsverificatie aanzetten")
    assert "Deze code klopt niet." in main_text(d)
    assert d.find_element(By.CSS_SELECTOR, "p.secret").text.replace(" ", "") == secret, "the same key is offered again"
    fill(d, "code", fresh_totp(secret))
    press(d, "Tweestapsverificatie aanzetten")
    assert "Tweestapsverificatie staat aan." in main_text(d)
    assert facts(d)["Tweestapsverificatie"] == "aan"
    logout(d)

    # The first password no longer works.
    d.delete_all_cookies()
    d.get(server + "/inloggen")
    submit_login(d, USERNAME, FIRST_PASSWORD)
    assert path_of(d) == "/inloggen" and "klopt niet" in main_text(d)

    # The new password leads to the code page; only the right code lets the account in.
    submit_login(d, USERNAME, NEW_PASSWORD)
    assert path_of(d).startswith("/inloggen/code"), path_of(d)
    assert h1(d) == "Code uit de authenticator-app"
    serious = axe_results.check(d, "inloggen code (tweestapsverificatie)", USERNAME)
    # Half logged in is not logged in: other pages send the browser back to the code page.
    d.get(server + "/plannen/stadskanaal-2020-2024")
    assert path_of(d).startswith("/inloggen/code"), path_of(d)
    fill(d, "code", wrong_code(secret))
    press(d, "Bevestigen")
    assert "Deze code klopt niet" in main_text(d)
    serious += axe_results.check(d, "inloggen code (foute code)", USERNAME)
    fill(d, "code", fresh_totp(secret))
    press(d, "Bevestigen")
    assert is_logged_in(d)
    assert path_of(d) == "/", path_of(d)
    d.get(server + "/plannen/stadskanaal-2020-2024")
    assert h1(d) == "Integraal Veiligheidsbeleid 2020-2024"
    assert not serious, serious


def test_cancelling_the_code_logs_out(server, browser_without_js):
    d = browser_without_js
    create_account(d, server, "raad.annuleer", "Annuleer Raadslid", FIRST_PASSWORD)
    login(d, server, "raad.annuleer", FIRST_PASSWORD)
    choose_own_password(d)
    turn_on_two_factor(d)
    d.delete_all_cookies()
    d.get(server + "/inloggen")
    submit_login(d, "raad.annuleer", NEW_PASSWORD)
    assert path_of(d).startswith("/inloggen/code")
    press(d, "Annuleren en uitloggen")
    assert "U bent uitgelogd." in main_text(d)
    d.get(server + "/")
    assert path_of(d) == "/inloggen?terug=/"


def test_two_factor_login_returns_to_the_requested_page(server, browser_without_js):
    d = browser_without_js
    create_account(d, server, "raad.terug", "Terug Raadslid", FIRST_PASSWORD)
    login(d, server, "raad.terug", FIRST_PASSWORD)
    choose_own_password(d)
    secret = turn_on_two_factor(d)
    d.delete_all_cookies()
    d.get(server + "/plannen/stadskanaal-2020-2024/samenvatting")
    submit_login(d, "raad.terug", NEW_PASSWORD)
    assert path_of(d).startswith("/inloggen/code?terug=/plannen/stadskanaal"), path_of(d)
    fill(d, "code", fresh_totp(secret))
    press(d, "Bevestigen")
    assert is_logged_in(d)
    assert path_of(d) == "/plannen/stadskanaal-2020-2024/samenvatting"


def test_error_summary_links_lead_to_their_fields(server, browser_without_js):
    d = browser_without_js
    login(d, server, "beheerder.stadskanaal")
    follow(d, "Accounts")
    fill(d, "naam", "Zonder Rol")
    fill(d, "gebruikersnaam", "zonder.rol")
    fill(d, "wachtwoord", FIRST_PASSWORD)
    press(d, "Account aanmaken")
    assert "Kies minstens één rol." in main_text(d)
    links = d.find_elements(By.CSS_SELECTOR, ".error-summary a[href^='#']")
    assert links
    for link in links:
        target = link.get_attribute("href").split("#", 1)[1]
        assert d.find_elements(By.ID, target), f"the error summary's link {link.text!r} leads to #{target}, which does not exist"
