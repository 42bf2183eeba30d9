"""The catalogue in the admin: list, import with preview then confirm, edit, upload, scope."""

import html
import re

import pytest

from server.provision import add_user, find_site
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.staff import StaffBrowser

pytestmark = []  # in process: tests/support/in_process.py

HEADER = "code,name,service,level,documents,processing_days\n"
NEW_AND_CHANGED = HEADER + ("7.000001,Thủ tục nhập thử,HT,xã,Tờ khai | bản chính | 1,2\n"
                            "1.000656,Đăng ký khai tử,HT,xã,Tờ khai đăng ký khai tử,1\n")


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("admin-catalogue"))
    app = centre.app()
    with unit_of_work(app) as session:
        add_user(session, "qtphuong", centre.password, "admin", site=find_site(session,
                                                                              "DUCXUAN"))
    app.extensions["qms_engine"].dispose()
    return centre


@pytest.fixture(scope="module")
def admin(server, centre):
    return StaffBrowser(server.url, "admin", centre.password)


def upload(browser, path, field, content, **fields):
    return browser.http.post(browser.base_url + path, allow_redirects=False, timeout=10,
                             data={"csrf_token": browser.csrf, **fields},
                             files={field: content})


def test_only_admins_open_the_catalogue(server, centre, admin):
    listing = admin.get("/admin/procedures/")
    assert listing.status_code == 200 and "Đăng ký khai sinh" in listing.text
    manager = StaffBrowser(server.url, "quanly", centre.password)
    assert manager.get("/admin/procedures/").status_code == 403
    assert StaffBrowser(server.url, "quay1", centre.password).get(
        "/admin/procedures/").status_code == 403


def test_import_shows_a_preview_and_saves_only_on_confirm(api, admin):
    preview = upload(admin, "/admin/procedures/import", "file",
                     ("thu-tuc.csv", NEW_AND_CHANGED.encode()))
    assert preview.status_code == 200
    assert "1 thêm mới, 1 cập nhật, 0 không đổi" in preview.text
    assert api.call("GET", "/api/v1/procedures/7.000001").status_code == 404
    pending = preview.text.split('name="pending" value="')[1].split('"')[0]
    confirmed = admin.post("/admin/procedures/import/confirm", {"pending": pending})
    assert confirmed.status_code == 302
    assert api.call("GET", "/api/v1/procedures/7.000001").json()["processing_days"] == 2
    assert api.call("GET", "/api/v1/procedures/1.000656").json()["processing_days"] == 1
    again = admin.post("/admin/procedures/import/confirm", {"pending": pending})
    assert again.status_code == 404  # a confirmed file is gone
    assert admin.post("/admin/procedures/import/confirm",
                      {"pending": "../qms.sqlite3"}).status_code == 404


def test_a_bad_row_is_named_and_nothing_changes(api, admin):
    bad = HEADER + "7.000002,Thủ tục hai,HT,xã,,2\n7.000003,Thủ tục ba,HT,tầng 5,,2\n"
    refused = upload(admin, "/admin/procedures/import", "file", ("bad.csv", bad.encode()))
    assert refused.status_code == 422 and "Dòng 3" in refused.text
    problem = re.search(r"<td>Dòng 3</td><td>(.*?)</td>", html.unescape(refused.text)).group(1)
    assert problem.startswith("Cấp thực hiện “tầng 5” phải là cấp tỉnh hoặc cấp xã.")
    assert ">row 3<" not in refused.text  # no English ahead of the Vietnamese
    assert 'name="pending"' not in refused.text
    assert api.call("GET", "/api/v1/procedures/7.000002").status_code == 404


def test_create_edit_and_upload_a_form(api, admin):
    created = upload(admin, "/admin/procedures/new", "upload",
                     ("to-khai.pdf", b"%PDF-1.4 mau don"),
                     code="7.000010", name="Thủ tục tạo trên màn hình", service="CT",
                     level="commune", documents="Đơn đề nghị | bản chính | 2",
                     processing_days="3", fee="Miễn phí", active="có",
                     upload_name="Mẫu đơn đề nghị")
    assert created.status_code == 302, created.text
    body = api.call("GET", "/api/v1/procedures/7.000010").json()
    assert body["service"] == "CT" and body["documents"][0]["count"] == 2
    form = body["forms"][0]
    assert form["name"] == "Mẫu đơn đề nghị"
    download = api.http.get(form["url"], timeout=10)
    assert download.content == b"%PDF-1.4 mau don"
    assert download.headers["Content-Type"] == "application/pdf"
    withdrawn = admin.post("/admin/procedures/7.000010", {
        "name": "Thủ tục tạo trên màn hình", "service": "CT", "level": "commune",
        "documents": "Đơn đề nghị | bản chính | 2", "active": "không"})
    assert withdrawn.status_code == 302
    assert api.call("GET", "/api/v1/procedures/7.000010").status_code == 409
    wrong = upload(admin, "/admin/procedures/7.000010", "upload", ("virus.exe", b"MZ"),
                   name="Thủ tục tạo trên màn hình", service="CT", active="có")
    assert wrong.status_code == 422 and "PDF, DOC hoặc DOCX" in wrong.text
    bad_kind = admin.post("/admin/procedures/new", {
        "code": "7.000011", "name": "Thủ tục lỗi", "service": "CT",
        "documents": "Giấy tờ | bản nháp"})
    assert bad_kind.status_code == 422 and "bản nháp" in bad_kind.text


def test_a_site_admin_manages_only_their_site(server, centre):
    ward = StaffBrowser(server.url, "qtphuong", centre.password)
    listing = ward.get("/admin/procedures/?site=TPBK")
    assert listing.status_code == 200 and "Đức Xuân" in listing.text
    assert "Đăng ký kết hôn có yếu tố nước ngoài" not in listing.text  # the city's only
    assert ward.get("/admin/procedures/1.001766").status_code == 404
    assert ward.get("/admin/procedures/1.001193").status_code == 403  # shared with the city


def test_a_ward_import_preview_says_the_shared_text_is_kept(server, centre, admin):
    ward_file = HEADER + "1.001193,Khai sinh (mẫu cũ),CTHT,xã,Giấy chứng sinh,5\n"
    ward = StaffBrowser(server.url, "qtphuong", centre.password)
    preview = upload(ward, "/admin/procedures/import", "file", ("phuong.csv", ward_file.encode()))
    assert preview.status_code == 200
    assert "0 thêm mới" in preview.text and "text-kept" in preview.text
    assert "giữ nguyên (tệp khác; chỉ quản trị hệ thống sửa), dùng chung với: TPBK" in preview.text
    assert 'id="preview-touched"' not in preview.text
    as_system = upload(admin, "/admin/procedures/import?site=DUCXUAN", "file",
                       ("phuong.csv", ward_file.encode()))
    assert "sửa nội dung dùng chung (tên, giấy tờ, lệ phí…) của thủ tục ở cả các đơn vị: TPBK" \
        in as_system.text


def test_import_problems_read_in_vietnamese_first():
    from admin.import_messages import describe, vietnamese

    assert vietnamese("unsupported file type '.pdf': use .xlsx, .csv or .json").startswith(
        "Loại tệp “.pdf” không dùng được")
    assert vietnamese("code 1.1 repeats row 2") == "Mã 1.1 trùng với dòng 2."
    assert vietnamese("The site has no service with code 'NOPE'") == \
        "Đơn vị không có lĩnh vực mã “NOPE”."
    assert describe([(0, "a JSON file holds a list of procedures")]).startswith(
        "Cả tệp: Tệp JSON phải là một danh sách thủ tục.")
