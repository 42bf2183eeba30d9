"""Parse a printer URI's address and the options in its query string."""

from urllib.parse import SplitResult, parse_qsl

from printers.exceptions import PrinterConfigError


def options(parts: SplitResult, allowed: dict[str, type]) -> dict[str, object]:
    """Return the query options converted to their types; reject unknown names."""
    result: dict[str, object] = {}
    for name, raw in parse_qsl(parts.query, keep_blank_values=True):
        if name not in allowed:
            raise PrinterConfigError(f"unknown option {name!r} in {parts.geturl()}")
        result[name] = convert(name, raw, allowed[name])
    return result


def convert(name: str, raw: str, kind: type) -> object:
    """Convert one option; integers accept 0x hex, as USB ids and endpoints are written."""
    try:
        return int(raw, 0) if kind is int else kind(raw)
    except ValueError as exc:
        raise PrinterConfigError(f"option {name}={raw!r} is not a valid {kind.__name__}") from exc


def host_and_port(parts: SplitResult, default_port: int) -> tuple[str, int]:
    """Return the host and port of ``scheme://host[:port]``; nothing may follow them."""
    try:
        port = parts.port or default_port
    except ValueError as exc:
        raise PrinterConfigError(f"bad port in {parts.geturl()}") from exc
    if not parts.hostname or parts.path not in ("", "/"):
        raise PrinterConfigError(f"{parts.scheme} printer needs host[:port]: {parts.geturl()}")
    return parts.hostname, port
