"""The TV page speaks calls that pile up as one sentence, highlighting each in step."""

import wave
from io import BytesIO

import pytest
import requests
from playwright.sync_api import expect

from voice.schedule import Call, plan_announcements, spoken_at

pytestmark = pytest.mark.live

COUNTERS = {1: "DD", 3: "XD", 4: "DKKD", 6: "CT"}

# Every change of the highlighted number, the recent call marked beside it, and the calls
# whose spoken part had begun by then.
WATCH_HIGHLIGHT = """() => {
    window.highlights = [];
    const number = document.getElementById("latest-number");
    new MutationObserver(() => {
        const row = document.querySelector("#recent li.is-latest");
        window.highlights.push({number: number.textContent, row: row && row.dataset.ticket,
                                played: window.qmsDisplay.announcer.played.slice()});
    }).observe(number, {childList: true, characterData: true, subtree: true});
}"""


@pytest.mark.browser
def test_calls_piling_up_are_merged_and_highlighted_in_step(
        page, live_server, centre, api, kiosk_token, clerk_tokens):
    audio_requests = []
    page.on("request", lambda request: "/display/audio/" in request.url
            and audio_requests.append(request.url))
    page.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    page.evaluate("() => { window.qmsDisplay.announcer.audio.defaultPlaybackRate = 2; }")
    page.evaluate(WATCH_HIGHLIGHT)
    for counter, service in COUNTERS.items():
        assert api.issue(kiosk_token, service).status_code == 201
        api.counter(clerk_tokens[counter], counter, "open")
    tickets = []
    for counter in COUNTERS:  # four counters call within a moment of each other
        response = api.counter(clerk_tokens[counter], counter, "call-next")
        assert response.status_code == 200, response.text
        tickets.append(response.json())
    keys = [f"{ticket['id']}:0" for ticket in tickets]
    page.wait_for_function("keys => keys.every(key => window.qmsDisplay.announcer.played"
                           ".includes(key))", arg=keys, timeout=60_000)

    announcements = page.evaluate("() => window.qmsDisplay.announcer.announcements")
    spoken = [key for announcement in announcements for key in announcement["keys"]]
    assert sorted(spoken) == sorted(keys)  # each call spoken exactly once
    assert len(announcements) < len(keys)  # merged into fewer announcements
    assert [announcement["chime"] for announcement in announcements] == (
        [True] + [False] * (len(announcements) - 1))  # no chime between back-to-back calls
    merged = [url for url in audio_requests if "calls.wav?calls=" in url and "," in url]
    assert merged, audio_requests

    by_number = {ticket["number"]: f"{ticket['id']}:0" for ticket in tickets}
    highlights = []
    for item in page.evaluate("() => window.highlights"):  # a redraw repeats the same number
        if item["number"] in by_number and (not highlights
                                            or highlights[-1]["number"] != item["number"]):
            highlights.append(item)
    assert [item["number"] for item in highlights] == [
        number for key in page.evaluate("() => window.qmsDisplay.announcer.played")
        for number, number_key in by_number.items() if number_key == key]
    for item in highlights:  # never ahead of the voice: a number lights up when it is said
        assert by_number[item["number"]] in item["played"]
        assert item["row"] == item["number"]  # and the list of recent calls agrees


def test_planned_schedule_from_the_served_audio(live_server):
    """Ten calls at once, measured from the WAVs the TV would fetch: all said within 30 s."""
    def measure(calls, chime):
        pairs = ",".join(f"{call.number}-{call.counter}" for call in calls)
        response = requests.get(f"{live_server.url}/display/audio/calls.wav",
                                params={"calls": pairs, "site": "TPBK",
                                        "chime": "1" if chime else "0"}, timeout=10)
        assert response.status_code == 200
        with wave.open(BytesIO(response.content)) as audio:
            length = audio.getnframes() / audio.getframerate()
        spans = [tuple(map(float, span.split("-")))
                 for span in response.headers["X-Announcement-Parts"].split(",")]
        return length, spans

    calls = [Call(index, str(1001 + 37 * index), index + 11, 0.0) for index in range(10)]
    spoken = spoken_at(plan_announcements(calls, measure))
    assert max(spoken.values()) <= 30.0


@pytest.mark.parametrize("query", ["calls=", "calls=1023", "calls=1023-3,²-1", "calls=1-1,2-2,"
                                   "3-3,4-4,5-5,6-6", "calls=1023-99999", "calls=10%2023-3"])
def test_bad_call_lists_are_refused_with_json(live_server, query):
    response = requests.get(f"{live_server.url}/display/audio/calls.wav?{query}", timeout=10)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_calls"


def test_call_audio_is_public_and_the_same_for_every_caller(live_server, centre, api):
    """No credential opens or changes it: the TV's audio element sends none, and the audio
    says only what the screen shows. Nor does a token of another site or kind matter."""
    centre.add_user("voiceadm", "admin", site="DUCXUAN")
    credentials = {
        "nobody": None,
        **{user: api.staff_token(user, centre.password)
           for user in ("admin", "voiceadm", "quanly", "quay1", "ducxuan")},
        **{kind: centre.tokens[kind] for kind in ("kiosk", "display", "vote-pad")},
        "integration": centre.add_device("integration", "Phần mềm một cửa"),
        "print agent": centre.add_device("kiosk", "Máy in qua agent", printer_uri="agent://"),
    }
    url = f"{live_server.url}/display/audio/calls.wav?calls=1023-3,2005-5&site=TPBK&chime=0"
    answers = {}
    for who, token in credentials.items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = requests.get(url, headers=headers, timeout=10)
        assert response.status_code == 200, who
        answers[who] = (response.content, response.headers["X-Announcement-Parts"])
    assert len(set(answers.values())) == 1


@pytest.mark.browser
def test_a_recall_of_a_call_still_waiting_is_spoken_once(page, live_server, centre):
    page.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    page.evaluate("""() => {
        const announcer = window.qmsDisplay.announcer;
        announcer.audio.defaultPlaybackRate = 16;
        const call = (id, number, counter, recall_count) => ({id, number, counter, recall_count,
            audio_url: `/display/audio/${number}/${counter}.wav?site=TPBK`});
        announcer.enqueue(call(900001, "9001", 1, 0));
        announcer.enqueue(call(900002, "9002", 2, 0));
        announcer.enqueue(call(900002, "9002", 2, 1));  // recalled before it was spoken
    }""")
    page.wait_for_function("() => window.qmsDisplay.announcer.played.includes('900002:1')")
    announcements = page.evaluate("() => window.qmsDisplay.announcer.announcements")
    assert [announcement["keys"] for announcement in announcements] == [
        ["900001:0", "900002:1"]]
