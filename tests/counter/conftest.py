"""Counter fixtures: a second clerk who may staff counter 3 alongside quay3."""

import pytest
from sqlalchemy import select

from server.models import Counter, Site
from server.provision import add_user
from tests.support.visits import database


@pytest.fixture(scope="module")
def relief_clerk(centre, api):
    """A token for ``thaythe3``, allowed at counter 3 like quay3."""
    with database(centre) as session:
        site = session.scalar(select(Site).where(Site.code == "TPBK"))
        counter = session.scalar(select(Counter).where(Counter.site_id == site.id,
                                                       Counter.number == 3))
        add_user(session, "thaythe3", centre.password, "clerk", full_name="Cán bộ thay thế",
                 site=site, counters=[counter])
    return api.staff_token("thaythe3", centre.password)
