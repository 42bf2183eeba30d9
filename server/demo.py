"""A demo modelled on a provincial Public Administrative Service Centre and one of its wards.

Since 1 July 2025 there are no districts: Bắc Kạn, where the centres this demo is modelled on
were, is part of Thái Nguyên province. The site codes stay those of earlier releases.
"""

import json
import shutil
from datetime import time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .api.schemas import ProcedureRecord
from .device_kinds import DISPLAY, KIOSK, VOTE_PAD
from .engine.days import VIETNAM
from .engine.procedures import save_procedure
from .engine.roster import Slot, set_week, week_start
from .models import Counter, Procedure, ProcedureForm, Service, Site, utcnow
from .provision import add_device, add_user

# The sample catalogue documented in docs/procedures.md, shipped inside the package.
SAMPLE_CATALOGUE = Path(__file__).resolve().parent / "samples" / "procedures.json"

CITY_SERVICES = [
    # code, Vietnamese name, English name, first number
    ("DD", "Đất đai", "Land", 1001),
    ("XD", "Xây dựng", "Construction", 2001),
    ("DKKD", "Đăng ký kinh doanh", "Business registration", 3001),
    ("CDCS", "Chế độ chính sách", "Social policy", 4001),
    ("CT", "Chứng thực", "Certification", 5001),
    ("HT", "Hộ tịch", "Civil status", 6001),
]
# counter number → services it serves; counter 10 takes every field.
CITY_COUNTERS = {1: ["DD"], 2: ["DD"], 3: ["XD"], 4: ["DKKD"], 5: ["CDCS"], 6: ["CT"],
                 7: ["CT"], 8: ["HT"], 9: ["HT"], 10: [code for code, *_ in CITY_SERVICES]}
WARD_SERVICES = [("CTHT", "Chứng thực, hộ tịch", "Certification, civil status", 1),
                 ("DDXD", "Đất đai, xây dựng", "Land, construction", 1001)]
PROVINCE_CENTRE = "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên"
WARD_CENTRE = "Trung tâm Phục vụ hành chính công phường Đức Xuân"
# Office hours, as the centres post them: the province's centre also opens Saturday mornings.
WEEKDAY_HOURS = [["07:30", "11:30"], ["13:30", "17:00"]]
CITY_HOURS = {day: WEEKDAY_HOURS for day in ("mon", "tue", "wed", "thu", "fri")} | {
    "sat": [["07:30", "11:30"]]}
