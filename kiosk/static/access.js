/* The accessible kiosk: read the current screen aloud (button, or "+" on a USB keypad) and
   a large-type high-contrast mode. Both are reset for the next citizen. */
(function () {
  "use strict";

  const K = () => window.qmsKiosk;
  const $ = (id) => document.getElementById(id);
  const READ_KEYS = ["+", "NumpadAdd"];
  let playing = null;
  let playingWhat = "";

  function currentReading() {
    const screen = document.querySelector(".screen:not([hidden])")?.id;
    if (screen === "screen-procedure" && window.qmsLookup?.procedure) {
      return ["procedure", window.qmsLookup.procedure.code];
    }
    if (screen === "screen-result" && K().ticket) return ["ticket", K().ticket.public_code];
    return ["services", ""];
  }

  function stop() {
    if (playing) {
      playing.pause();
      URL.revokeObjectURL(playing.src);
      playing = null;
    }
    $("read-aloud").classList.remove("speaking");
  }

  async function readAloud() {
    const [screen, code] = currentReading();
    const what = screen + ":" + code;
    const again = playing && playingWhat === what;
    stop();
    if (again) return;  // a second press on the same screen stops the reading
    playingWhat = what;
    $("read-aloud").classList.add("speaking");
    try {
      const response = await fetch(`/kiosk/read-aloud/${screen}.wav?` + new URLSearchParams({ code }), {
        headers: { "Authorization": "Bearer " + K().token() }, cache: "no-store",
      });
      if (!response.ok) throw new Error("read-aloud " + response.status);
      const audio = new Audio(URL.createObjectURL(await response.blob()));
      if (playingWhat !== what) return;  // another press came while this one loaded
      playing = audio;
      audio.addEventListener("ended", stop);
      await audio.play();
    } catch (err) {
      stop();
    }
  }

  function setLarge(on) {
    document.documentElement.classList.toggle("access-large", on);  // rem sizes grow
    document.body.classList.toggle("access-large", on);
    $("large-type").setAttribute("aria-pressed", String(on));
  }

  function start() {
    if (!window.qmsKiosk) return;
    $("read-aloud").addEventListener("click", readAloud);
    $("large-type").addEventListener("click", () => setLarge(!document.body.classList.contains("access-large")));
    document.addEventListener("keydown", (event) => {
      if (READ_KEYS.includes(event.key) || READ_KEYS.includes(event.code)) {
        event.preventDefault();
        readAloud();
      }
    });
    document.addEventListener("qms:next-citizen", () => { stop(); setLarge(false); });
  }

  start();
})();
