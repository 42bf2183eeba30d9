"""A demo centre whose land service (DD) takes bookings, served live."""

import pytest

from tests.appointments.sink import Sink
from tests.appointments.support import bookable_centre


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    centre = bookable_centre(tmp_path_factory.mktemp("instance"), remote_tickets=True,
                             remote_per_phone=2)
    centre.tokens["integration"] = centre.add_device("integration", "Cổng dịch vụ công")
    centre.tokens["ward_kiosk"] = centre.add_device("kiosk", "Máy lấy số phường",
                                                    site="DUCXUAN")
    return centre


@pytest.fixture(scope="module")
def live_server_env() -> dict:
    return {"QMS_BOOKING_RATE_LIMIT": "500/60"}


@pytest.fixture(scope="module")
def sink():
    """A stand-in SMS gateway that records what it is sent."""
    sink = Sink()
    yield sink
    sink.close()
