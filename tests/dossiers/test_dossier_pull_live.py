"""The pull from a province system, against a fake one on 127.0.0.1 serving a paged JSON feed."""

import html
import json
import logging
import re
import threading
import time
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from server.cli import main
from server.dossier_pull import load_sources, pull_due_sources, run_source
from server.models import Dossier, DossierEvent, DossierPullSource
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.http_stub import LoopbackServer, QuietHandler

pytestmark = pytest.mark.live

TOKEN = "s3cret-province-token"
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
MAPPING = """
name = "province"
site = "TPBK"
time_format = "dd/MM/yyyy HH:mm:ss"
interval_s = 300
timeout_s = 2
max_pages = {max_pages}
max_bytes = 20000

[time_formats]
updated_at = "epoch_ms"

[request]
url = "{url}/api/dossiers?updated_since={{since}}&page={{page}}&size={{size}}"
since_format = "dd/MM/yyyy HH:mm:ss"

[auth]
kind = "bearer"
token_env = "QMS_TEST_PROVINCE_TOKEN"

[paging]
kind = "page"
size = 2
first = 1
items = "items"
total = "total"

[fields]
code = "code"
procedure = "procedure.name"
procedure_code = "procedure.code"
applicant = "applicant"
status = "status"
received_at = "received_at"
due = "due"
returned_at = "returned_at"
updated_at = "updated_at"

[status_map]
MOI = "received"
DANG_XU_LY = "in_progress"
DA_TRA = "returned"
"""


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def remote(number: int, status: str = "DANG_XU_LY", **changes) -> dict:
    """One record as the province system writes it, changed ``number`` minutes after 08:00."""
    return {"code": f"000.00.12.H26-251126-{number:04d}",
            "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh"},
            "applicant": "Nguyễn Văn An", "status": status,
            "received_at": "25/11/2026 08:15:00", "due": "27/11/2026 17:00:00",
            "returned_at": "26/11/2026 09:30:00" if status == "DA_TRA" else None,
            "updated_at": epoch_ms(datetime(2026, 11, 26, 1, number, tzinfo=UTC))} | changes


