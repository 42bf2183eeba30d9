"""A site's import changes that site's offer; shared text changes only by the system admin."""

import json

import pytest
from sqlalchemy import select

from server.engine.catalogue_files import import_catalogue, preview_catalogue
from server.models import Procedure, Service, Site

CITY_ROW = {"code": "1.001193", "name": "Đăng ký khai sinh", "service": "HT",
            "fee": "Miễn lệ phí", "documents": [{"name": "Tờ khai", "count": 1}]}
# The ward's spreadsheet: its own field, and an older text of the same national procedure.
WARD_ROW = {"code": "1.001193", "name": "Khai sinh (mẫu cũ)", "service": "TP",
            "fee": "8.000 đồng", "documents": [{"name": "Giấy chứng sinh", "count": 2}]}


@pytest.fixture
def ward(session, site):
    ward = Site(code="WARD", name="Phường thử")
    session.add(ward)
    session.flush()
    session.add(Service(site_id=ward.id, code="TP", name="Tư pháp", sort_order=0))
    session.commit()
    return ward


def as_file(*rows) -> bytes:
    return json.dumps(list(rows), ensure_ascii=False).encode()


def shared(session) -> Procedure:
    return session.scalar(select(Procedure).where(Procedure.code == "1.001193"))


def test_a_site_import_offers_the_shared_procedure_without_rewriting_it(session, site, ward):
    import_catalogue(session, site, as_file(CITY_ROW), "json")
    [(_row, _record, outcome)] = preview_catalogue(session, ward, as_file(WARD_ROW), "json")
    assert (outcome.status, outcome.text, outcome.shared_with) == ("offered", "kept", ("S1",))
    summary = import_catalogue(session, ward, as_file(WARD_ROW), "json")
    assert (summary.created, summary.offered, summary.kept_shared) == (0, 1, 1)
    procedure = shared(session)
    assert procedure.name == "Đăng ký khai sinh" and procedure.fee == "Miễn lệ phí"
    assert procedure.documents == [{"name": "Tờ khai", "kind": "original", "count": 1}]
    fields = {offer.site.code: offer.service.code for offer in procedure.offers}
    assert fields == {"S1": "HT", "WARD": "TP"}


def test_the_system_admin_rewrites_shared_text_and_the_preview_names_the_sites(
        session, site, ward):
    import_catalogue(session, site, as_file(CITY_ROW), "json")
    import_catalogue(session, ward, as_file(WARD_ROW), "json")
    [(_row, _record, outcome)] = preview_catalogue(session, ward, as_file(WARD_ROW), "json",
                                                   shared_text=True)
    assert (outcome.status, outcome.text, outcome.shared_with) == ("updated", "changed", ("S1",))
    assert shared(session).name == "Đăng ký khai sinh"  # a preview saves nothing
    summary = import_catalogue(session, ward, as_file(WARD_ROW), "json", shared_text=True)
    assert summary.touched_sites == ("S1",)
    assert shared(session).fee == "8.000 đồng"


def test_a_procedure_only_this_site_offers_takes_the_file_text(session, site, ward):
    import_catalogue(session, ward, as_file(WARD_ROW), "json")
    changed = dict(WARD_ROW, fee="Miễn lệ phí")
    [(_row, _record, outcome)] = preview_catalogue(session, ward, as_file(changed), "json")
    assert (outcome.status, outcome.text, outcome.shared_with) == ("updated", "same", ())
    import_catalogue(session, ward, as_file(changed), "json")
    assert shared(session).fee == "Miễn lệ phí"


def test_moving_the_offer_to_another_field_is_the_site_own_change(session, site, ward):
    session.add(Service(site_id=ward.id, code="HT2", name="Hộ tịch", sort_order=1))
    import_catalogue(session, site, as_file(CITY_ROW), "json")
    import_catalogue(session, ward, as_file(WARD_ROW), "json")
    summary = import_catalogue(session, ward, as_file(dict(WARD_ROW, service="HT2")), "json")
    assert (summary.updated, summary.kept_shared) == (1, 1)
    offers = {offer.site.code: offer.service.code for offer in shared(session).offers}
    assert offers == {"S1": "HT", "WARD": "HT2"}
