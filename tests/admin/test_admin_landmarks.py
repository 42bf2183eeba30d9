"""The admin pages name their navigation and every column of their tables."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_navigations_are_named_and_action_column_has_a_header(live_server, centre, page):
    page.goto(live_server.url + "/login?next=/admin/users/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", centre.password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/users/$"))
    names = page.eval_on_selector_all("nav", "navs => navs.map(n => n.getAttribute('aria-label'))")
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names
    headers = page.locator("#rows thead th")
    expect(headers.last).to_have_text("Thao tác")
    assert all(text.strip() for text in headers.all_inner_texts())
