"""The admin pages name their navigation and every column of their tables."""


import pytest
from playwright.sync_api import expect

from tests.support.browser import log_in

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_navigations_are_named_and_action_column_has_a_header(live_server, centre, page):
    log_in(page, live_server.url, "admin", centre.password, "/admin/users/")
    names = page.eval_on_selector_all("nav", "navs => navs.map(n => n.getAttribute('aria-label'))")
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names
    headers = page.locator("#rows thead th")
    expect(headers.last).to_have_text("Thao tác")
    assert all(text.strip() for text in headers.all_inner_texts())
