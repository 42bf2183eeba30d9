"""`qms dossiers import`: the one-stop software's spreadsheet, imported twice, changes once."""

from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from server.models import Dossier, DossierEvent
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.cli import qms

pytestmark = [pytest.mark.live, pytest.mark.slow]

HEADINGS = ["STT", "Mã hồ sơ", "Tên thủ tục", "Chủ hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả",
            "Trạng thái", "Ngày trả kết quả"]
ROWS = [
    [1, "000.00.12.H26-251120-0001", "Cấp giấy phép xây dựng", "Trần Thị Bình",
     "20/11/2026 08:15", "04/12/2026", "Đang giải quyết", ""],
    [2, "000.00.12.H26-251120-0002", "Đăng ký khai sinh", "Lê Văn Cường",
     datetime(2026, 11, 20, 9, 0), datetime(2026, 11, 21), "Đã trả kết quả",
     datetime(2026, 11, 21, 10, 0)],
]


def counts(centre) -> tuple[int, int]:
    app = centre.app()
    with unit_of_work(app) as session:
        result = (session.scalar(select(func.count()).select_from(Dossier)),
                  session.scalar(select(func.count()).select_from(DossierEvent)))
    app.extensions["qms_engine"].dispose()
    return result


def test_import_xlsx_twice_then_a_change(tmp_path):
    centre = provision_demo(tmp_path / "instance")
    workbook = Workbook()
    workbook.active.append(HEADINGS)
    for row in ROWS:
        workbook.active.append(row)
    path = tmp_path / "ho-so.xlsx"
    workbook.save(path)

    first = qms(centre.instance, "dossiers", "import", str(path))
    assert first.returncode == 0, first.stderr
    assert "2 mới / new" in first.stdout
    assert counts(centre) == (2, 4)  # each: received + its status
    again = qms(centre.instance, "dossiers", "import", str(path))
    assert "0 mới / new, 0 cập nhật / updated, 2 không đổi / unchanged" in again.stdout
    assert counts(centre) == (2, 4)

    app = centre.app()
    with unit_of_work(app) as session:
        returned = session.scalar(select(Dossier).where(
            Dossier.code == "000.00.12.H26-251120-0002"))
        assert (returned.status, returned.source) == ("returned", "import")
        assert returned.finished_at.isoformat() == "2026-11-21T03:00:00+00:00"
    app.extensions["qms_engine"].dispose()

    csv_path = tmp_path / "ho-so.csv"
    csv_path.write_text("Mã hồ sơ;Tên thủ tục;Chủ hồ sơ;Ngày tiếp nhận;Ngày hẹn trả;Trạng thái\n"
                        "000.00.12.H26-251120-0001;Cấp giấy phép xây dựng;Trần Thị Bình;"
                        "20/11/2026 08:15;04/12/2026;Đã có kết quả\n", encoding="utf-8-sig")
    changed = qms(centre.instance, "dossiers", "import", str(csv_path))
    assert "1 cập nhật / updated" in changed.stdout, changed.stdout + changed.stderr
    assert counts(centre) == (2, 5)


def test_a_bad_row_refuses_the_whole_file(tmp_path):
    centre = provision_demo(tmp_path / "instance")
    path = tmp_path / "sai.csv"
    path.write_text("Mã hồ sơ,Tên thủ tục,Chủ hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
                    "HS-000001,Chứng thực,Nguyễn Văn An,20/11/2026,21/11/2026,Đã tiếp nhận\n"
                    "HS-000002,Chứng thực,Nguyễn Văn Ba,20/11/2026,21/11/2026,Xong rồi\n"
                    "HS-000003,Chứng thực,Nguyễn Văn Tư,ngày mai,21/11/2026,Đã tiếp nhận\n",
                    encoding="utf-8")
    refused = qms(centre.instance, "dossiers", "import", str(path))
    assert refused.returncode != 0
    assert "row 3: unknown status 'Xong rồi'" in refused.stderr
    assert "row 4:" in refused.stderr
    assert counts(centre) == (0, 0)
    text_file = tmp_path / "ho-so.txt"
    text_file.write_text("x", encoding="utf-8")
    wrong_type = qms(centre.instance, "dossiers", "import", str(text_file))
    assert wrong_type.returncode != 0 and "use .xlsx or .csv" in wrong_type.stderr
