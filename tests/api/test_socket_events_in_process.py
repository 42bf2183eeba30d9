"""Every Socket.IO event of the AsyncAPI document, both ways, through socket test clients of the
app in process: refusals on every namespace, the asks and their acks, the kiosk's counts and
the print agent's round of a slip; each payload checked against the served document."""

import pytest

from server.printing.worker import PrintWorker
from tests.support.asyncapi import EventChecker
from tests.support.clients import Api


@pytest.fixture(scope="module")
def tokens(centre):
    """The demo's devices, and a kiosk printing through its own agent (made before any socket
    client: making a device builds another app)."""
    return centre.tokens | {"agent": centre.add_device("kiosk", "KA1", printer_uri="agent://")}


@pytest.fixture(scope="module")
def api(server, tokens):
    return Api(server.url)


@pytest.fixture(scope="module")
def checker(api):
    return EventChecker(api.call("GET", "/api/asyncapi.json").json())


@pytest.fixture(scope="module")
def auth(api, tokens, centre):
    ticket = api.issue(tokens["kiosk"], "DD").json()
    return {"/display": {"token": tokens["display"]},
            "/staff": {"token": api.staff_token("quay1", centre.password)},
            "/kiosk": {"token": tokens["kiosk"]},
            "/ticket": {"code": ticket["public_code"]},
            "/vote": {"token": tokens["vote-pad"]},
            "/print-agent": {"token": tokens["agent"]}}


def received(client, namespace: str, checker: EventChecker) -> dict[str, list]:
    """The events ``client`` got on ``namespace`` by name, each checked against the document."""
    by_name: dict[str, list] = {}
    for event in client.get_received(namespace):
        payload = event["args"][0] if event["args"] else None
        checker.check(namespace, event["name"], payload)
        by_name.setdefault(event["name"], []).append(payload)
    return by_name


@pytest.mark.parametrize("namespace", ["/display", "/staff", "/kiosk", "/ticket", "/vote",
                                       "/print-agent"])
def test_an_unknown_event_is_refused_with_an_error(server, auth, checker, namespace):
    client = server.socket(namespace, auth[namespace])
    received(client, namespace, checker)  # what comes on connect
    ack = client.emit("no_such_event", {}, namespace=namespace, callback=True)
    assert ack["error"]["code"] == "unknown_event"
    assert received(client, namespace, checker)["error"] == [ack]


@pytest.mark.parametrize("namespace, event, field", [
    ("/display", "snapshot", "counters"), ("/display", "heartbeat", "server_time"),
    ("/staff", "snapshot", "counters")])
def test_a_screen_asks_and_the_ack_answers(server, auth, checker, namespace, event, field):
    client = server.socket(namespace, auth[namespace])
    assert received(client, namespace, checker)["snapshot"]
    ack = client.emit(event, {}, namespace=namespace, callback=True)
    assert field in ack
    operation = checker.document["operations"][f"{namespace.strip('/')}.{event}.receive"]
    assert operation["reply"]


def test_a_kiosk_hears_the_counts_on_connect_and_on_each_ticket(server, api, auth, checker):
    kiosk = server.socket("/kiosk", auth["/kiosk"])
    before = received(kiosk, "/kiosk", checker)["queue_changed"][-1]["services"]["HT"]
    assert api.issue(auth["/kiosk"]["token"], "HT").status_code == 201
    assert received(kiosk, "/kiosk", checker)["queue_changed"][-1]["services"]["HT"] == before + 1


def test_the_print_agent_is_told_takes_and_reports_a_slip(server, api, auth, checker, tokens):
    agent = server.socket("/print-agent", auth["/print-agent"])
    console = server.socket("/staff", auth["/staff"])
    received(console, "/staff", checker)
    issued = api.issue(tokens["agent"], "DD")
    assert issued.status_code == 201
    PrintWorker(server.app).dispatch()  # one round of the spooler of `qms run`
    assert received(agent, "/print-agent", checker)["jobs_waiting"] == [{}]
    job = agent.emit("next_job", {}, namespace="/print-agent", callback=True)["job"]
    assert job["number"] == issued.json()["number"] and job["data"]
    done = agent.emit("job_done", {"job_id": job["id"], "outcome": "printed"},
                      namespace="/print-agent", callback=True)
    assert done == {"ok": True}
    assert agent.emit("next_job", {}, namespace="/print-agent", callback=True) == {"job": None}
    report = agent.emit("printer_status", {"state": "paper_out"}, namespace="/print-agent",
                        callback=True)
    assert report == {"ok": True}
    statuses = received(console, "/staff", checker)["printer_status"]
    assert statuses[-1]["state"] == "paper_out"
