"""The dashboard (``sim/run/dashboard.py``, ``make dashboard``) driven in a real headless browser.

Starts ``solara run`` on 127.0.0.1 on a free port, opens the page in Debian's Chromium through
chromedriver (selenium), moves two levers (AI-made share and the gig-market policy), resets,
steps the model twice and checks that the status line and every plot change; the screenshots
are kept in ``tests/artifacts/dashboard/``. Nothing leaves the machine: the browser resolves no
host but 127.0.0.1, Solara's telemetry is off and its asset CDN is a closed local port, so a
file missing from ``solara-assets`` shows up as an error in the server's log, which the test
checks.

Chromium and chromedriver come from ``make browser`` (run by ``make test``; installs Debian's
``chromium`` and ``chromium-driver`` when missing, as root). Under ``CI=true`` the test fails
if they are missing; elsewhere it is skipped with the reason.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
import solara

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts" / "dashboard"
PLOTS = (
    "employment-by-sector",
    "employment-by-role",
    "titles-by-phase",
    "region-map",
    "days-worked",
    "idle-spells",
)
"""The class names (``dramasim-NAME``) of the dashboard's plots."""
SERVER_START_SECONDS = 120
PAGE_SECONDS = 60
SETTLE_SECONDS = 0.3
"""Pause after each key press on a slider, so that its change reaches the server before the
next (key presses sent at once can leave the server with an earlier value)."""


