"""The simulator as the kiosk sees it: each estimate asked exactly as the kiosk asks it.

The engine's replay (engine.simulate) is pure; here it is handed the kiosk's own estimate,
``payloads.position_of``, run in a bare application context of its own so that whatever the
kiosk, the slip and the phone page use to estimate is what the simulator measures.
"""

from datetime import date

from flask import Flask

from .engine.simulate import Arrival, Desk, Field, Outcome, simulate_day
from .engine.snapshot import ServicePace
from .payloads.tickets import position_of

DEFAULT_ESTIMATE_WINDOW = 20


def kiosk_estimator(window: int = DEFAULT_ESTIMATE_WINDOW):
    """Return an estimator that asks ``position_of`` as the kiosk does at issue."""
    app = Flask("qms-simulation")
    app.config["ESTIMATE_WINDOW"] = window
    # The kiosk re-reads each field's pace every 15 s of real time; a replay runs a day in
    # seconds, so it re-reads at every ticket (a negative time to live: even two readings of
    # the monotonic clock that compare equal never share a copy).
    app.extensions["qms_pace"] = ServicePace(ttl_s=-1, window=window)

    def estimate(session, ticket):
        with app.app_context():
            return position_of(ticket)

    return estimate


def simulate(arrivals: list[Arrival], desks: list[Desk], *, day: date, policy: str = "strict",
             ratio: int = 3, fields: list[Field] | None = None,
             window: int = DEFAULT_ESTIMATE_WINDOW) -> list[Outcome]:
    """Replay a day with the kiosk's estimates (see engine.simulate.simulate_day)."""
    return simulate_day(arrivals, desks, day=day, policy=policy, ratio=ratio, fields=fields,
                        estimate=kiosk_estimator(window))
