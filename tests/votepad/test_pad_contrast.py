"""The vote pad's key badges and labels are readable on their coloured buttons (WCAG 1.4.3)."""

import pytest
from playwright.sync_api import expect

from tests.support.visits import serve_visit

pytestmark = [pytest.mark.live, pytest.mark.browser]

# Contrast of an element's text against the nearest opaque background, opacity included.
CONTRAST = """el => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el, background = null, opacity = 1;
  for (let n = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
  while (node && !background) {
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.length === 3 || colour[3] === 1) background = colour.slice(0, 3);
    node = node.parentElement;
  }
  const text = rgb(getComputedStyle(el).color);
  const alpha = (text[3] ?? 1) * opacity;
  const seen = text.slice(0, 3).map((v, i) => v * alpha + background[i] * (1 - alpha));
  const [light, dark] = [lum(seen), lum(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


def test_key_badges_and_labels_meet_contrast(live_server, api, centre, kiosk_token,
                                             clerk_tokens, page):
    page.goto(f"{live_server.url}/vote/?token={centre.tokens['vote-pad']}")
    expect(page.locator("#pad-counter")).to_contain_text("Quầy 1")
    api.counter(clerk_tokens[1], 1, "open")
    serve_visit(api, kiosk_token, clerk_tokens[1], 1, "DD")
    expect(page.locator("#screen-rating")).to_be_visible()
    for rating in ("1", "2", "3", "4"):
        button = page.locator(f'.rating[data-rating="{rating}"]')
        badge = button.locator(".key").evaluate(CONTRAST)
        label = button.locator(".label").evaluate(CONTRAST)
        assert badge >= 4.5, (rating, badge)
        assert label >= 3.0, (rating, label)  # large bold text
