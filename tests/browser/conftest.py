"""Fixtures and helpers for the browser suite: a real Regie server with the example plans and
demo accounts, and headless Chromium (Debian's chromium and chromium-driver) driven by selenium.

Every page except the login pages and the stylesheet needs an account, so each test logs in
first with `login(driver, base, username)`, which starts from an empty cookie jar."""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import axe_playwright_python
import pytest
from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException, NoSuchElementException,
                                        StaleElementReferenceException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
# REGIE_BINARY runs the suite against another build, such as one of main to see a check fail there.
BINARY = Path(os.environ.get("REGIE_BINARY") or ROOT / ".build" / "debug" / "regie")
ARTIFACTS = Path("/tmp/regie-browser")
AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
IMPACTS = ("critical", "serious", "moderate", "minor")

# Every demo account of `regie serve --demo` has this password.
PASSWORD = "samen werken aan veiligheid"
WAIT = 15


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The demo server's working folder (its SQLite file and log), for tests that look at them raw.
SERVER_FILES = {}


@pytest.fixture(scope="session")
def server():
    """`regie serve --demo` on a fresh SQLite file; yields its base URL."""
    if not BINARY.exists() and "REGIE_BINARY" not in os.environ:
        subprocess.run(["swift", "build"], cwd=ROOT, check=True)
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="regie-browser-")
    env = dict(os.environ, REGIE_SQLITE_PATH=os.path.join(workdir, "regie.sqlite"))
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(workdir, "server.log"), "w")
    SERVER_FILES.update(workdir=workdir, database=os.path.join(workdir, "regie.sqlite"), log=log.name)
    process = subprocess.Popen([str(BINARY), "serve", "--demo", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    # Chromium keeps the Secure session cookie on http://127.0.0.1 (a potentially trustworthy origin).
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            # The login page is open to everyone; everything else redirects to it.
            urllib.request.urlopen(base + "/inloggen", timeout=1)
            break
        except Exception:
            if process.poll() is not None:
                raise RuntimeError("regie serve stopped: " + open(log.name).read())
            time.sleep(0.25)
    else:
        process.kill()
        raise RuntimeError("regie serve did not answer within 60 s; log: " + log.name)
    yield base
    process.terminate()
    process.wait(timeout=10)


def make_driver(javascript: bool) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=nl-NL"):
        options.add_argument(arg)
    prefs = {"intl.accept_languages": "nl-NL,nl",
             # No password manager bubbles or leak checks in the middle of a login.
             "credentials_enable_service": False, "profile.password_manager_enabled": False,
             "profile.password_manager_leak_detection": False}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    # The performance log carries the network events, so a test can read a page's HTTP status.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(scope="session")
def browser():
    """Chromium with JavaScript on (needed to run axe-core in the page)."""
    driver = make_driver(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_without_js():
    """Chromium with JavaScript off: the pages must work without it."""
    driver = make_driver(javascript=False)
    yield driver
    driver.quit()


# MARK: Navigation helpers


def wait(driver, timeout: float = WAIT) -> WebDriverWait:
    return WebDriverWait(driver, timeout)


def dismiss_alerts(driver) -> list[str]:
    """Closes any open JavaScript dialog (none should ever open); returns their texts."""
    texts = []
    while True:
        try:
            alert = driver.switch_to.alert
        except NoAlertPresentException:
            return texts
        texts.append(alert.text)
        alert.dismiss()


def _replaced(element):
    """Whether the page that held `element` has gone. While Chromium swaps documents, asking
    about the old element can fail in other ways than "stale"; those mean the same."""
    def predicate(_driver):
        try:
            element.is_enabled()
            return False
        except (StaleElementReferenceException, NoSuchElementException):
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) or "No node with given id" in str(error):
                return True
            raise
    return predicate


def click_and_wait(driver, element) -> None:
    """Clicks a link or submit button and waits until the next page has replaced this one,
    then checks that page's layout at a phone's and a laptop's width (`assert_fits`)."""
    html = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait(driver).until(_replaced(html))
    WebDriverWait(driver, WAIT, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    assert_fits(driver)


def button(driver, text: str, within=None):
    """The (submit) button whose text is exactly `text`."""
    return (within or driver).find_element(By.XPATH, f".//button[normalize-space()='{text}']")


def press(driver, text: str, within=None) -> None:
    """Presses a form's button by its text and waits for the response page."""
    click_and_wait(driver, button(driver, text, within))


def follow(driver, link_text: str) -> None:
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, link_text))


def fill(driver, name: str, text: str) -> None:
    """Replaces the content of the text field or text area `name`."""
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def choose(driver, name: str, label: str) -> None:
    """Picks the option with the visible text `label` in the select `name`."""
    Select(driver.find_element(By.NAME, name)).select_by_visible_text(label)


def selected_label(driver, name: str) -> str:
    return Select(driver.find_element(By.NAME, name)).first_selected_option.text


def type_date(driver, name: str, iso: str) -> None:
    """Types a date into an <input type=date> as a user would. The order of day and month
    depends on the browser's locale, so try the usual orders until the field holds `iso`."""
    year, month, day = iso.split("-")
    field = driver.find_element(By.NAME, name)
    for keys in (month + day + year, day + month + year, year + month + day):
        field.clear()
        field.send_keys(keys)
        if field.get_attribute("value") == iso:
            return
    raise AssertionError(f"could not type {iso} into the date field {name}: it holds {field.get_attribute('value')!r}")


def main_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def h1(driver) -> str:
    return driver.find_element(By.TAG_NAME, "h1").text


def path_of(driver) -> str:
    url = driver.current_url
    return url[url.index("/", len("http://")):]


def open_page(driver, url: str) -> int:
    """Opens `url` in the address bar and returns the HTTP status of the page that is shown
    (after redirects), read from Chromium's network log."""
    driver.get_log("performance")  # drop older events
    driver.get(url)
    status = last_document_status(driver)
    assert_fits(driver)
    return status


def last_document_status(driver) -> int:
    status = None
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.responseReceived" and message["params"].get("type") == "Document":
            status = message["params"]["response"]["status"]
    assert status is not None, "no document response in the network log"
    return status


def fetch_with_session(driver, url: str) -> tuple[int, dict, bytes]:
    """Downloads `url` with the browser's session cookie (for files the browser would save
    instead of showing); returns status, headers and body."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as response:
        return response.status, dict(response.headers), response.read()


# MARK: Accounts


def is_logged_in(driver) -> bool:
    return bool(driver.find_elements(By.XPATH, "//header//button[normalize-space()='Uitloggen']"))


def submit_login(driver, username: str, password: str = PASSWORD) -> None:
    """Fills in the login form on the current page and sends it."""
    fill(driver, "gebruikersnaam", username)
    fill(driver, "wachtwoord", password)
    press(driver, "Inloggen")


def login(driver, base: str, username: str, password: str = PASSWORD) -> None:
    """Logs in as `username` in a fresh browser state: no cookies of an earlier account."""
    driver.get(base + "/inloggen")
    driver.delete_all_cookies()
    driver.get(base + "/inloggen")
    assert h1(driver) == "Inloggen bij Regie", driver.current_url
    submit_login(driver, username, password)
    assert "/inloggen" not in driver.current_url, f"login as {username} failed: {main_text(driver)}"
    assert is_logged_in(driver), f"no Uitloggen button after logging in as {username}"


def logout(driver) -> None:
    """Logs out with the header's button, as a user would."""
    press(driver, "Uitloggen", within=driver.find_element(By.CSS_SELECTOR, "header.site"))
    assert "/inloggen" in driver.current_url
    assert "U bent uitgelogd." in main_text(driver)


# MARK: Layout a person would notice


LAYOUT_SCRIPT = """
const problems = [];
const root = document.documentElement;
if (root.scrollWidth > root.clientWidth + 1) {
  problems.push(`page is ${root.scrollWidth} px wide in a window of ${root.clientWidth} px`);
}
for (const table of document.querySelectorAll('table')) {
  const head = table.tHead, body = table.tBodies[0];
  if (!head || !body || !body.rows.length || table.offsetParent === null) continue;
  const h = head.getBoundingClientRect(), b = body.getBoundingClientRect();
  if (h.bottom > b.top + 1) problems.push(`table "${(table.caption || {}).textContent || table.className}": header row not above its body`);
  const first = head.rows[0].cells, row = body.rows[0].cells;
  if (first.length && row.length && Math.abs(first[0].getBoundingClientRect().left - row[0].getBoundingClientRect().left) > 1) {
    problems.push(`table "${(table.caption || {}).textContent || table.className}": columns of header and body do not line up`);
  }
}
return problems;
"""


def layout_problems(driver) -> list[str]:
    """What a person would see is broken on the current page at the current window size."""
    return driver.execute_script(LAYOUT_SCRIPT)


# A phone (iPhone 12–15: 390 CSS px) and a common laptop screen.
PHONE, LAPTOP = 390, 1366
MINIMUM_CHART_TEXT_PX = 12

CHART_TEXT_SCRIPT = """
const minimum = arguments[0], problems = [];
for (const text of document.querySelectorAll('svg text')) {
  if (!text.getClientRects().length || text.getBoundingClientRect().width === 0) continue;
  const m = text.getScreenCTM();
  const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
  if (size < minimum - 0.05) problems.push(`chart text "${text.textContent.trim().slice(0, 20)}" is ${size.toFixed(1)} px high`);
}
return problems.slice(0, 5);
"""


def chart_text_problems(driver) -> list[str]:
    """Chart labels shown smaller than 12 CSS px at the current window size (an SVG scaled
    down to fit shrinks its text with it)."""
    return driver.execute_script(CHART_TEXT_SCRIPT, MINIMUM_CHART_TEXT_PX)


def layout_problems_at_widths(driver, widths=(PHONE, LAPTOP)) -> list[str]:
    """`layout_problems` at a phone's and a laptop's width, and chart text at the phone's;
    the window gets its size back afterwards."""
    size = driver.get_window_size()
    problems = []
    try:
        for width in widths:
            driver.set_window_size(width, size["height"])
            problems += [f"at {width} px: {p}" for p in layout_problems(driver)]
            if width == PHONE:
                problems += [f"at {width} px: {p}" for p in chart_text_problems(driver)]
    finally:
        driver.set_window_size(size["width"], size["height"])
    return problems


def assert_fits(driver) -> None:
    """Part of every page visit: the page fits a phone and a laptop screen, tables read top
    to bottom, and chart text is readable on the phone."""
    problems = layout_problems_at_widths(driver)
    assert not problems, f"{path_of(driver)}: {problems}"


def print_problems(driver, page_width_px: int = 680) -> list[str]:
    """Emulates print media (A4 portrait is about 680 CSS px wide between margins) and lists
    elements of the main content that would be cut off at the right edge."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    size = driver.get_window_size()
    try:
        driver.set_window_size(page_width_px + 16, size["height"])
        return driver.execute_script("""
            const width = document.documentElement.clientWidth, problems = [];
            for (const el of document.querySelectorAll('main th, main td, main p, main h1, main h2, main h3, main li')) {
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > width + 1) problems.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" ends at ${Math.round(r.right)} px of ${width}`);
            }
            return problems.slice(0, 10);""")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.set_window_size(size["width"], size["height"])


# MARK: axe-core


def run_axe(driver) -> list[dict]:
    """Runs axe-core (WCAG 2.1 A/AA and best practices) on the current page; returns the
    violations with impact, description and the offending elements."""
    driver.execute_script(AXE)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        "  nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300), summary: n.failureSummary}))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")


def impact_counts(violations: list[dict]) -> dict:
    return {impact: sum(1 for v in violations if v["impact"] == impact) for impact in IMPACTS}


class AxeResults:
    """The axe results of every page the suite checked, written to ARTIFACTS/axe-results.json."""

    def __init__(self):
        self.pages: dict[str, dict] = {}

    def check(self, driver, label: str, account: str) -> list[dict]:
        """Runs axe on the current page, records the result under `label` and returns the
        serious and critical violations, with any layout problem a person would see counted
        as a serious one."""
        violations = run_axe(driver)
        layout = layout_problems_at_widths(driver) + [f"in print: {p}" for p in print_problems(driver)]
        if layout:
            violations.append({"id": "regie-layout", "impact": "serious", "help": "Layout",
                               "nodes": [{"target": p, "html": "", "summary": p} for p in layout]})
        self.pages[label] = {"url": path_of(driver), "account": account, "title": driver.title,
                             "counts": impact_counts(violations), "violations": violations}
        return [v for v in violations if v["impact"] in ("serious", "critical")]

    def write(self) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-results.json").write_text(json.dumps(self.pages, indent=2, ensure_ascii=False))


@pytest.fixture(scope="session")
def axe_results():
    results = AxeResults()
    yield results
    results.write()
    if results.pages:
        print("\naxe-core per page (critical/serious/moderate/minor):")
        for label, page in results.pages.items():
            counts = page["counts"]
            ids = ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in page["violations"]) or "geen"
            print(f"  {label} [{page['account']}]: {counts['critical']}/{counts['serious']}/{counts['moderate']}/{counts['minor']}  {ids}")
