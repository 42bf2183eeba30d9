"""The kinds of device that hold a token: one entry per kind, read by everything else.

The models check a device's kind against ``DEVICE_KINDS``; the ``qms device`` commands,
provisioning and the admin screens take their choices, labels and rules from here; the token
page opens ``page``; the app factory registers each kind's ``package``; the socket code joins
``namespace``. A route says which kinds may call it with ``require_device(KIOSK, …)``, and
``require_device`` refuses a name that is not listed here. Adding a kind means one entry here,
its package (its blueprint, events and screens) and that package in pyproject's package list.
"""

from dataclasses import dataclass
from importlib import import_module

from printers.transports import is_agent_uri


@dataclass(frozen=True)
class DeviceKind:
    """One kind of device: its name, its labels and what its token lets it do."""

    name: str
    label: str  # Vietnamese, as the admin screens show it
    label_en: str
    may: str  # what its token opens, in English (the API document's device scheme)
    page: str | None = None  # the page it opens once with its token; None: it has no screen
    package: str | None = None  # the screen package (blueprint, events) the app registers
    namespace: str | None = None  # its Socket.IO namespace
    settings: str | None = None  # "module:Model" validating ``Device.settings``
    prints: bool = False  # may have a receipt printer
    needs_counter: bool = False  # belongs to one counter
    agent_only: bool = False  # is itself a print agent: its jobs always go to it

    def settings_model(self):
        """Return the pydantic model of this kind's settings, or None if it has none."""
        if self.settings is None:
            return None
        module, _, name = self.settings.partition(":")
        return getattr(import_module(module), name)


KIOSK = "kiosk"
DISPLAY = "display"
VOTE_PAD = "vote-pad"
INTEGRATION = "integration"
PRINT_AGENT = "print-agent"

KINDS: dict[str, DeviceKind] = {kind.name: kind for kind in (
    DeviceKind(KIOSK, "Máy lấy số", "Ticket kiosk",
               "issues tickets, checks in bookings, reads ticket slips, prints (its print agent)",
               page="/kiosk/", package="kiosk", namespace="/kiosk", prints=True),
    DeviceKind(DISPLAY, "Màn hình", "Waiting-room display",
               "shows the calls of its site", page="/display/", package="display",
               namespace="/display", settings="display.settings:DisplaySettings"),
    DeviceKind(VOTE_PAD, "Máy đánh giá", "Vote pad",
               "records the votes of one counter's visits", page="/vote/", package="votepad",
               namespace="/vote", needs_counter=True),
    # Another system (the province's one-stop software, the national portal's booking)
    # acting for its site through the JSON API; it has no screen and no socket.
    DeviceKind(INTEGRATION, "Phần mềm kết nối", "Integration",
               "books appointments and sends dossiers through the JSON API"),
    # ``qms print-agent --office-printer`` on a clerk's computer: it takes the forms of the
    # counters whose office printer is ``agent://<its name>``, and can do nothing else.
    DeviceKind(PRINT_AGENT, "Chương trình in của quầy", "Counter print agent",
               "takes the forms its site's counters print on an office printer set to "
               "agent://<its name>", namespace="/print-agent", agent_only=True),
)}
DEVICE_KINDS = tuple(KINDS)
KIND_LABELS = {kind.name: kind.label for kind in KINDS.values()}


def prints_through_agent(kind: str, printer_uri: str | None) -> bool:
    """Whether a device's print jobs go to its print agent rather than to a printer the
    server opens: a counter print agent's always, a kiosk's when its printer is agent://."""
    return KINDS[kind].agent_only or is_agent_uri(printer_uri)


def device_kind(name: str) -> DeviceKind:
    """Return the kind called ``name``; a name not listed here is a programming error."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown device kind {name!r}; kinds: {', '.join(KINDS)}") from None