WARD_HOURS = {day: WEEKDAY_HOURS for day in ("mon", "tue", "wed", "thu", "fri")}
# Services one can book a time for (service code → slot minutes), in each site.
BOOKABLE = {"HT": 15, "CT": 15, "DD": 30, "CTHT": 20}
# Form files shipped with the demo (server/demo_forms, written by tools/make_demo_forms.py):
# procedure code → file. They replace the sample's links, which name no file.
DEMO_FORMS = Path(__file__).resolve().parent / "demo_forms"
DEMO_FORM_FILES = {
    "1.001193": "to-khai-dang-ky-khai-sinh.docx",
    "1.000894": "to-khai-dang-ky-ket-hon.docx",
    "1.012736": "mau-04-dk-don-dang-ky-dat-dai.docx",
    "1.009994": "mau-01-don-de-nghi-cap-giay-phep-xay-dung.docx",
    "2.000575": "giay-de-nghi-dang-ky-ho-kinh-doanh.docx",
    "1.001776": "mau-1a-to-khai-tro-cap-xa-hoi.docx",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The ward receives the commune-level procedures of the city's fields in its merged fields.
WARD_FIELD_OF = {"CT": "CTHT", "HT": "CTHT", "DD": "DDXD", "XD": "DDXD"}


def _site(session: Session, code: str, name: str, tier: str, services, counters: dict) -> Site:
    site = Site(code=code, name=name, tier=tier, citizen_address="quy_khach",
                rollover_at=time(0, 0), priority_policy="ratio", priority_ratio=3,
                notice="Quý khách vui lòng lấy số thứ tự và chờ đến lượt. Giờ làm việc: sáng "
                "7h30–11h30, chiều 13h30–17h00, từ thứ Hai đến thứ Sáu.",
                ticket_footer="Quý khách vui lòng giữ phiếu và chú ý màn hình, loa gọi số.",
                form_place="Thái Nguyên")
    session.add(site)
    session.flush()
    by_code = {}
    for order, (code_, name_, name_en, start) in enumerate(services):
        service = Service(site_id=site.id, code=code_, name=name_, name_en=name_en,
                          number_start=start, number_end=start + 998,
                          sort_order=order, target_wait_s=1800, default_service_s=420)
        session.add(service)
        by_code[code_] = service
    session.flush()
    for number, codes in counters.items():
        session.add(Counter(site_id=site.id, number=number, name=f"Quầy {number}",
                            services=[by_code[c] for c in codes]))
    session.flush()
    return site


def seed_demo(session: Session, password: str, *, forms_dir: Path | None = None,
              timetable: bool = True) -> dict:
    """Create the demo provincial centre, a ward's centre, staff and each site's devices.

    ``forms_dir`` (the instance's forms folder) receives the demo's form files, attached to
    their procedures. ``timetable`` gives the services opening hours and bookable slots and
    the ward its own kiosk, TV and vote pad; the test suite leaves it out, so a ticket can be
    taken at any hour. Returns the usernames and device tokens so the operator can sign in
    and pair devices.
    """
    city = _site(session, "TPBK", PROVINCE_CENTRE, "province", CITY_SERVICES, CITY_COUNTERS)
    ward = _site(session, "DUCXUAN", WARD_CENTRE, "commune", WARD_SERVICES,
                 {1: ["CTHT"], 2: ["DDXD"]})
    users = {"admin": add_user(session, "admin", password, "admin", full_name="Quản trị hệ thống"),
             "quanly": add_user(session, "quanly", password, "manager",
                                full_name="Nguyễn Thị Thu Hà")}
    for counter in city.counters:
        username = f"quay{counter.number}"
        users[username] = add_user(session, username, password, "clerk",
                                   full_name=f"Cán bộ quầy {counter.number}", site=city,
                                   counters=[counter])
    users["ducxuan"] = add_user(session, "ducxuan", password, "clerk",
                                full_name="Cán bộ phường Đức Xuân", site=ward)
    _seed_catalogue(session, city, ward, forms_dir)
    city.feedback_contact = {
        "office": "Văn phòng UBND tỉnh Thái Nguyên (Phòng Kiểm soát thủ tục hành chính)",
        "address": "phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "phone": "0208 3 000 000", "email": "phananh.tpbk@example.vn"}  # example contacts
    _seed_roster(session, city)
    tokens = {}
    for kind, name, extra in [
        (KIOSK, "Máy lấy số sảnh chính", {"printer_uri": "preview://"}),
        # The waiting-room TV posts the procedures, roster and contacts when no one is called.
        (DISPLAY, "Màn hình phòng chờ", {"settings": {"board": "rotate"}}),
        (VOTE_PAD, "Máy đánh giá quầy 1", {"counter_number": 1}),
    ]:
        _device, tokens[kind] = add_device(session, city, kind, name, **extra)
    if timetable:
        city.works_saturday = True  # its services open Saturday mornings
        _seed_timetable(city, CITY_HOURS)
        _seed_timetable(ward, WARD_HOURS)
        for kind, name, extra in [
            (KIOSK, "Máy lấy số phường Đức Xuân", {"printer_uri": "preview://"}),
            (DISPLAY, "Màn hình phường Đức Xuân", {"settings": {"board": "rotate"}}),
            (VOTE_PAD, "Máy đánh giá phường, quầy 1", {"counter_number": 1}),
        ]:
            _device, tokens[f"ward-{kind}"] = add_device(session, ward, kind, name, **extra)
    return {"sites": [city.code, ward.code], "users": sorted(users), "tokens": tokens}


def _seed_timetable(site: Site, hours: dict) -> None:
    for service in site.services:
        service.opening_hours = hours
        service.slot_minutes = BOOKABLE.get(service.code, 0)


def _seed_catalogue(session: Session, city: Site, ward: Site, forms_dir: Path | None) -> None:
    items = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))["procedures"]
    for item in items:
        record = ProcedureRecord.model_validate(item)
        if forms_dir is not None and record.code in DEMO_FORM_FILES:
            record = record.model_copy(update={"forms": []})  # the file replaces the link
        save_procedure(session, city, record)
        if record.level == "commune" and record.service in WARD_FIELD_OF:
            ward_record = record.model_copy(update={"service": WARD_FIELD_OF[record.service]})
            save_procedure(session, ward, ward_record)
        if forms_dir is not None and record.code in DEMO_FORM_FILES:
            _attach_form(session, record.code, item["forms"][0]["name"], forms_dir)


def _attach_form(session: Session, code: str, name: str, forms_dir: Path) -> None:
    """Copy the demo's file for procedure ``code`` into the instance and list it."""
    file_name = DEMO_FORM_FILES[code]
    forms_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_FORMS / file_name, forms_dir / f"demo-{file_name}")
    procedure = session.scalar(select(Procedure).where(Procedure.code == code))
    procedure.forms.append(ProcedureForm(name=name, filename=file_name,
                                         stored_name=f"demo-{file_name}", content_type=DOCX))


def _seed_roster(session: Session, city: Site) -> None:
    # This week, Monday to Saturday morning: each clerk at the counter named after them.
    monday = week_start(utcnow().astimezone(VIETNAM).date())
    slots = []
    for offset in range(6):
        day = monday + timedelta(days=offset)
        ends = time(11, 30) if offset == 5 else time(17, 0)
        slots += [Slot(day, counter.number, f"quay{counter.number}", time(7, 30), ends)
                  for counter in city.counters]
    set_week(session, city, monday, slots)
