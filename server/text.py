"""Cleaning text that comes in from outside, at the one edge every input crosses."""

import re

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. A NUL in a counter's
# name is stored by SQLite and then breaks the XLSX export; none of them is ever typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """Return ``text`` with control characters removed (tabs and line breaks stay)."""
    return _CONTROL.sub("", text)
