"""A demo centre whose land service (DD) takes bookings, served live."""

import pytest

from tests.appointments.support import make_bookable
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.server import LiveServer


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("instance"))
    make_bookable(centre, remote_tickets=True, remote_per_phone=2)
    centre.tokens["integration"] = centre.add_device("integration", "Cổng dịch vụ công")
    centre.tokens["ward_kiosk"] = centre.add_device("kiosk", "Máy lấy số phường",
                                                    site="DUCXUAN")
    return centre


@pytest.fixture(scope="module")
def live_server(centre):
    server = LiveServer(centre.instance, env={"QMS_BOOKING_RATE_LIMIT": "500/60"}).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(live_server):
    return Api(live_server.url)
