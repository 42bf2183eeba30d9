"""What a province's IT staff watch: liveness, readiness, Prometheus metrics, request ids, logs."""

import json
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.centre import provision_demo
from tests.support.clients import Api, Listener
from tests.support.server import ROOT, LiveServer
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live

METRICS_TOKEN = "scrape-secret-0123456789"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    instance = tmp_path_factory.mktemp("ops")
    centre = provision_demo(instance)
    server = LiveServer(instance, env={"QMS_METRICS_TOKEN": METRICS_TOKEN,
                                       "QMS_LOG_FORMAT": "json", "QMS_LOG_LEVEL": "INFO"}).start()
    yield centre, server
    server.stop()


def _samples(api: Api) -> dict:
    response = api.call("GET", "/metrics", METRICS_TOKEN)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    values = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            key = sample.name + "".join(f"|{k}={v}" for k, v in sorted(sample.labels.items()))
            values[key] = sample.value
    return values


def test_ready_with_its_parts_named(live):
    _centre, server = live
    api = Api(server.url)
    ready = api.call("GET", "/readyz")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["message_queue"] == "off"
    assert wait_until(lambda: api.call("GET", "/readyz").json()["checks"].get("print_worker")) \
        == "ok"


def test_metrics_need_the_token(live):
    _centre, server = live
    api = Api(server.url)
    assert api.call("GET", "/metrics").status_code == 403
    assert api.call("GET", "/metrics", "wrong-token").status_code == 403
    refused = api.call("GET", "/metrics", "wrong-token").json()["error"]
    assert refused["code"] == "metrics_forbidden" and refused["request_id"]


def test_counters_move_with_the_queue(live):
    centre, server = live
    api = Api(server.url)
    before = _samples(api)
    clerk = api.staff_token("quay1", centre.password)
    display = Listener(server.url, "/display", centre.tokens["display"])
    try:
        for _ in range(3):
            assert api.issue(centre.tokens["kiosk"], "DD").status_code == 201
        assert api.counter(clerk, 1, "open").status_code == 200
        assert api.counter(clerk, 1, "call-next").status_code == 200
        assert api.counter(clerk, 1, "no-show").status_code == 200
        after = _samples(api)
    finally:
        display.close()
    assert after["qms_tickets_issued_total"] - before["qms_tickets_issued_total"] == 3
    assert after["qms_calls_total"] - before["qms_calls_total"] == 1
    assert after["qms_no_shows_total"] - before["qms_no_shows_total"] == 1
    route = "qms_request_seconds_count|method=POST|route=/api/v1/tickets|status=201"
    assert after[route] - before.get(route, 0) == 3
    assert after["qms_sockets_connected|namespace=/display"] >= 1
    assert "qms_print_jobs|state=pending" in after and "qms_printers_offline" in after


def test_refused_issue_is_not_counted(live):
    centre, server = live
    api = Api(server.url)
    before = _samples(api)["qms_tickets_issued_total"]
    assert api.issue(centre.tokens["kiosk"], "NO-SUCH").status_code == 404
    assert _samples(api)["qms_tickets_issued_total"] == before


def test_every_response_has_a_request_id_and_errors_repeat_it(live):
    _centre, server = live
    api = Api(server.url)
    ok = api.call("GET", "/api/v1/services")
    assert re.fullmatch(r"[0-9a-f]{32}", ok.headers["X-Request-Id"])
    missing = api.call("GET", "/api/v1/no-such-route")
    assert missing.json()["error"]["request_id"] == missing.headers["X-Request-Id"]
    chosen = api.call("GET", "/healthz", headers={"X-Request-Id": "nginx-abc-12345"})
    assert chosen.headers["X-Request-Id"] == "nginx-abc-12345"
    forged = api.call("GET", "/healthz", headers={"X-Request-Id": "<script>x</script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-Id"])


def test_access_log_is_json_and_holds_no_secret(live):
    centre, server = live
    api = Api(server.url)
    kiosk = centre.tokens["kiosk"]
    api.call("GET", f"/kiosk/?token={kiosk}")
    api.call("POST", "/api/v1/auth/token",
             json={"username": "quay2", "password": centre.password})
    api.call("POST", "/login", data={"username": "quay3", "password": centre.password})
    marker = api.call("GET", "/api/v1/services", kiosk).headers["X-Request-Id"]

    def access_line():
        for line in server.log_path.read_text(encoding="utf-8").splitlines():
            if marker in line:
                return json.loads(line)
        return None

    entry = wait_until(access_line)
    assert entry["logger"] == "qms.access" and entry["path"] == "/api/v1/services"
    assert entry["status"] == 200 and entry["method"] == "GET"
    text = server.log_path.read_text(encoding="utf-8")
    assert "/kiosk/" in text
    assert kiosk not in text and centre.password not in text


def test_client_address_comes_from_the_proxy_only_when_trusted(tmp_path):
    centre = provision_demo(tmp_path)
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    for trusted, expected in ((None, "127.0.0.1"), ("1", "203.0.113.9")):
        env = {"QMS_LOG_FORMAT": "json", "QMS_LOG_LEVEL": "INFO"}
        if trusted:
            env["QMS_TRUSTED_PROXIES"] = trusted
        server = LiveServer(centre.instance, env=env).start()
        try:
            marker = Api(server.url).call("GET", "/healthz", headers=forwarded) \
                .headers["X-Request-Id"]
            lines = [json.loads(line) for line in
                     server.log_path.read_text(encoding="utf-8").splitlines()
                     if marker in line and line.startswith("{")]
        finally:
            server.stop()
        assert lines and lines[0]["remote"] == expected


def test_sample_grafana_dashboard_asks_for_metrics_that_exist(live):
    _centre, server = live
    dashboard = json.loads((ROOT / "docs" / "deploy" / "grafana-dashboard.json")
                           .read_text(encoding="utf-8"))
    asked = {name for panel in dashboard["panels"] for target in panel["targets"]
             for name in re.findall(r"qms_[a-z_]+", target["expr"])}
    exposed = {key.split("|")[0] for key in _samples(Api(server.url))}
    assert asked and asked <= exposed
