"""``/print-agent``: a print agent (``qms print-agent``) takes its print jobs here.

The agent of a kiosk PC connects with ``auth={"token": <kiosk token>}`` (only a kiosk whose
printer is ``agent://`` may) and takes its slips and the forms sent to it; the agent of a
clerk's computer connects with the token of a counter print agent (kind ``print-agent``)
and takes only the forms of the counters set to ``agent://<its name>``. Agent → server, each
answered in the ack: ``next_job`` {} → {"job": {"id", "number", "reason", "data": bytes} |
null}; ``job_done`` {"job_id", "outcome", "message"} → {"ok": true}; ``printer_status``
{"state", "message"} → {"ok": true}.
Server → agent: ``jobs_waiting`` {} when the spooler sees slips due. A job whose reason is
``document`` carries a form's PDF for a counter set to ``agent://<this device's name>``;
the agent prints it on its office printer, never on its slip printer.
"""

from flask import request
from flask_socketio import join_room

from server import device_kinds
from server.api.schemas import EmptyRequest, JobDone, PrinterReport
from server.device_kinds import prints_through_agent
from server.errors import ApiError
from server.models import Device
from server.printing.agent import agent_gone, finish_agent_job, next_agent_job, report_printer
from server.screens_notify import PRINT_AGENT, agent_room
from server.sockets import TrackingNamespace, connecting_principal, refuse, validated_event
from server.storage import db


class PrintAgentNamespace(TrackingNamespace):
    """One print agent per kiosk; ``connected`` holds each agent's kiosk (device id)."""

    def on_connect(self, auth=None):
        """An agent connects with its kiosk's token; the kiosk must print through it."""
        _user, device = connecting_principal(auth)
        if device is None or device.kind not in (device_kinds.KIOSK, device_kinds.PRINT_AGENT):
            raise refuse("kiosk_token_required",
                         "Cần mã thiết bị máy lấy số hoặc chương trình in của quầy hợp lệ.",
                         "A valid kiosk or counter print agent token is required.")
        if not prints_through_agent(device.kind, device.printer_uri):
            raise refuse("printer_not_agent",
                         "Máy in của máy lấy số này chưa đặt là agent:// trên máy chủ.",
                         "This kiosk's printer is not set to agent:// on the server.")
        db().commit()  # keeps the last-seen time
        self.connected[request.sid] = device.id
        join_room(agent_room(device.id))

    def on_disconnect(self, reason=None):
        device_id = self.connected.pop(request.sid, None)
        if device_id is None or device_id in self.connected.values():
            return  # a newer connection of the same agent is already here
        device = db().get(Device, device_id)
        if device is not None and prints_through_agent(device.kind, device.printer_uri):
            agent_gone(db(), device)

    @validated_event(EmptyRequest)
    def on_next_job(self, _body):
        """The agent asks for its oldest unacknowledged slip."""
        return {"job": next_agent_job(db(), self.device())}

    @validated_event(JobDone)
    def on_job_done(self, body: JobDone):
        """The agent acknowledges a slip it printed (or could not)."""
        if not finish_agent_job(db(), self.device(), body.job_id, body.outcome, body.message):
            raise ApiError(404, "print_job_not_found", "Không tìm thấy lệnh in.",
                           "No such print job for this kiosk.")
        return {"ok": True}

    @validated_event(PrinterReport)
    def on_printer_status(self, body: PrinterReport):
        """The agent reports its printer's state, for the kiosk page, staff and admins."""
        report_printer(db(), self.device(), body.state, body.message)
        return {"ok": True}

    def device(self) -> Device:
        """Return this agent's kiosk, still allowed to print through an agent."""
        device_id = self.connected.get(request.sid)
        device = db().get(Device, device_id) if device_id is not None else None
        if device is None or device.revoked_at is not None or not prints_through_agent(
                device.kind, device.printer_uri):
            raise ApiError(403, "agent_not_allowed",
                           "Máy lấy số này không còn in qua chương trình in.",
                           "This kiosk no longer prints through an agent.")
        return device


def register_agent_events(server) -> None:
    """Attach the print agent namespace to ``server``."""
    server.on_namespace(PrintAgentNamespace(PRINT_AGENT))
