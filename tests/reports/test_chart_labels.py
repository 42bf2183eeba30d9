"""The report charts are named for screen readers and their labels are readable at 1366×768."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import log_in

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_charts_have_names_and_labels_of_at_least_12_px(page, live_server, centre):
    log_in(page, live_server.url, "quanly", centre.password, "/reports/")
    expect(page.locator("#chart-served svg text").first).to_be_visible()
    for chart, caption in (("served", "Số lượt đã phục vụ"), ("wait", "Thời gian chờ"),
                           ("votes", "Mức độ hài lòng")):
        svg = page.locator(f"#chart-{chart} svg")
        expect(svg).to_have_accessible_name(re.compile(caption))
        heights = svg.locator("text").evaluate_all(
            "texts => texts.map(t => t.getBoundingClientRect().height)")
        assert heights and min(heights) >= 12, (chart, min(heights))
