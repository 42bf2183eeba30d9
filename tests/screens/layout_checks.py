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
  // A button in a list that scrolls by itself is reached by scrolling that list, not the page.
  const inScroller = (el, axis) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box)[axis])) return true;
    }
    return false;
  };
  const buttons = document.querySelectorAll("button, [role=button], input[type=submit], a.button");
  for (const el of buttons) {
    if (!visible(el)) continue;
    const box = el.getBoundingClientRect();
    const sideways = (box.left < -1 || box.right > width + 1) && !inScroller(el, "overflowX");
    const below = checkVertical && (box.top < -1 || box.bottom > height + 1)
      && !inScroller(el, "overflowY");
    if (sideways || below) {
      const [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom].map(Math.round);
      problems.push(`button outside the ${width}×${height} viewport: ${describe(el)} at `
        + `${left},${top}–${right},${bottom}`);
    }
  }
  return problems;
}"""


# Columns of words (every filled cell has a letter) must read from the left, heading included.
TEXT_COLUMNS_ALIGNED_RIGHT = """() => {
  const problems = [];
  const letter = /\\p{L}/u;
  const right = (cell) => ["right", "end"].includes(getComputedStyle(cell).textAlign);
  for (const table of document.querySelectorAll("table")) {
    const rows = [...table.tBodies].flatMap((body) => [...body.rows]);
    const heads = table.tHead ? [...table.tHead.rows[table.tHead.rows.length - 1].cells] : [];
    const width = Math.max(0, ...rows.map((row) => row.cells.length));
    for (let column = 0; column < width; column++) {
      const cells = rows.map((row) => row.cells[column])
        .filter((cell) => cell && cell.colSpan === 1 && cell.innerText.trim());
      if (!cells.length || !cells.every((cell) => letter.test(cell.innerText))) continue;
      const head = heads[column];
      if (cells.some(right) || (head && right(head))) {
        const name = (head?.innerText || String(column)).trim();
        problems.push(`words aligned right: column “${name}” of `
          + (table.id ? "#" + table.id : "a table"));
      }
    }
  }
  return problems;
}"""


def layout_problems(page, *, fixed_screen: bool) -> list[str]:
    """Return what is wrong with the layout; ``fixed_screen`` pages may not scroll to a button."""
    return (page.evaluate(LAYOUT_PROBLEMS, fixed_screen)
            + page.evaluate(TEXT_COLUMNS_ALIGNED_RIGHT))


def accessibility_problems(page) -> list[str]:
    """Return axe-core's serious and critical violations on the page as it is now."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                     "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]

# Elements that clip (overflow other than visible) and hold their own text, which fits sideways.
CLIPPING_TEXT = """() => {
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (style.overflowX === "visible" && style.overflowY === "visible") continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!ownText || box.width === 0 || box.height === 0 || el.scrollWidth > el.clientWidth + 1) {
      continue;
    }
    const reach = parseFloat(style.fontSize) / 2;  // room for a tone mark above, a dot below
    el.dataset.clipCheck = String(found.length);
    found.push({ x: box.left, y: Math.max(0, box.top - reach), width: box.width,
                 height: box.height + 2 * reach, text: el.textContent.trim().slice(0, 40) });
  }
  return found;
}"""


def clipped_text_problems(page) -> list[str]:
    """Return texts whose own box cuts off ink, e.g. the hook of Ỉ shown as the acute of Í."""
    problems = []
    for index, clip in enumerate(page.evaluate(CLIPPING_TEXT)):
        text = clip.pop("text")
        element = page.locator(f"[data-clip-check='{index}']")
        clipped = page.screenshot(clip=clip, animations="disabled")
        element.evaluate("el => el.style.setProperty('overflow', 'visible', 'important')")
        whole = page.screenshot(clip=clip, animations="disabled")
        element.evaluate("el => el.style.removeProperty('overflow')")
        if clipped != whole:
            problems.append(f"text clipped by its own box: “{text}”")
    return problems
