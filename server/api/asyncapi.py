"""The AsyncAPI 3.0 document at ``/api/asyncapi.json``: every Socket.IO event, from its model.

Channels are the namespaces, messages their events, operations say who sends each
(``send``: the server emits it; ``receive``: a client does, and ``reply`` is its ack). The
payload schemas are the models' own (server/payloads/events.py lists them), so the document
and what the server emits cannot drift; the tests check every event they receive against it.
"""

from flask import current_app, request
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..payloads.events import CHANNELS, Channel, Event
from .blueprint import api

REF = "#/components/schemas/{model}"


@api.get("/asyncapi.json")
def asyncapi_document():
    """Serve the AsyncAPI document of this server's Socket.IO events."""
    extensions = current_app.extensions
    if "qms_asyncapi" not in extensions:
        extensions["qms_asyncapi"] = build_asyncapi(request.host)
    return extensions["qms_asyncapi"]


def channel_key(channel: Channel) -> str:
    """Return the document's key of a namespace: ``/print-agent`` → ``print-agent``."""
    return channel.namespace.strip("/")


def message_key(event: Event, reply: bool = False) -> str:
    """Return the key of an event's message (or of its ack) within its channel."""
    return f"{event.name}.{event.action}" + (".ack" if reply else "")


def build_asyncapi(host: str = "localhost") -> dict:
    """Return the AsyncAPI 3.0 document of every namespace and event."""
    models: dict[type[BaseModel], None] = {}
    for channel in CHANNELS:
        for event in channel.events:
            models.update(dict.fromkeys((*event.payload, *event.reply)))
    refs, schemas = models_json_schema(
        [(model, "serialization") for model in models], ref_template=REF
    )
    channels, operations, messages = {}, {}, {}

    def message(channel: Channel, event: Event, key: str, payload: tuple, title: str) -> dict:
        component = f"{channel_key(channel)}.{key}"
        schemas_of = [refs[(model, "serialization")] for model in payload]
        messages[component] = {
            "name": event.name,
            "title": title,
            "summary": event.summary,
            "contentType": "application/json",
            "payload": schemas_of[0] if len(schemas_of) == 1 else {"oneOf": schemas_of},
        }
        return {"$ref": f"#/components/messages/{component}"}

    for channel in CHANNELS:
        name = channel_key(channel)
        channel_ref = {"$ref": f"#/channels/{name}"}
        own: dict[str, dict] = {}
        for event in channel.events:
            key = message_key(event)
            own[key] = message(channel, event, key, event.payload, event.name)
            operation = {
                "action": event.action,
                "channel": channel_ref,
                "summary": event.summary,
                "messages": [{"$ref": f"#/channels/{name}/messages/{key}"}],
            }
            if event.reply:
                ack = message_key(event, reply=True)
                own[ack] = message(channel, event, ack, event.reply, f"ack of {event.name}")
                operation["reply"] = {
                    "channel": channel_ref,
                    "messages": [{"$ref": f"#/channels/{name}/messages/{ack}"}],
                }
            operations[f"{name}.{event.name}.{event.action}"] = operation
        channels[name] = {
            "address": channel.namespace,
            "title": channel.title,
            "description": channel.description,
            "messages": own,
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "qms — sự kiện thời gian thực (Socket.IO)",
            "version": "1",
            "description": "Every Socket.IO namespace (channel) and event (message) of "
            "the server, generated from the payload models "
            "(server/payloads/events.py). Socket.IO 5 over Engine.IO 4 "
            "at /socket.io/; an event's payload is its first argument, "
            "an ack's the callback's.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "qms": {
                "host": host,
                "protocol": "ws",
                "pathname": "/socket.io",
                "description": "this server",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas.get("$defs", {}), "messages": messages},
    }
