"""Schemathesis's own runner, every phase and every check, over the whole document.

Where ``test_schemathesis.py`` checks answers against the document, this run also checks the
server against the document: a 405 without ``Allow`` for a method the document does not list,
a schema-valid request refused (``positive_data_acceptance``), a schema-violating one accepted
(``negative_data_rejection``), a missing required header, ignored authentication. It runs as
an integrator would, with one staff token (the administrator's): operations for devices
answer it 403, as documented. Bounded: three examples per operation, about two minutes on
two cores.
"""

import json
import re
import subprocess
import sys
import time

import pytest

pytestmark = [pytest.mark.live, pytest.mark.slow]

MAX_EXAMPLES = 3
TIME_LIMIT_S = 240
# Operations whose documented rule (in the summary or a parameter's description, with its
# error code) refuses some schema-valid requests with 422: a rule across fields or about the
# centre's data that JSON Schema cannot state. A schema-valid request refused anywhere else
# fails the run.
RULE_REFUSALS = {
    "appointment_slots": "the service must take bookings (not_bookable)",
    "create_appointment": "a slot must exist that day at that time (no_such_slot)",
    "reschedule_appointment": "the new slot must exist (no_such_slot)",
    "create_remote_ticket": "latitude and longitude come together",
    "create_ticket": "a service or a procedure; a procedure's own field",
    "roster_hours": "to not before from, at most 366 days (invalid_range)",
    "report_json": "the period: from not after to, at most 366 days",
    "report_appointments": "the period",
    "report_csv": "the period",
    "report_xlsx": "the period",
    "dossier_report_json": "the period",
    "dossier_report_csv": "the period",
    "dossier_report_xlsx": "the period",
    "overview_json": "the period",
    "overview_csv": "the period",
    "overview_xlsx": "the period",
    "report_766_json": "the period",
    "report_766_xlsx": "the period",
    "scan_citizen": "a line or number that is not an ID card (invalid_id_card)",
    "rate_dossier": "one score 1..4 for each of the site's criteria (invalid_scores)",
    "create_rating": "the dossier or the ticket; one score 1..4 for each of the site's "
                     "criteria (invalid_scores)",
    "declare_webhooks": "one name per site, an address with a host (invalid_webhook)",
}
# 413: a schema-valid body can still be over the documented 64 KiB (a week of 2,000 entries).
POSITIVE = ["2xx", "401", "403", "404", "409", "413", "429"]
# 413: a generated body over the size limit is refused before it is read.
NEGATIVE = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]


def _config() -> str:
    lines = ["max-failures = 200", "continue-on-failure = true",
             "[generation]", f"max-examples = {MAX_EXAMPLES}", "deterministic = true",
             "[checks]", f"positive_data_acceptance.expected-statuses = {json.dumps(POSITIVE)}",
             f"negative_data_rejection.expected-statuses = {json.dumps(NEGATIVE)}"]
    for operation in RULE_REFUSALS:
        lines += ["[[operations]]", f'include-operation-id = "{operation}"',
                  "checks.positive_data_acceptance.expected-statuses = "
                  + json.dumps([*POSITIVE, "422"])]
    return "\n".join(lines) + "\n"


def test_schemathesis_with_every_check_finds_nothing(live_server, api, centre, tmp_path):
    token = api.staff_token("admin", centre.password)
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config())
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
         f"{live_server.url}/api/openapi.json", "--url", live_server.url,
         "-H", f"Authorization: Bearer {token}", "--checks", "all"],
        capture_output=True, text=True, timeout=TIME_LIMIT_S + 120, cwd=tmp_path)
    elapsed = time.monotonic() - started
    failures = run.stdout[run.stdout.find("FAILURES"):][:8000]
    assert run.returncode == 0, failures + run.stdout[-1500:] + run.stderr[-1500:]
    selected = re.search(r"Selected: (\d+)/(\d+)", run.stdout)
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert selected and tested, run.stdout[-3000:]
    # Every operation of the document was run, and the document has not lost any.
    assert int(tested.group(1)) == int(selected.group(2)) >= 60, run.stdout[-3000:]
    assert elapsed < TIME_LIMIT_S, f"{elapsed:.0f} s"
