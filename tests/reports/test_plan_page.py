"""The planner, in process: a past day replayed with another roster, beside what happened."""

import html
import re
from datetime import UTC, datetime

import pytest

from server.demo_history import generate_history
from server.storage import unit_of_work
from tests.support.centre import PASSWORD, provision_demo

TODAY = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # a Monday; the history fills the days before


@pytest.fixture(scope="module")
def planner(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("plan"))
    app = centre.app()
    with unit_of_work(app) as session:
        generate_history(session, 1, 3, 60, seed=3, now=TODAY)
    client = app.test_client()
    yield client
    app.extensions["qms_engine"].dispose()


def _login(client, username):
    form = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post("/login", data={"csrf_token": csrf, "username": username,
                                         "password": PASSWORD})
    assert answer.status_code == 302


def _not_called(page: str) -> tuple[str, str]:
    found = re.search(r'id="plan-not-called">.*?<strong>(.*?)</strong>.*?<strong>(.*?)</strong>',
                      page, re.S)
    return found.group(1), found.group(2)


def test_a_manager_replays_a_day_and_one_counter_leaves_citizens_unserved(planner):
    _login(planner, "quanly")
    day = "04/12/2026"  # a Friday of the history
    as_it_was = html.unescape(planner.get(f"/reports/plan?day={day}").get_data(as_text=True))
    assert "Lập kế hoạch quầy" in as_it_was and 'id="plan-waits"' in as_it_was
    assert 'name="day" value="04/12/2026"' in as_it_was
    predicted, real = _not_called(as_it_was)
    numbers = re.findall(r'name="open(\d+)"', as_it_was)
    assert len(numbers) >= 3

    # Only the first counter, serving every field, for one hour in the morning.
    codes = sorted(set(re.findall(r'name="f\d+" value="([^"]+)"', as_it_was)))
    query = {"plan": "1", "day": day, f"open{numbers[0]}": "1",
             f"hours{numbers[0]}": "07:30-08:30", f"f{numbers[0]}": codes}
    thin = html.unescape(planner.get("/reports/plan", query_string=query).get_data(as_text=True))

    thin_predicted, thin_real = _not_called(thin)
    assert thin_real == real, "what happened does not change"
    assert int(thin_predicted) > int(predicted)
    assert re.search(r'name="open' + numbers[1] + r'" value="1"[^>]*aria-label="[^"]*">', thin)
    assert f'name="open{numbers[1]}" value="1" aria-label="Mở quầy {numbers[1]}" checked' \
        not in thin


def test_the_planner_is_for_managers_only(planner):
    _login(planner, "quay1")
    answer = planner.get("/reports/plan")
    assert answer.status_code == 403
