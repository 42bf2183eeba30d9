"""Two ``qms run`` processes behind one address share PostgreSQL and Redis: a call made
through one reaches displays and staff screens connected to the other."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.clients import Api, Listener
from tests.support.services import require_postgres, require_redis

from .cluster import cluster
from .services import SHARED_REDIS

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    require_postgres()
    require_redis()
    with cluster(tmp_path_factory.mktemp("scale-out"), SHARED_REDIS) as (centre, servers):
        yield centre, servers


def _open_and_call(api: Api, kiosk_token: str, clerk_token: str, counter: int, service: str):
    issued = api.issue(kiosk_token, service)
    assert issued.status_code == 201, issued.text
    assert api.counter(clerk_token, counter, "open").status_code == 200
    called = api.counter(clerk_token, counter, "call-next")
    assert called.status_code == 200, called.text
    return issued.json()["number"], called.json()


def test_call_through_a_reaches_display_on_b(pair):
    centre, (server_a, server_b) = pair
    api_a = Api(server_a.url)
    display = Listener(server_b.url, "/display", centre.tokens["display"])
    try:
        display.wait_for("snapshot")
        number, called = _open_and_call(api_a, centre.tokens["kiosk"],
                                        api_a.staff_token("quay1", centre.password), 1, "DD")
        assert called["number"] == number
        heard = display.wait_for("ticket_called", predicate=lambda p: p["number"] == number)
        assert heard["counter"] == 1
    finally:
        display.close()


def test_both_directions_and_staff_screens(pair):
    centre, (server_a, server_b) = pair
    api_b = Api(server_b.url)
    clerk_token = api_b.staff_token("quay7", centre.password)
    display_a = Listener(server_a.url, "/display", centre.tokens["display"])
    staff_a = Listener(server_a.url, "/staff", clerk_token)
    try:
        number, _ = _open_and_call(api_b, centre.tokens["kiosk"], clerk_token, 7, "CT")
        for listener in (display_a, staff_a):
            heard = listener.wait_for("ticket_called", predicate=lambda p: p["number"] == number)
            assert heard["counter"] == 7
    finally:
        display_a.close()
        staff_a.close()


def test_numbering_is_shared_between_processes(pair):
    centre, servers = pair
    apis = [Api(server.url) for server in servers]
    numbers = [apis[i % 2].issue(centre.tokens["kiosk"], "HT").json()["number"]
               for i in range(10)]
    assert len(set(numbers)) == 10
    sequences = sorted(int("".join(filter(str.isdigit, number))) for number in numbers)
    assert sequences == list(range(sequences[0], sequences[0] + 10))


def test_kiosk_rate_limit_holds_across_processes(pair):
    centre, servers = pair
    apis = [Api(server.url) for server in servers]
    kiosk = centre.add_device("kiosk", "Máy lấy số bị kẹt phím")
    statuses = [apis[i % 2].issue(kiosk, "DD").status_code for i in range(31)]
    assert statuses == [201] * 30 + [429]  # the default 30 a minute, for the centre as a whole


def test_simultaneous_retries_of_one_tap_give_one_ticket(pair):
    centre, servers = pair
    apis = [Api(server.url) for server in servers]
    kiosk = centre.add_device("kiosk", "Máy lấy số chạm hai lần")
    tap = {"service": "XD", "request_id": "tap-0123456789abcdef"}
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(
            lambda n: apis[n % 2].call("POST", "/api/v1/tickets", kiosk, json=tap), range(8)))
    assert sorted(answer.status_code for answer in answers) == [200] * 7 + [201]
    assert len({answer.json()["id"] for answer in answers}) == 1


def test_failed_sign_ins_are_counted_for_the_centre_across_processes(pair):
    centre, servers = pair
    apis = [Api(server.url) for server in servers]
    body = {"username": "quay9", "password": "sai-mat-khau"}
    statuses = [apis[i % 2].call("POST", "/api/v1/auth/token", json=body).status_code
                for i in range(11)]
    assert statuses == [401] * 10 + [429]  # the default 10 per username, for the centre


def test_revoking_a_device_through_one_process_closes_its_socket_on_the_other(pair):
    import socketio

    from tests.support.staff import StaffBrowser
    from tests.support.waiting import wait_until

    centre, (server_a, server_b) = pair
    token = centre.add_device("display", "TV ở tiến trình B")
    tv = socketio.Client(reconnection=False)
    tv.connect(server_b.url, namespaces=["/display"], transports=["websocket"],
               auth={"token": token}, wait_timeout=10)
    admin = StaffBrowser(server_a.url, "admin", centre.password)
    listing = admin.get("/admin/devices/").text
    row = next(part for part in listing.split("<tr")[1:] if "TV ở tiến trình B" in part)
    device_id = row.split('data-id="')[1].split('"')[0]
    assert admin.post(f"/admin/devices/{device_id}/revoke", {}).status_code == 302
    wait_until(lambda: not tv.connected, timeout=5)
