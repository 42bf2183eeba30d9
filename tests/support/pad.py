"""The vote pad page in a browser."""

from playwright.sync_api import Page, expect


def open_pad(page: Page, base_url: str, token: str) -> None:
    """Open the vote pad of ``token`` and wait until it is connected and idle."""
    page.goto(f"{base_url}/vote/?token={token}")
    expect(page.locator("#pad-counter")).to_contain_text("Quầy")  # connected, settings in
    expect(page.locator("#screen-idle")).to_be_visible()
