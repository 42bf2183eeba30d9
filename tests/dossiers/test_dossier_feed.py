"""The mapping file of a province system's feed: its checks, time formats, status map, records."""

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from server.dossier_pull.run import apply_record
from server.engine.dossier_feed import (
    MappingError,
    RecordError,
    load_mapping,
    map_record,
    page_items,
    page_url,
    parse_mapping,
    parse_time,
    strptime_pattern,
)
from server.engine.handovers import steps_of
from server.models import Dossier

SAMPLES = Path(__file__).resolve().parents[2] / "server" / "samples"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def mapping(**changes):
    raw = {"name": "test", "site": "S1", "time_format": "dd/MM/yyyy HH:mm:ss",
           "time_formats": {"updated_at": "epoch_ms"},
           "request": {"url": "http://127.0.0.1:1/feed?since={since}&page={page}&size={size}"},
           "paging": {"kind": "page", "size": 2, "first": 1, "items": "data.items",
                      "total": "data.total"},
           "fields": {"code": "no", "procedure": "proc.name", "procedure_code": "proc.code",
                      "applicant": "who", "status": "state", "received_at": "in",
                      "due": "due", "returned_at": "out", "updated_at": "changed"},
           "status_map": {"1": "received", "2": "in_progress", "9": "returned"}}
    return parse_mapping(raw | changes)


def record(**changes):
    return {"no": "000.00.12.H26-251126-0001", "proc": {"name": "Đăng ký khai sinh",
                                                        "code": "1.001193"},
            "who": "Nguyễn Văn An", "state": 2, "in": "25/11/2026 08:15:00",
            "due": "27/11/2026 17:00:00", "out": None, "changed": 1764033300000} | changes


def test_a_record_is_mapped_by_its_paths_status_map_and_time_formats():
    mapped = map_record(mapping(), record())
    assert mapped.code == "000.00.12.H26-251126-0001"
    assert (mapped.procedure, mapped.procedure_code) == ("Đăng ký khai sinh", "1.001193")
    assert mapped.status == "in_progress"  # the number 2 read as the key "2"
    assert mapped.received_at == datetime(2026, 11, 25, 1, 15, tzinfo=UTC)  # 08:15 in Hà Nội
    assert mapped.due == date(2026, 11, 27)
    assert mapped.updated_at == datetime(2025, 11, 25, 1, 15, tzinfo=UTC)
    assert mapped.site_code == "S1" and mapped.returned_at is None


@pytest.mark.parametrize(("value", "time_format", "expected"), [
    ("25/11/2026 08:15:00", "dd/MM/yyyy HH:mm:ss", datetime(2026, 11, 25, 1, 15, tzinfo=UTC)),
    (1764033300000, "epoch_ms", datetime(2025, 11, 25, 1, 15, tzinfo=UTC)),
    ("1764033300", "epoch_s", datetime(2025, 11, 25, 1, 15, tzinfo=UTC)),
    ("2026-11-25T08:15:00+07:00", "iso", datetime(2026, 11, 25, 1, 15, tzinfo=UTC)),
    ("2026-11-25T01:15:00Z", "iso", datetime(2026, 11, 25, 1, 15, tzinfo=UTC)),
    ("2026-11-25 08:15", "yyyy-MM-dd HH:mm", datetime(2026, 11, 25, 1, 15, tzinfo=UTC)),
])
def test_time_formats(value, time_format, expected):
    assert parse_time(value, time_format, VIETNAM) == expected


def test_java_patterns_become_strptime_patterns():
    assert strptime_pattern("dd/MM/yyyy HH:mm:ss") == "%d/%m/%Y %H:%M:%S"
    assert strptime_pattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX") == "%Y-%m-%dT%H:%M:%S.%f%z"


