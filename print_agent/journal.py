"""What this kiosk's printer has been sent, on disk, so a slip never reaches paper twice.

Before a slip goes to the printer its job id is recorded as ``sending``; once the printer
has taken it, as ``printed``; if the printer refused it, as ``unsent`` (to be sent again).
Every record is flushed and synced before going on, so it survives the agent being killed.
``sending`` is written once the printer is ready (paper checked), just before the bytes
leave. After a restart, a job the server offers again is:

- ``printed``: acknowledged without printing (the acknowledgement was lost);
- ``sending``: the agent died between the two records. The bytes had almost surely left
  (nothing else happens in between), so it is acknowledged as ``uncertain`` rather than
  printed again: a duplicate slip would give two citizens the same number.
"""

import os
from pathlib import Path

SENDING = "sending"
PRINTED = "printed"
UNSENT = "unsent"  # the printer refused the slip before taking any of it: send it again
KEEP_LAST = 1000  # far more than a kiosk prints between two restarts of the agent


class Journal:
    """An append-only record of job ids and how far each got, compacted when opened."""

    def __init__(self, path: Path, keep_last: int = KEEP_LAST) -> None:
        self.path = path
        self.states: dict[int, str] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            self._load()
        self._compact(keep_last)
        self._file = open(path, "a", encoding="ascii")  # held open for the whole run

    def state(self, job_id: int) -> str | None:
        """Return ``sending``, ``printed`` or None for a job never sent to the printer."""
        return self.states.get(job_id)

    def mark_sending(self, job_id: int) -> None:
        """Record, durably, that the job's bytes are about to go to the printer."""
        self._append(job_id, SENDING)

    def mark_printed(self, job_id: int) -> None:
        """Record, durably, that the printer has taken the job."""
        self._append(job_id, PRINTED)

    def mark_unsent(self, job_id: int) -> None:
        """Record that the printer refused the job (offline, no paper): it may be sent again."""
        self._append(job_id, UNSENT)

    def close(self) -> None:
        """Close the file; the records are already on disk."""
        self._file.close()

    def _append(self, job_id: int, state: str) -> None:
        self._file.write(f"{state} {job_id}\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self._remember(job_id, state)

    def _remember(self, job_id: int, state: str) -> None:
        if state == UNSENT:
            self.states.pop(job_id, None)
        else:
            self.states[job_id] = state

    def _load(self) -> None:
        for line in self.path.read_text(encoding="ascii", errors="replace").splitlines():
            state, _, job_id = line.partition(" ")
            # A line cut short by a crash mid-write is ignored: its job was not sent yet.
            if state in (SENDING, PRINTED, UNSENT) and job_id.isdigit():
                self._remember(int(job_id), state)

    def _compact(self, keep_last: int) -> None:
        kept = sorted(self.states)[-keep_last:]
        self.states = {job_id: self.states[job_id] for job_id in kept}
        fresh = self.path.with_suffix(".tmp")
        with open(fresh, "w", encoding="ascii") as handle:
            handle.writelines(f"{self.states[job_id]} {job_id}\n" for job_id in kept)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(fresh, self.path)
