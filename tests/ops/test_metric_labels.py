"""Request metrics are labelled from known methods and route templates, never raw input."""

import random
import string

import pytest

from tests.support.centre import provision_demo


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return provision_demo(tmp_path_factory.mktemp("labels")).app(METRICS_TOKEN="m")


def _series(app) -> set[tuple]:
    registry = app.extensions["qms_metrics"].registry
    return {tuple(sorted(sample.labels.items())) for family in registry.collect()
            if family.name == "qms_request_seconds" for sample in family.samples
            if sample.name.endswith("_count")}


def test_made_up_methods_and_paths_add_no_series(app):
    client = app.test_client()
    for _ in range(3):  # every label a known request can have exists before counting
        client.get("/nothing-here")
        client.open("/nothing-here", method="BREW")
        client.open("/api/v1/services", method="BREW")
    before = _series(app)
    rng = random.Random(7)
    for _ in range(50):
        method = "".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 12)))
        path = "/" + "/".join("".join(rng.choices(string.ascii_lowercase + string.digits, k=8))
                              for _ in range(rng.randint(1, 4)))
        client.open(path if rng.random() < 0.5 else "/api/v1/services", method=method)
    after = _series(app)
    assert after == before
    labels = {dict(series)["method"] for series in after} | {dict(s)["route"] for s in after}
    assert "BREW" not in labels and "other" in labels


def test_a_known_route_keeps_its_template_label(app):
    app.test_client().get("/api/v1/tickets/NOPE-123")
    routes = {dict(series)["route"] for series in _series(app)}
    assert any(route.startswith("/api/v1/tickets/<") for route in routes)
    assert not any("NOPE" in route for route in routes)


def test_the_access_log_escapes_control_characters_and_made_up_methods(app, caplog):
    with caplog.at_level("INFO", logger="qms.access"):
        app.test_client().open("/a%0Afake%20line", method="BREW")
    line = [r for r in caplog.records if r.name == "qms.access"][-1]
    assert line.method == "other" and "\n" not in line.getMessage()
    assert line.path == "/a\\x0afake line"
