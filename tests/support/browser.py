"""Headless Debian Chromium driven by Playwright (never a downloaded browser)."""

import os
import re
from urllib.parse import quote

CHROMIUM = os.environ.get("QMS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--autoplay-policy=no-user-gesture-required"]


def launch(playwright):
    """Launch headless Chromium with the flags this machine needs."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS)


def log_in(page, base_url: str, username: str, password: str, landing: str) -> None:
    """Sign in through the login form and wait until it lands on ``landing`` (a path and
    maybe a query)."""
    page.goto(f"{base_url}/login?next={quote(landing)}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(landing) + "$"))
