"""What every screen must hold at its real size: no shown [hidden], no sideways overflow,
every action button inside the viewport, and no serious or critical axe-core finding."""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Runs in the page; returns a list of human-readable problems.
LAYOUT_PROBLEMS = """(checkVertical) => {
  const problems = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.display !== "none" && style.visibility !== "hidden" && box.width > 0
      && box.height > 0;
  };
  const classes = (el) => typeof el.className === "string" && el.className.trim()
    ? "." + el.className.trim().split(/\\s+/).join(".") : "";
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes(el)
    + ` "${(el.innerText || el.value || "").trim().slice(0, 40)}"`;
  for (const el of document.querySelectorAll("[hidden]")) {
    if (getComputedStyle(el).display !== "none") {
      problems.push("hidden but displayed: " + describe(el));
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`page overflows sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
  }
  const width = root.clientWidth, height = window.innerHeight;
  const buttons = document.querySelectorAll("button, [role=button], input[type=submit], a.button");
  for (const el of buttons) {
    if (!visible(el)) continue;
    const box = el.getBoundingClientRect();
    const sideways = box.left < -1 || box.right > width + 1;
    const below = checkVertical && (box.top < -1 || box.bottom > height + 1);
    if (sideways || below) {
      const [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom].map(Math.round);
      problems.push(`button outside the ${width}×${height} viewport: ${describe(el)} at `
        + `${left},${top}–${right},${bottom}`);
    }
  }
  return problems;
}"""


def layout_problems(page, *, fixed_screen: bool) -> list[str]:
    """Return what is wrong with the layout; ``fixed_screen`` pages may not scroll to a button."""
    return page.evaluate(LAYOUT_PROBLEMS, fixed_screen)


def accessibility_problems(page) -> list[str]:
    """Return axe-core's serious and critical violations on the page as it is now."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                     "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
