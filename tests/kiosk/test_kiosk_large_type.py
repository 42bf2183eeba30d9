"""Large type on the kiosk ("A+ Chữ lớn"): every text grows, in portrait and landscape, and the
high-contrast colours pass axe-core's contrast rule on every screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.screens.layout_checks import layout_problems
from tests.screens.test_all_screens import (
    KIOSK_LANDSCAPE,
    KIOSK_PORTRAIT,
    kiosk_dossier_lookup,
    kiosk_feedback,
    kiosk_lookup_more,
    kiosk_priority,
    kiosk_procedure,
    kiosk_result,
    kiosk_start,
    screens,  # noqa: F401 (the live centre's fixture, shared with the all-screens test)
)

pytestmark = [pytest.mark.live, pytest.mark.browser]

# Every visible element holding its own text: tag it and return its font size in px. The tags
# count on across calls, so an element the page draws anew (the tiles, on news of the queue)
# never takes the tag of another one measured before.
TEXT_SIZES = """() => {
  const sizes = {};
  window.sizeCheckNext = window.sizeCheckNext || 0;
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    if (!el.dataset.sizeCheck) el.dataset.sizeCheck = String(window.sizeCheckNext++);
    sizes[el.dataset.sizeCheck] = [parseFloat(getComputedStyle(el).fontSize),
                                   el.textContent.trim().slice(0, 30)];
  }
  return sizes;
}"""

OPENERS = [kiosk_start, kiosk_priority, kiosk_result, kiosk_lookup_more, kiosk_procedure,
           kiosk_dossier_lookup, kiosk_feedback]
SIZES = {"portrait": KIOSK_PORTRAIT, "landscape": KIOSK_LANDSCAPE}
AXE = Axe()


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("opener", OPENERS, ids=[o.__name__ for o in OPENERS])
def test_large_type_enlarges_every_text_and_keeps_contrast(browser, screens, opener,  # noqa: F811
                                                           orientation):
    width, height = SIZES[orientation]
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        opener(page, screens)
        before = page.evaluate(TEXT_SIZES)
        page.click("#large-type")
        page.evaluate("document.fonts.ready")
        after = page.evaluate(TEXT_SIZES)
        contrast = AXE.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]},
                                          "resultTypes": ["violations"]}).response["violations"]
        layout = layout_problems(page, fixed_screen=True)
    finally:
        context.close()
    not_larger = [f"{text!r}: {before[key][0]}px → {size}px" for key, (size, text) in after.items()
                  if key in before and size < before[key][0] * 1.15]
    assert not not_larger, "large type did not enlarge:\n" + "\n".join(not_larger)
    assert not contrast, [node["target"] for rule in contrast for node in rule["nodes"]][:10]
    assert not layout, layout
