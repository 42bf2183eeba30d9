"""Fixtures shared by the whole suite: a provisioned centre and a live server; test tiers."""

import gc
import importlib
import os

import pytest
from click.testing import CliRunner

from server.cli import main as qms_main
from tests.support import documents, exercised, routing, tiers
from tests.support.browser import CHROMIUM
from tests.support.centre import cheap_password_hashes, provision_demo
from tests.support.clients import Api
from tests.support.in_process import InProcessServer
from tests.support.server import LiveServer


def pytest_configure(config):
    tiers.register(config)
    config.addinivalue_line("markers", "after_everything: runs after every other test")
    exercised.install(config)
    cheap_password_hashes()
    routing.share_url_builders()
    documents.share_openapi_documents()
    # A run builds about a hundred apps whose objects live to its end; with Python's default
    # thresholds, full collections walking them took a fifth of the fast tier's time.
    gc.set_threshold(50_000, 20, 100)


def pytest_collection_modifyitems(config, items):
    tiers.check_declared(items)
    exercised.run_last(items)


def pytest_sessionfinish(session):
    exercised.hand_over(session.config)  # a pytest-xdist worker's records, for the controller
    exercised.check_on_controller(session)  # the controller, once every worker is down
    # What is still alive now lives until the process exits: collecting it on the way out
    # (pytest's last pass, then the interpreter's) took seconds per worker.
    gc.freeze()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    exercised.take_over(getattr(node, "workeroutput", {}))


def pytest_runtest_logreport(report):
    exercised.note_report(report)


def pytest_collection_finish(session):
    preload_schemathesis(session.items)


def preload_schemathesis(items) -> None:
    """Import schemathesis' OpenAPI modules before any test runs when a run selects its test.

    schemathesis imports them lazily, and pytest compiles them (a plugin's modules get their
    asserts rewritten); compiling them later, with the browser tests' Playwright greenlets
    alive, hits CPython 3.11's "AST constructor recursion depth mismatch". Runs that do not
    select the test (the fast tier) skip the seconds this import costs.
    """
    if any(item.path.name == "test_schemathesis.py" for item in items):
        importlib.import_module("schemathesis.specs.openapi.schemas")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    yield from tiers.running(item)


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """A demo centre (SQLite) provisioned in a fresh instance folder."""
    return provision_demo(tmp_path_factory.mktemp("instance"))


@pytest.fixture
def qms_command(centre, monkeypatch):
    """Run ``qms *args`` in this process (Click's runner) against the demo centre."""
    monkeypatch.setenv("QMS_INSTANCE", str(centre.instance))
    runner = CliRunner()
    return lambda *args: runner.invoke(qms_main, list(args))


@pytest.fixture(scope="module")
def app(centre):
    """The centre's app in this process, for this module."""
    app = centre.app()
    yield app
    app.extensions["qms_engine"].dispose()


@pytest.fixture(scope="module")
def client(app):
    """The module's app through Flask's test client."""
    return app.test_client()


@pytest.fixture(scope="module")
def live_server_env() -> dict:
    """Settings (``QMS_*`` variables) of the module's live server; a suite may override it."""
    return {}


@pytest.fixture(scope="module")
def live_server(centre, live_server_env):
    """The real server under eventlet, on a free loopback port, for this module."""
    server = LiveServer(centre.instance, env=live_server_env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(request, centre):
    """The live server for a module marked ``live``, else the app served in process
    (``tests/support/in_process.py``): the same ``url`` for the same helpers."""
    if request.node.get_closest_marker("live"):
        yield request.getfixturevalue("live_server")
        return
    with InProcessServer(centre) as in_process:
        yield in_process


@pytest.fixture(scope="module")
def api(server):
    return Api(server.url)


@pytest.fixture(scope="module")
def kiosk_token(centre):
    return centre.tokens["kiosk"]


@pytest.fixture(scope="module")
def clerk_tokens(api, centre):
    """Bearer tokens for the demo clerks quay1 … quay10, by counter number."""
    return {n: api.staff_token(f"quay{n}", centre.password) for n in range(1, 11)}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; skipped without Chromium (failed under CI)."""
    tiers.require_tier("browser")
    if not os.path.exists(CHROMIUM):
        tiers.skip_or_fail(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        tiers.skip_or_fail("the playwright package is not installed")

    from tests.support.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test, Vietnamese locale, 1366×768."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1366, "height": 768})
    page = context.new_page()
    yield page
    context.close()