class Province(LoopbackServer):
    """The fake province system: serves ``records`` by page; ``failing`` pages answer 500."""

    def __init__(self):
        self.records: list = []
        self.failing: set[int] = set()
        self.raw_page: bytes | None = None  # served instead of the records when set
        self.delay_s = 0.0
        self.slow_pages: set[int] = set()  # pages that take delay_s to answer
        self.requests: list[tuple[dict, dict]] = []
        province = self

        class Handler(QuietHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                province.requests.append((query, dict(self.headers)))
                page, size = int(query.get("page", 1)), int(query.get("size", 1000))
                if not province.slow_pages or page in province.slow_pages:
                    time.sleep(province.delay_s)
                if page in province.failing:
                    self.send_response(500)
                    self.end_headers()
                    return
                body = province.raw_page or json.dumps({
                    "items": province.records[(page - 1) * size: page * size],
                    "total": len(province.records)}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

        super().__init__(Handler)
        self.url = self.base_url


@pytest.fixture
def province():
    server = Province()
    yield server
    server.close()


@pytest.fixture
def centre(tmp_path, province, monkeypatch):
    monkeypatch.setenv("QMS_TEST_PROVINCE_TOKEN", TOKEN)
    centre = provision_demo(tmp_path / "instance")
    (centre.instance / "dossier_feeds").mkdir()
    write_mapping(centre, province)
    return centre


def write_mapping(centre, province, max_pages: int = 20) -> None:
    (centre.instance / "dossier_feeds" / "province.toml").write_text(
        MAPPING.format(url=province.url, max_pages=max_pages), encoding="utf-8")


@pytest.fixture
def app(centre):
    app = centre.app()
    yield app
    app.extensions["qms_engine"].dispose()


def pull(app, **options):
    (mapping,), refused = load_sources(app)
    assert refused == {}
    return run_source(app, mapping, **options)


def state(app) -> DossierPullSource | None:
    with unit_of_work(app) as session:
        found = session.scalar(select(DossierPullSource))
        if found is not None:
            session.expunge(found)
        return found


def dossiers(app) -> dict[str, Dossier]:
    with unit_of_work(app) as session:
        found = session.scalars(select(Dossier).where(Dossier.source == "pull")).all()
        session.expunge_all()
        return {dossier.code[-4:]: dossier for dossier in found}


def test_a_paged_feed_is_mapped_applied_and_the_cursor_advances(app, province):
    province.records = [remote(1, "MOI"), remote(2), remote(3, "DA_TRA"), remote(4), remote(5)]
    result = pull(app, now=NOW)
    assert (result.fetched, result.created, result.changed, result.errors) == (5, 5, 5, [])
    pages = [query["page"] for query, _headers in province.requests]
    assert pages == ["1", "2", "3"]
    first_query, first_headers = province.requests[0]
    assert first_query["updated_since"] == "25/11/2026 10:00:00"  # a day back, Hà Nội time
    assert first_headers["Authorization"] == f"Bearer {TOKEN}"
    found = dossiers(app)
    assert {code: d.status for code, d in found.items()} == {
        "0001": "received", "0002": "in_progress", "0003": "returned", "0004": "in_progress",
        "0005": "in_progress"}
    assert found["0001"].received_at == datetime(2026, 11, 25, 1, 15, tzinfo=UTC)
    assert found["0001"].due_date == date(2026, 11, 27)
    assert found["0003"].returned_at == datetime(2026, 11, 26, 2, 30, tzinfo=UTC)
    stored = state(app)
    assert stored.cursor == datetime(2026, 11, 26, 1, 5, tzinfo=UTC)  # the newest change
    assert (stored.last_result, stored.fetched, stored.changed) == ("ok", 5, 5)
    assert stored.next_run_at == NOW + timedelta(seconds=300)

    province.requests.clear()
    province.records = [remote(5), remote(6, "DA_TRA")]  # 0005 again unchanged, 0006 new
    again = pull(app, now=NOW + timedelta(minutes=5))
    assert province.requests[0][0]["updated_since"] == "26/11/2026 08:05:00"
    assert (again.fetched, again.created, again.changed) == (2, 1, 1)
    assert state(app).cursor == datetime(2026, 11, 26, 1, 6, tzinfo=UTC)


def test_a_status_change_is_applied_once(app, province):
    province.records = [remote(1)]
    pull(app, now=NOW)
    province.records = [remote(1, "DA_TRA", updated_at=epoch_ms(NOW))]
    assert pull(app, now=NOW).changed == 1
    assert pull(app, now=NOW).changed == 0  # the same description again changes nothing
    assert dossiers(app)["0001"].status == "returned"
    with unit_of_work(app) as session:
        kinds = session.scalars(select(DossierEvent.status).join(Dossier)
                                .where(Dossier.source == "pull")).all()
    assert kinds == ["received", "in_progress", "returned"]


def test_a_failing_run_keeps_the_cursor_and_backs_off(app, province, caplog):
    province.records = [remote(1), remote(2)]
    pull(app, now=NOW)
    cursor = state(app).cursor
    province.records = [remote(n) for n in range(1, 6)]
    province.failing = {2}
    with caplog.at_level(logging.ERROR, logger="server.dossier_pull"):
        result = pull(app, now=NOW)
    assert result.failure == "HTTP 500 Internal Server Error"
    stored = state(app)
    assert (stored.cursor, stored.last_result, stored.failures) == (cursor, "failed", 1)
    assert stored.last_error == "HTTP 500 Internal Server Error"
    assert stored.next_run_at == NOW + timedelta(seconds=600)  # the interval, doubled
    assert "cursor kept" in caplog.text and TOKEN not in caplog.text

    # The scheduled check leaves it alone until then, and runs it after.
    province.failing = set()
    assert pull_due_sources(app, now=NOW + timedelta(seconds=599)) == []
    (later,) = pull_due_sources(app, now=NOW + timedelta(seconds=600))
    assert later.failure == "" and later.fetched == 5
    assert state(app).failures == 0
    assert state(app).cursor == datetime(2026, 11, 26, 1, 5, tzinfo=UTC)


def test_a_dry_run_writes_nothing(app, province):
    province.records = [remote(1), remote(2), remote(3)]
    result = pull(app, dry_run=True, now=NOW)
    assert (result.fetched, result.created) == (3, 3)
    assert dossiers(app) == {}
    assert state(app) is None


def test_malformed_records_are_skipped_and_reported_and_the_others_applied(app, province,
                                                                           caplog):
    province.records = [remote(1), remote(2, "BI_MAT"), "not a record",
                        remote(3, received_at="2026-11-25"), remote(4, applicant={"x": 1}),
                        remote(5, updated_at="yesterday"),
                        remote(6, due=None, procedure={"name": "Thủ tục ngoài danh mục"}),
                        remote(7)]
    with caplog.at_level(logging.WARNING, logger="server.dossier_pull"):
        result = pull(app, now=NOW)
    assert result.fetched == 8
    assert set(dossiers(app)) == {"0001", "0007"}
    stored = state(app)
    assert (stored.last_result, stored.skipped, stored.changed) == ("partial", 6, 2)
    errors = stored.record_errors.splitlines()
    assert errors[0] == "000.00.12.H26-251126-0002: unknown status 'BI_MAT'"
    assert errors[1] == "a record must be an object, got str"
    assert "received_at '2026-11-25' is not dd/MM/yyyy HH:mm:ss" in errors[2]
    assert errors[3] == ("000.00.12.H26-251126-0004: field 'applicant' (applicant) must be a "
                         "text or a number, got dict")
    assert "updated_at 'yesterday' is not epoch_ms" in errors[4]
    assert errors[5].startswith("000.00.12.H26-251126-0006: processing_days_required")
    assert caplog.text.count("record skipped") == 6
    assert "Nguyễn" not in caplog.text and "Nguyễn" not in stored.record_errors
    assert stored.cursor == datetime(2026, 11, 26, 1, 7, tzinfo=UTC)


@pytest.mark.parametrize(("page", "failure"), [
    (b"[" * 30000, "larger than max_bytes (20000)"),
    (b"<html>maintenance</html>", "not JSON"),
    (b'{"items": {"code": 1}}', "no list at 'items'"),
    (b"[" * 5000 + b"]" * 5000, "not JSON"),
])
def test_a_hostile_page_fails_the_run_with_a_clear_error(app, province, page, failure):
    province.raw_page = page
    result = pull(app, now=NOW)
    assert failure in result.failure
    assert state(app).cursor is None and failure in state(app).last_error


def test_a_slow_feed_times_out(app, province):
    province.records, province.delay_s = [remote(1)], 3
    started = time.monotonic()
    result = pull(app, now=NOW)
    assert "timed out" in result.failure
    assert time.monotonic() - started < 3


def test_no_transaction_is_held_while_the_feed_answers(app, province):
    """On SQLite a transaction holds the one write lock: calls and issues would wait."""
    province.records = [remote(n) for n in range(1, 4)]
    province.delay_s, province.slow_pages = 1.5, {2}
    run = threading.Thread(target=pull, args=(app,), kwargs={"now": NOW})
    run.start()
    time.sleep(0.7)  # page 1 applied, page 2 on its way
    started = time.monotonic()
    with unit_of_work(app) as session:
        session.execute(text("UPDATE sites SET name = name"))
    waited = time.monotonic() - started
    run.join()
    assert waited < 0.5
    assert set(dossiers(app)) == {"0001", "0002", "0003"}


def test_the_page_cap_stops_a_run_and_the_next_goes_on(app, centre, province):
    write_mapping(centre, province, max_pages=2)
    province.records = [remote(n) for n in range(1, 8)]
    result = pull(app, now=NOW)
    assert (result.fetched, result.complete) == (4, False)
    assert state(app).cursor == datetime(2026, 11, 26, 1, 4, tzinfo=UTC)


def test_a_missing_secret_fails_without_a_request(app, province, monkeypatch):
    monkeypatch.delenv("QMS_TEST_PROVINCE_TOKEN")
    result = pull(app, now=NOW)
    assert result.failure == "the environment variable QMS_TEST_PROVINCE_TOKEN is not set"
    assert province.requests == []


def test_a_refused_mapping_file_is_reported_on_its_source(app, centre):
    (centre.instance / "dossier_feeds" / "broken.toml").write_text("site = 'TPBK'\n")
    pull_due_sources(app, now=NOW)
    with unit_of_work(app) as session:
        broken = session.scalar(select(DossierPullSource)
                                .where(DossierPullSource.name == "broken"))
        assert broken.last_result == "failed"
        assert broken.last_error.startswith("mapping file refused: [fields] needs code")


def test_the_pull_command(centre, province):
    province.records = [remote(1), remote(2, "BI_MAT")]
    runner = CliRunner()
    dry = runner.invoke(main, ["--instance", str(centre.instance), "dossiers", "pull",
                               "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "province: thử / dry run: lấy / fetched 2, mới / created 1" in dry.output
    assert "unknown status 'BI_MAT'" in dry.output
    real = runner.invoke(main, ["--instance", str(centre.instance), "dossiers", "pull",
                                "--source", "province", "--since", "2026-11-20"])
    assert real.exit_code == 0, real.output
    assert province.requests[-1][0]["updated_since"] == "20/11/2026 00:00:00"
    app = centre.app()
    assert set(dossiers(app)) == {"0001"}
    app.extensions["qms_engine"].dispose()
    province.failing = {1}
    failed = runner.invoke(main, ["--instance", str(centre.instance), "dossiers", "pull"])
    assert failed.exit_code == 1 and "HTTP 500" in failed.output
    unknown = runner.invoke(main, ["--instance", str(centre.instance), "dossiers", "pull",
                                   "--source", "nowhere"])
    assert unknown.exit_code == 1 and "no source 'nowhere'" in unknown.output


def test_the_admin_home_shows_each_source_s_last_run(app, centre, province):
    province.records = [remote(1), remote(2, "BI_MAT")]
    pull(app, now=NOW)
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    client.post("/login", data={"csrf_token": token, "username": "admin",
                                "password": centre.password})
    page = html.unescape(client.get("/admin/").get_data(as_text=True))
    row = re.search(r'<tr data-source="province".*?</tr>', page, re.S).group(0)
    assert 'data-result="partial"' in row
    assert "<td>2</td><td>1</td><td>1</td>" in row  # fetched, changed, skipped
    assert "26/11/2026 08:01:00" in row  # the cursor, in Hà Nội time
    assert "000.00.12.H26-251126-0002: unknown status 'BI_MAT'" in row
    province.failing = {1}
    pull(app, now=NOW)
    page = html.unescape(client.get("/admin/").get_data(as_text=True))
    assert "HTTP 500 Internal Server Error" in page and 'data-result="failed"' in page


def test_sync_dossiers_once_is_the_same_command(centre, province):
    province.records = [remote(1)]
    runner = CliRunner()
    base = ["--instance", str(centre.instance), "sync", "dossiers"]
    refused = runner.invoke(main, base)
    assert refused.exit_code == 2 and "add --once" in refused.output
    once = runner.invoke(main, [*base, "--once", "--dry-run"])
    assert once.exit_code == 0, once.output
    assert "province: thử / dry run: lấy / fetched 1, mới / created 1" in once.output


def test_a_dossier_created_elsewhere_at_the_same_moment_skips_only_that_record(
        app, province, monkeypatch):
    import server.dossier_pull.run as run

    real = run.upsert_from_software

    def racing(session, site, code, *args, **kwargs):
        if code.endswith("0002"):
            raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))
        return real(session, site, code, *args, **kwargs)

    monkeypatch.setattr(run, "upsert_from_software", racing)
    province.records = [remote(1), remote(2), remote(3)]
    result = pull(app, now=NOW)
    assert set(dossiers(app)) == {"0001", "0003"}
    assert result.errors == ["000.00.12.H26-251126-0002: created elsewhere at the same "
                             "moment; not applied by this run"]