@pytest.mark.parametrize(("changes", "reason"), [
    ({"state": 7}, "unknown status '7'"),
    ({"state": None}, "unknown status"),
    ({"in": "2026-11-25"}, "received_at '2026-11-25' is not dd/MM/yyyy HH:mm:ss"),
    ({"in": None}, "no received_at"),
    ({"changed": "soon"}, "updated_at 'soon' is not epoch_ms"),
    ({"changed": [1]}, "updated_at '[1]' is not epoch_ms"),
    ({"no": "x"}, "invalid code"),
    ({"no": {"id": 1}}, "must be a text or a number"),
    ({"proc": "not an object"}, "no procedure"),
    ({"who": ["a", "b"]}, "must be a text or a number"),
])
def test_a_bad_record_says_why(changes, reason):
    with pytest.raises(RecordError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        map_record(mapping(), record(**changes))


@pytest.mark.parametrize("raw", [None, 3, "text", ["list"]])
def test_a_record_that_is_not_an_object_is_refused(raw):
    with pytest.raises(RecordError, match="must be an object"):
        map_record(mapping(), raw)


def test_the_site_comes_from_the_site_map_when_the_record_says_its_agency():
    feed = mapping(site="", site_map={"000.00.12.H26": "S2"},
                   fields={**mapping().fields, "site": "agency"})
    assert map_record(feed, record(agency="000.00.12.H26")).site_code == "S2"
    with pytest.raises(RecordError, match="no site for 'elsewhere'"):
        map_record(feed, record(agency="elsewhere"))


def test_the_url_template_is_filled_per_page():
    since = datetime(2026, 11, 25, 1, 15, tzinfo=UTC)
    assert page_url(mapping(), since, 0) == (
        "http://127.0.0.1:1/feed?since=25%2F11%2F2026%2008%3A15%3A00&page=1&size=2")
    offsets = mapping(request={"url": "http://h/x?start={offset}&end={end}&t={since}",
                               "since_format": "epoch_ms"})
    assert page_url(offsets, since, 2) == "http://h/x?start=4&end=6&t=1795569300000"


def test_a_page_without_its_list_is_refused():
    assert page_items(mapping(), {"data": {"items": [1], "total": 5}}) == ([1], 5)
    with pytest.raises(RecordError, match="no list at 'data.items'"):
        page_items(mapping(), {"data": {"items": {"a": 1}}})


@pytest.mark.parametrize(("changes", "reason"), [
    ({"status_map": {"1": "lost"}}, "unknown statuses: lost"),
    ({"status_map": {}}, "status_map.* is empty"),
    ({"fields": {"code": "no"}}, "needs procedure, status, received_at"),
    ({"fields": {**mapping().fields, "colour": "c"}}, "unknown keys: colour"),
    ({"auth": {"kind": "magic"}}, "kind must be one of"),
    ({"request": {"url": "ftp://x"}}, "url must start with"),
    ({"site": ""}, "which site"),
    ({"timezone": "Mars/Olympus"}, "wrong type"),
    ({"max_pages": "many"}, "wrong type"),
])
def test_a_bad_mapping_is_refused_with_its_reason(changes, reason):
    with pytest.raises(MappingError, match=reason):
        mapping(**changes)


@pytest.mark.parametrize("name", ["dossier_feed_generic.toml", "dossier_feed_opencps.toml"])
def test_the_shipped_mappings_load(name):
    assert load_mapping(SAMPLES / name).fields["code"]


def test_the_opencps_mapping_reads_an_opencps_record():
    """A record with DossierDataModel's field names and APIDateTimeUtils' time format."""
    opencps = load_mapping(SAMPLES / "dossier_feed_opencps.toml")
    items, total = page_items(opencps, {"total": 1, "data": [{
        "dossierId": 501, "dossierNo": "G22.35-251126-0007", "serviceCode": "1.001193",
        "serviceName": "Đăng ký khai sinh", "applicantName": "Trần Thị Bình",
        "dossierStatus": "releasing", "receiveDate": "25/11/2026 08:15:00",
        "dueDate": "27/11/2026 17:00:00", "releaseDate": "",
        "modifiedDate": "26/11/2026 10:00:00"}]})
    mapped = map_record(opencps, items[0])
    assert (total, mapped.code, mapped.status) == (1, "G22.35-251126-0007", "ready")
    assert mapped.updated_at == datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    assert mapped.returned_at is None


def test_a_json_mapping_file_reads_like_a_toml_one(tmp_path):
    path = tmp_path / "province.json"
    path.write_text('{"site": "S1", "request": {"url": "https://x/y"}, '
                    '"fields": {"code": "a", "procedure": "b", "status": "c", '
                    '"received_at": "d"}, "status_map": {"OK": "returned"}}')
    assert load_mapping(path).name == "province"
    path.write_text("{not json")
    with pytest.raises(MappingError, match="province.json: cannot be read"):
        load_mapping(path)


def test_the_steps_between_units_come_with_the_record_when_the_mapping_has_them(
        session, site):
    with_steps = mapping(fields=mapping().fields | {
        "handovers": "steps", "handover_unit": "org.name", "handover_at": "when"})
    raw = record(steps=[{"org": {"name": "Phòng Tư pháp"}, "when": "25/11/2026 10:00:00"},
                        {"org": {"name": "centre"}, "when": "26/11/2026 15:00:00"},
                        {"org": {"name": "Không thời điểm"}, "when": None}])
    mapped = map_record(with_steps, raw)
    assert mapped.handovers == (
        ("Phòng Tư pháp", datetime(2026, 11, 25, 3, 0, tzinfo=UTC)),
        ("centre", datetime(2026, 11, 26, 8, 0, tzinfo=UTC)))
    assert map_record(mapping(), raw).handovers == ()
    for _ in range(2):  # the same record again adds no step
        apply_record(session, mapped, site)
    dossier = session.scalar(select(Dossier))
    assert [step.unit for step in steps_of(session, dossier)] == [
        site.name, "Phòng Tư pháp", site.name]
    assert dossier.status == "in_progress"  # the software's status stays the truth
    # Once it says returned, the work ended when the result reached the centre.
    returned = map_record(with_steps, raw | {"state": 9, "out": "28/11/2026 09:00:00"})
    apply_record(session, returned, site)
    assert (dossier.status, dossier.finished_at) == (
        "returned", datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    with pytest.raises(RecordError):
        map_record(with_steps, record(steps="Phòng Tư pháp"))
