"""The AsyncAPI document is generated from the event models: well-formed, complete, and what
the server emits matches it (a call reaching a TV, in process)."""

import re

import jsonschema_rs
import pytest

from server.extensions import socketio
from server.payloads.events import CHANNELS
from tests.support.asyncapi import EventChecker, EventViolation
from tests.support.centre import provision_demo

KEY = re.compile(r"^[A-Za-z0-9.\-_]+$")


@pytest.fixture(scope="module")
def document(app):
    response = app.test_client().get("/api/asyncapi.json")
    assert response.status_code == 200
    return response.get_json()


def resolve(document: dict, ref: dict) -> dict:
    while "$ref" in ref:
        node = document
        for part in ref["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        ref = node
    return ref


def test_the_document_has_the_shape_of_asyncapi_3(document):
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["title"] and document["info"]["version"]
    assert set(document) <= {
        "asyncapi",
        "id",
        "info",
        "servers",
        "defaultContentType",
        "channels",
        "operations",
        "components",
    }
    for server in document["servers"].values():
        assert server["host"] and server["protocol"] == "ws"
    for key, channel in document["channels"].items():
        assert KEY.match(key) and channel["address"].startswith("/")
        assert set(channel) <= {
            "address",
            "messages",
            "title",
            "summary",
            "description",
            "servers",
            "parameters",
            "tags",
            "externalDocs",
            "bindings",
        }
        for message_key, ref in channel["messages"].items():
            assert KEY.match(message_key)
            message = resolve(document, ref)
            assert message["name"] and "$ref" in message["payload"] or "oneOf" in message["payload"]
    for key, operation in document["operations"].items():
        assert KEY.match(key) and operation["action"] in ("send", "receive")
        channel = resolve(document, operation["channel"])
        for ref in operation["messages"]:
            # An operation's messages are its channel's own (3.0 requires it).
            assert ref["$ref"].startswith(operation["channel"]["$ref"] + "/messages/")
            assert resolve(document, ref) in [
                resolve(document, own) for own in channel["messages"].values()
            ]
        if "reply" in operation:
            for ref in operation["reply"]["messages"]:
                resolve(document, ref)
    for name in document["components"]["messages"]:
        assert KEY.match(name)


def test_every_payload_schema_is_valid_json_schema(document):
    schemas = document["components"]["schemas"]
    assert {
        "Announcement",
        "AnnouncementWithUpdates",
        "QueueCounts",
        "CounterView",
        "DisplaySnapshot",
        "TicketStatusView",
        "PadSettings",
        "SocketError",
    } <= set(schemas)
    for name, schema in schemas.items():
        assert jsonschema_rs.meta.is_valid(schema), name
    for message in document["components"]["messages"].values():
        assert jsonschema_rs.meta.is_valid(message["payload"] | {"$defs": {}})


def test_every_namespace_and_event_is_described(app, document):
    served = set(socketio.server.namespace_handlers)
    assert {channel["address"] for channel in document["channels"].values()} == served
    operations = document["operations"]
    for channel in CHANNELS:
        key = channel.namespace.strip("/")
        for event in channel.events:
            assert f"{key}.{event.name}.{event.action}" in operations
    assert operations["display.heartbeat.receive"]["reply"]
    assert operations["print-agent.jobs_waiting.send"]["action"] == "send"
    ticket_called = resolve(
        document, document["channels"]["display"]["messages"]["ticket_called.send"]
    )
    assert ticket_called["payload"]["oneOf"] == [
        {"$ref": "#/components/schemas/Announcement"},
        {"$ref": "#/components/schemas/AnnouncementWithUpdates"},
    ]


def test_an_event_off_the_document_is_caught(document):
    checker = EventChecker(document)
    checker.check("/kiosk", "queue_changed", {"site": "TPBK", "services": {"HT": 2}})
    with pytest.raises(EventViolation, match="does not match"):
        checker.check("/kiosk", "queue_changed", {"site": "TPBK", "services": {"HT": "2"}})
    with pytest.raises(EventViolation, match="not a documented"):
        checker.check("/kiosk", "ticket_called", {})


def _clerk_token(client, centre, counter: int) -> str:
    response = client.post(
        "/api/v1/auth/token", json={"username": f"quay{counter}", "password": centre.password}
    )
    assert response.status_code == 200
    return response.get_json()["token"]


def _received(tv, name: str) -> list:
    return [event["args"][0] for event in tv.get_received("/display") if event["name"] == name]


@pytest.mark.parametrize("carry", [False, True], ids=["separate-updates", "calls-carry-updates"])
def test_a_call_through_the_api_reaches_the_tv_as_documented(tmp_path, document, carry):
    checker = EventChecker(document)
    centre = provision_demo(tmp_path)  # a fresh day: no call of another test is repeated
    app = centre.app()
    client = app.test_client()
    auth = {"token": centre.tokens["display"]} | ({"calls_carry_updates": True} if carry else {})
    tv = socketio.test_client(app, namespace="/display", auth=auth, flask_test_client=client)
    try:
        assert tv.is_connected("/display")
        for name, payload in [
            (event["name"], event["args"][0]) for event in tv.get_received("/display")
        ]:
            checker.check("/display", name, payload)  # the snapshot
        kiosk = {"Authorization": f"Bearer {centre.tokens['kiosk']}"}
        clerk = {"Authorization": f"Bearer {_clerk_token(client, centre, 8)}"}
        issued = client.post(
            "/api/v1/tickets", headers=kiosk, json={"service": "HT", "request_id": "asyncapi-call"}
        )
        assert issued.status_code == 201
        assert client.post("/api/v1/counters/8/open", headers=clerk, json={}).status_code == 200
        for event in tv.get_received("/display"):  # the new count, the opened counter
            checker.check("/display", event["name"], event["args"][0])
        called = client.post("/api/v1/counters/8/call-next", headers=clerk, json={})
        assert called.status_code == 200, called.get_data(as_text=True)
        received = tv.get_received("/display")
        calls = [event["args"][0] for event in received if event["name"] == "ticket_called"]
        assert [call["id"] for call in calls] == [called.get_json()["id"]]
        for event in received:
            checker.check("/display", event["name"], event["args"][0])
        # A TV that asked for calls carrying the updates gets the called counter and the
        # counts inside the call, and nothing else; a plain TV gets them as separate events.
        separate = {event["name"] for event in received} & {"counter_changed", "queue_changed"}
        if carry:
            assert calls[0]["counter_state"]["number"] == 8
            assert calls[0]["queue"]["services"]["HT"] == 0
            assert separate == set()
        else:
            assert "counter_state" not in calls[0] and "queue" not in calls[0]
            assert separate == {"counter_changed", "queue_changed"}
        assert calls[0]["called_at"].endswith("+00:00")  # as isoformat() writes it
    finally:
        tv.disconnect(namespace="/display")
        app.extensions["qms_engine"].dispose()