def browser_paths() -> tuple[str, str]:
    """Chromium and chromedriver, or fail (under CI) or skip (elsewhere) with the reason."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    reason = "Debian's chromium and chromium-driver are needed: `make browser` (as root)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the dashboard test")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """``solara run sim/run/dashboard.py`` on a free local port; yields (url, log path)."""
    port = free_port()
    log = tmp_path / "solara.log"
    solara = Path(sys.executable).with_name("solara")
    env = {
        **os.environ,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
        "SOLARA_ASSETS_CDN": f"http://127.0.0.1:{free_port()}/",  # closed: nothing is fetched
        "SOLARA_HOME": str(tmp_path / "solara-home"),
    }
    command = [
        str(solara) if solara.exists() else "solara",
        *("run", "sim/run/dashboard.py", "--host", "127.0.0.1", "--port", str(port)),
        *("--production", "--no-open"),
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                with urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except (URLError, ConnectionError, TimeoutError):
                pass
            assert process.poll() is None, f"solara stopped:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"solara did not start:\n{log.read_text()}"
            time.sleep(0.5)
        yield url, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def browser():
    chromium, driver_path = browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1600,1900",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",  # only this machine
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, condition, what: str, seconds: float = PAGE_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = condition(driver)
        except Exception:  # an element replaced while the page re-renders
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(ARTIFACTS / "timeout.png"))
            raise AssertionError(f"timed out waiting for {what}; page: {status(driver)!r}")
        time.sleep(0.25)


def status(driver) -> str:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, ".dramasim-status")
    return found[0].text if found else ""


def plot_pictures(driver) -> dict[str, bytes]:
    """Each plot as the browser shows it (PNG bytes of a screenshot of the element). A plot
    redrawn between finding its image and taking the picture is found again (:func:`wait_for`)."""
    from selenium.webdriver.common.by import By

    def picture(name: str) -> bytes:
        image = driver.find_element(By.CSS_SELECTOR, f".dramasim-{name} img")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", image)
        return image.screenshot_as_png

    return {
        name: wait_for(driver, lambda d, n=name: picture(n), f"{name}'s plot") for name in PLOTS
    }


def button(driver, label: str):
    from selenium.webdriver.common.by import By

    for element in driver.find_elements(By.CSS_SELECTOR, "button"):
        if element.text.strip().upper() == label:
            return element
    raise AssertionError(f"no {label} button")


def shoot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def step_to(driver, day: int) -> None:
    """Click Step (31 days) and wait until the page shows ``day`` and the plots have redrawn."""
    button(driver, "STEP").click()
    wait_for(driver, lambda d: f"Day {day} " in status(d), f"day {day}")


def wait_for_new_plots(driver, before: dict[str, bytes]) -> dict[str, bytes]:
    """The plots once every one differs from ``before`` (they redraw one by one)."""
    return wait_for(
        driver,
        lambda d: (
            (now := plot_pictures(d)) and all(now[name] != before[name] for name in PLOTS) and now
        ),
        "every plot to change",
    )


def test_dashboard_moves_levers_steps_and_redraws(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, log = server
    driver = browser
    driver.get(url)
    wait_for(driver, lambda d: "Day 0 " in status(d), "the page and a model at day 0")
    assert "AI title share 0.12" in status(driver)
    assert "policy Qujiang gig market in Quzhou (2025)" in status(driver)
    shoot(driver, "1-start")
    start = plot_pictures(driver)

    # Levers: the AI-made share up by 9 steps of 0.02, the gig market switched off; then Reset.
    ai = driver.find_element(By.CSS_SELECTOR, "[role=slider][aria-label^='AI-made share']")
    for value in ("0.14", "0.16", "0.18", "0.2", "0.22", "0.24", "0.26", "0.28", "0.3"):
        ai.send_keys(Keys.ARROW_RIGHT)  # one at a time: the server hears each change in turn
        wait_for(driver, lambda d, v=value: ai.get_attribute("aria-valuenow") == v, f"AI {value}")
        time.sleep(SETTLE_SECONDS)
    driver.find_element(By.CSS_SELECTOR, ".v-select .v-input__slot").click()
    choice = wait_for(
        driver,
        lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, ".v-list-item") if e.text == "none"],
        "the policy menu",
    )
    choice[0].click()
    button(driver, "RESET").click()
    wait_for(
        driver,
        lambda d: "AI title share 0.30" in status(d) and "policy no gig market" in status(d),
        "the model rebuilt with the new levers",
    )
    assert "Day 0 " in status(driver)
    shoot(driver, "2-levers-reset")

    step_to(driver, 31)
    first_month = wait_for_new_plots(driver, start)
    assert "1 month ends recorded" in status(driver)
    shoot(driver, "3-day-31")

    step_to(driver, 62)
    wait_for_new_plots(driver, first_month)
    assert "2 month ends recorded" in status(driver)
    shoot(driver, "4-day-62")
    for name in PLOTS:
        (ARTIFACTS / f"plot-{name}.png").write_bytes(plot_pictures(driver)[name])

    outside = sorted(
        {
            request["url"]
            for entry in driver.get_log("performance")
            if (message := json.loads(entry["message"])["message"])["method"]
            == "Network.requestWillBeSent"
            and (request := message["params"]["request"])
            and not request["url"].startswith((url, "data:", "blob:", url.replace("http", "ws")))
        }
    )
    assert outside == [], "the page asked for files from elsewhere"
    server_log = log.read_text()
    assert "Could not load URL" not in server_log, server_log  # every asset came locally
    assert "Traceback" not in server_log, server_log


# ---------------------------------------------------------------- without a browser


@pytest.fixture(scope="module")
def stepped_model():
    from sim.run.dashboard import DashboardModel

    model = DashboardModel(scale=500, seed=1, policy="none")
    for _ in range(40):
        model.step()
    return model


@pytest.mark.parametrize("policy", ["qujiang_2025", "gig_everywhere", "none"])
def test_dashboard_policy_option_sets_the_gig_markets(policy):
    from sim.run.dashboard import POLICIES, DashboardModel, policy_label

    config = DashboardModel(scale=500, policy=policy).config
    expected = {"qujiang_2025": ["quzhou"], "gig_everywhere": list(config.scenario.regions)}
    assert config.policy.gig_market_regions == expected.get(policy, [])
    assert policy_label(config) == POLICIES[policy]
    with pytest.raises(ValueError, match="unknown policy 'everywhere'"):
        DashboardModel(scale=500, policy="everywhere")


def test_dashboard_levers_span_only_valid_values():
    from mesa.visualization import Slider

    from sim.run.dashboard import MODEL_PARAMS, lever_values
    from sim.validation import configured

    for key, lever in MODEL_PARAMS.items():
        if isinstance(lever, Slider):
            for value in (lever.min, lever.value, lever.max):
                assert configured(**{key: value}) is not None, key
    assert set(lever_values()) == set(MODEL_PARAMS)


def test_dashboard_region_map_counts_everyone_at_work(stepped_model):
    import numpy as np

    from sim.run.dashboard import region_employment
    from sim.vocabulary import SECTORS, WORKING

    wf = stepped_model.workforce
    people = region_employment(stepped_model)
    assert people.shape == (len(stepped_model.regions), len(SECTORS))
    for code in range(len(SECTORS)):
        at_work = np.count_nonzero((wf.status == WORKING) & (wf.sector == code))
        assert people[:, code].sum() == at_work * stepped_model.scale
    assert people.sum() > 0


@solara.component
def Shown(component, model):  # noqa: N802 (a Solara component)
    """A dashboard component as SolaraViz shows it: called with the model."""
    return component(model)


def test_dashboard_components_render_a_picture_each(stepped_model):
    import ipywidgets

    from sim.run.dashboard import COMPONENTS, Status

    for component, _page in COMPONENTS:
        if component is Status:
            continue
        box, context = solara.render(Shown(component, stepped_model))
        try:
            pictures = context.find(ipywidgets.Image).widgets
            assert len(pictures) == 1 and pictures[0].value[:4] == b"\x89PNG", component.__name__
        finally:
            context.close()


def test_dashboard_run_stops_at_its_last_day():
    from sim.run.dashboard import DashboardModel

    model = DashboardModel(scale=500, seed=1, years=1)
    for _ in range(364):
        model.step()
    assert model.running
    model.step()
    assert not model.running
