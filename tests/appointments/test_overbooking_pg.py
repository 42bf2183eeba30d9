"""No overbooking on PostgreSQL: 20 simultaneous bookings of a 5-place slot give exactly 5."""

import pytest

from tests.appointments.support import make_bookable, slots
from tests.appointments.test_appointments_api import book_at_once, stored_bookings
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def pg_centre(tmp_path_factory):
    with temporary_database() as url:
        centre = provision_demo(tmp_path_factory.mktemp("pg"), database_url=url)
        make_bookable(centre)
        yield centre


def test_twenty_at_once_for_five_places_give_exactly_five_on_postgresql(pg_centre):
    server = LiveServer(pg_centre.instance, env={"QMS_DATABASE_URL": pg_centre.database_url,
                                                 "QMS_BOOKING_RATE_LIMIT": "500/60"}).start()
    try:
        api = Api(server.url)
        start = slots(api)[1]["start"]
        answers = book_at_once(api, start, 20, first=500)
        assert sorted(r.status_code for r in answers) == [201] * 5 + [409] * 15
        assert stored_bookings(pg_centre, start) == 5
    finally:
        server.stop()
