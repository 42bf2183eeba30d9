/* An on-screen Vietnamese keyboard: a touchscreen has no keys of its own.
   Letters, digits, the Vietnamese vowels and đ, and the five tone marks, which go on the
   last vowel typed. Tone marks are optional: the search ignores them. */
(function () {
  "use strict";

  const ROWS = [
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
    ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
    ["a", "s", "d", "f", "g", "h", "j", "k", "l", "đ"],
    ["z", "x", "c", "v", "b", "n", "m", ".", "⌫"],
    ["ă", "â", "ê", "ô", "ơ", "ư"],
  ];
  // Combining marks: sắc, huyền, hỏi, ngã, nặng; each key shows the mark on "a".
  const TONES = [["\u0301", "á", "sắc"], ["\u0300", "à", "huyền"], ["\u0309", "ả", "hỏi"],
                 ["\u0303", "ã", "ngã"], ["\u0323", "ạ", "nặng"]];
  const VOWELS = "aăâeêioôơuưy";

  function stripTone(letter) {
    // Keep the vowel's own marks (ă, â, ơ…), drop a tone already on it.
    return letter.normalize("NFD").replace(/[\u0300\u0301\u0303\u0309\u0323]/g, "").normalize("NFC");
  }

  function withTone(text, mark) {
    for (let i = text.length - 1; i >= 0 && text[i] !== " "; i--) {
      const base = stripTone(text[i]);
      if (VOWELS.includes(base.toLowerCase())) {
        return text.slice(0, i) + (base + mark).normalize("NFC") + text.slice(i + 1);
      }
    }
    return text;
  }

  function key(label, onPress, extraClass, ariaLabel) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "key" + (extraClass ? " " + extraClass : "");
    button.textContent = label;
    if (ariaLabel) button.setAttribute("aria-label", ariaLabel);
    button.addEventListener("click", onPress);
    return button;
  }

  /* Draw the keyboard in ``box``; ``onChange(text)`` hears every change, up to ``maxLength``
     characters (80 unless told). ``load(text)`` starts from a field's text without a change. */
  window.qmsKeyboard = function (box, onChange, maxLength) {
    const limit = maxLength || 80;
    let text = "";
    const set = (value) => { text = value.slice(0, limit); onChange(text); };
    box.replaceChildren();
    ROWS.forEach((letters, index) => {
      const row = document.createElement("div");
      row.className = "key-row";
      letters.forEach((letter) => {
        if (letter === "⌫") {
          row.append(key("⌫", () => set(text.slice(0, -1)), "key-back", "Xoá một chữ"));
        } else {
          row.append(key(letter, () => set(text + letter)));
        }
      });
      if (index === ROWS.length - 1) {
        TONES.forEach(([mark, shown, name]) => {
          row.append(key(shown, () => set(withTone(text, mark)), "key-tone", "Dấu " + name));
        });
      }
      box.append(row);
    });
    const last = document.createElement("div");
    last.className = "key-row";
    const space = key("Dấu cách", () => set(text + " "), "key-space");
    space.dataset.vi = "Dấu cách";  // the kiosk's language toggle relabels it
    space.dataset.en = "Space";
    last.append(space);
    box.append(last);
    return { clear: () => set(""), load: (value) => { text = String(value).slice(0, limit); },
             get text() { return text; } };
  };
})();
