"""A demo centre whose land service (DD) takes bookings, served live."""

import pytest

from tests.appointments.sink import Sink
from tests.appointments.support import bookable_centre
from tests.support.clients import Api
from tests.support.server import LiveServer


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    centre = bookable_centre(tmp_path_factory.mktemp("instance"), remote_tickets=True,
                             remote_per_phone=2)
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


@pytest.fixture(scope="module")
def sink():
    """A stand-in SMS gateway that records what it is sent."""
    sink = Sink()
    yield sink
    sink.close()
