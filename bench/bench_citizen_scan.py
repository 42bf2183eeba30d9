"""Time the ID card scan at the kiosk with a day of people already scanned, beside /healthz.

Run from the repository root: python -m bench.bench_citizen_scan [--people 5000] [--scans 300]
Fills the demo centre with ``--people`` citizens scanned today (every fifth with a ticket tied
to them), then times POST /api/v1/citizens/scan (the greeting the kiosk shows) and a scan
with the ticket that follows, against a real server (eventlet, SQLite, loopback).
"""

import argparse
import random
import time
import uuid
import warnings
from datetime import date

from bench.harness import latency_line, servers
from server.engine.citizen_id import PROVINCE_CODES, read_card_line
from server.engine.citizens import link_ticket, remember
from server.engine.issue import issue_ticket
from server.models import utcnow
from server.provision import find_site
from server.storage import unit_of_work
from tests.support.clients import Api

with warnings.catch_warnings():  # provisioning builds the app, which imports eventlet
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet  # noqa: F401

PROVINCES = sorted(PROVINCE_CODES)


def card_line(rng: random.Random) -> str:
    """Return a well-formed card line for a random person born 1940–2007."""
    year = rng.randint(1940, 2007)
    female = rng.random() < 0.5
    century = ("1" if female else "0") if year < 2000 else ("3" if female else "2")
    number = f"{rng.choice(PROVINCES)}{century}{year % 100:02d}{rng.randint(0, 999999):06d}"
    born = date(year, rng.randint(1, 12), rng.randint(1, 28))
    return (f"{number}||Nguyễn Thị Bench {rng.randint(1, 10**6)}|{born:%d%m%Y}|"
            f"{'Nữ' if female else 'Nam'}|Phường Đức Xuân, Thái Nguyên|01012022")


def fill(centre, people: int, rng: random.Random) -> None:
    """Scan ``people`` citizens today at the city site; every fifth holds a ticket."""
    app = centre.app()
    now = utcnow()
    with unit_of_work(app) as session:
        site = find_site(session, None)
        codes = [service.code for service in site.services]
        for index in range(people):
            card = read_card_line(card_line(rng), now.date())
            citizen = remember(session, site, card, app.config["SECRET_KEY"], now, 0)
            if index % 5 == 0:  # a fifth of them still hold a ticket, spread over the fields
                code = codes[(index // 5) % len(codes)]
                ticket = issue_ticket(session, site, code, now=now).ticket
                link_ticket(session, ticket, citizen)
    app.extensions["qms_engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--scans", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    extra = {"QMS_CITIZEN_SCAN_RATE_LIMIT": "100000/1"}
    with servers(extra_env=extra, prepare=lambda centre: fill(centre, args.people, rng)) as (
            centre, (server,)):
        api = Api(server.url)
        kiosk = centre.tokens["kiosk"]
        figures = {"baseline GET /healthz": [], "POST /citizens/scan": [],
                   "POST /tickets with the card": []}
        for _ in range(20):  # warm up
            api.http.get(api.base_url + "/healthz")
        for _ in range(args.scans):
            line = card_line(rng)
            start = time.perf_counter()
            api.http.get(api.base_url + "/healthz")
            figures["baseline GET /healthz"].append(time.perf_counter() - start)
            start = time.perf_counter()
            answer = api.call("POST", "/api/v1/citizens/scan", kiosk, json={"qr": line})
            figures["POST /citizens/scan"].append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
            start = time.perf_counter()
            answer = api.call("POST", "/api/v1/tickets", kiosk, json={
                "service": "HT", "request_id": uuid.uuid4().hex, "citizen": {"qr": line}})
            figures["POST /tickets with the card"].append(time.perf_counter() - start)
            assert answer.status_code == 201, answer.text
        print(f"ID card scan, {args.people} people scanned today (SQLite, eventlet):")
        for label, seconds in figures.items():
            print(latency_line(label, seconds))


if __name__ == "__main__":
    main()
