"""A day of card scans leaves no full ID number in the database, its WAL, the logs or a backup."""

import gzip
import uuid
import zipfile

from tests.ops.test_backup_restore import qms
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.server import LiveServer

NUMBERS = ["001090123456", "019150001234", "079203004567"]
CARDS = [
    "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Đức Xuân, Thái Nguyên|15042021",
    "019150001234||Trần Thị Bình|20031950|Nữ|Xã Tân Cương, Thái Nguyên|01072021",
    "079203004567||Lê Minh Châu|12122003|Nam|Phường Phan Đình Phùng, Thái Nguyên|02022022",
]


def _contents(path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        return gzip.decompress(data)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return data


def test_scans_tickets_and_dossiers_keep_no_full_number(tmp_path):
    centre = provision_demo(tmp_path / "instance")
    server = LiveServer(centre.instance, env={"QMS_LOG_LEVEL": "DEBUG"}).start()
    try:
        api = Api(server.url)
        kiosk = centre.tokens["kiosk"]
        clerk = api.staff_token("quay1", centre.password)
        for card, number in zip(CARDS, NUMBERS, strict=True):
            assert api.call("POST", "/api/v1/citizens/scan", kiosk, json={"qr": card}
                            ).status_code == 200
            assert api.call("POST", "/api/v1/tickets", kiosk, json={
                "service": "HT", "request_id": uuid.uuid4().hex, "citizen": {"qr": card}}
            ).status_code == 201
            assert api.call("POST", "/api/v1/citizens/scan", clerk, json={"id_number": number}
                            ).status_code == 200
            assert api.call("POST", "/api/v1/dossiers", clerk, json={
                "procedure": "Đăng ký khai sinh", "applicant_name": "Nguyễn Văn An",
                "applicant_id_number": number, "processing_days": 3, "print": False}
            ).status_code == 201
        # A card refused for a mismatch must not be logged either.
        api.call("POST", "/api/v1/citizens/scan", kiosk,
                 json={"qr": "001190123456||Nguyễn Văn An|01011990|Nam|"})
    finally:
        server.stop()
    (tmp_path / "backups").mkdir()
    backup = qms(centre.instance, "backup", str(tmp_path / "backups" / "qms-backup.sqlite3"))
    assert backup.returncode == 0, backup.stderr
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.name.startswith("qms.sqlite3") for path in files)
    assert any(path.suffix == ".log" for path in files)
    assert any("backups" in path.parts for path in files)
    for path in files:
        contents = _contents(path)
        for number in [*NUMBERS, "001190123456"]:
            assert number.encode() not in contents, f"{number} found in {path}"
