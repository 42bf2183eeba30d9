"""Driving the counter console in Chromium: log in through the real form, pick a counter."""

import re

from playwright.sync_api import Page, expect


def open_console(page: Page, base_url: str, username: str, password: str, counter: int) -> None:
    """Log in as ``username`` through /login and sign in at ``counter`` on the console."""
    page.goto(base_url + "/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/counter/$"))
    page.click(f'button[data-counter="{counter}"]')
    expect(page.locator("#console")).to_be_visible()
    expect(page.locator("#live")).to_have_class(re.compile(r"\bon\b"))


def action_button(page: Page, label: str):
    """Return the console button whose label starts with ``label``."""
    return page.locator("button[data-action]", has_text=label)
