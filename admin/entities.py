"""What the admin screens manage: each entity's fields, list columns and own checks."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, g
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from printers import check_printer_uri
from printers.exceptions import PrinterConfigError
from printers.networks import parse_networks, printer_address_allowed
from printers.office import check_office_printer_uri
from server.auth.tokens import new_device_token
from server.device_kinds import DEVICE_KINDS, KIND_LABELS, KINDS
from server.models import (
    CALENDAR_KINDS,
    CITIZEN_ADDRESSES,
    ROLES,
    SITE_TIERS,
    CalendarDay,
    Counter,
    Device,
    Service,
    Site,
    User,
)
from server.models.printing import PrinterHealth
from server.models.site import COUNTER_CLOSED, COUNTER_OPEN, COUNTER_PAUSED
from server.payloads import printer_state
from server.storage import db
from voice import VI_TEMPLATE, check_template
from voice.announce import MAX_TEMPLATE_LENGTH

from .fields import Field, FormError
from .scope import admin_site, require_in_scope, scoped

CODE = r"[A-Za-z0-9_.-]+"
ROLE_LABELS = {"admin": "Quản trị", "manager": "Quản lý", "clerk": "Cán bộ một cửa"}
# The boxes of the feedback contact, in the keys the TV's board reads.
CONTACT_PARTS = (("office", "Cơ quan tiếp nhận"), ("address", "Địa chỉ"),
                 ("phone", "Điện thoại"), ("email", "Thư điện tử"))
CALENDAR_LABELS = {"off": "Ngày nghỉ", "working": "Ngày làm bù"}


def site_choices(session: Session, site_id: int | None = None) -> list[tuple]:
    sites = session.scalars(scoped(select(Site).order_by(Site.id), Site, site_id))
    return [(site.id, site.name) for site in sites]


def counter_choices(session: Session, site_id: int | None = None) -> list[tuple]:
    query = select(Counter).order_by(Counter.site_id, Counter.number)
    return [(c.id, f"{c.site.code} · {c.name or c.number}")
            for c in session.scalars(scoped(query, Counter, site_id))]


def service_choices(session: Session, site_id: int | None = None) -> list[tuple]:
    query = select(Service).order_by(Service.site_id, Service.sort_order)
    return [(s.id, f"{s.site.code} · {s.name}")
            for s in session.scalars(scoped(query, Service, site_id))]


@dataclass(frozen=True)
class Entity:
    """An admin-managed model: form fields, list columns and checks run before saving."""

    name: str
    title: str
    title_en: str
    model: type
    fields: list[Field]
    columns: list[tuple[str, Callable]]
    check: Callable[[Session, object], None] = lambda session, obj: None
    on_create: Callable[[object], str | None] = lambda obj: None


def _check_site(session: Session, site: Site) -> None:
    template = site.announcement_template
    if template:
        try:  # bare {number} and {counter} only: a format spec can make the text huge
            check_template(template)
        except ValueError:
            raise FormError(
                f"Câu gọi số: tối đa {MAX_TEMPLATE_LENGTH} ký tự, chỉ được dùng {{number}} và "
                f"{{counter}} (không kèm định dạng), ví dụ “{VI_TEMPLATE}”.") from None
    if (site.latitude is None) != (site.longitude is None):
        raise FormError("Vĩ độ và kinh độ của trung tâm phải nhập cùng nhau.")
    if site.remote_radius_m > 0 and site.latitude is None:
        raise FormError("Muốn giới hạn khoảng cách lấy số từ xa, hãy nhập vĩ độ và kinh độ của "
                        "trung tâm.")


def _check_service(session: Session, service: Service) -> None:
    if service.number_end < service.number_start:
        raise FormError("Số cuối phải lớn hơn hoặc bằng số đầu.")


def _check_counter(session: Session, counter: Counter) -> None:
    if any(service.site_id != counter.site_id for service in counter.services):
        raise FormError("Quầy chỉ phục vụ được lĩnh vực của cùng đơn vị.")
    counter.office_printer_uri = (counter.office_printer_uri or "").strip() or None
    if counter.office_printer_uri:
        try:
            check_office_printer_uri(counter.office_printer_uri)
        except PrinterConfigError:
            raise FormError(OFFICE_PRINTER_HELP) from None
        if not printer_address_allowed(counter.office_printer_uri, printer_networks()):
            raise FormError(network_printer_help())


def _check_user(session: Session, user: User) -> None:
    if not user.password_hash:
        raise FormError("Mật khẩu: không được để trống khi tạo tài khoản.")
    if user.role != "clerk" and user.counters:
        raise FormError("Chỉ cán bộ một cửa mới được gán quầy.")
    if user.site_id is not None and any(c.site_id != user.site_id for c in user.counters):
        raise FormError("Quầy được làm phải thuộc đơn vị của tài khoản.")


def _check_device(session: Session, device: Device) -> None:
    if device.printer_uri and not KINDS[device.kind].prints:
        raise FormError("Chỉ máy lấy số mới có máy in.")
    if device.printer_uri:
        try:
            check_printer_uri(device.printer_uri, instance_path=current_app.instance_path,
                              file_folder=current_app.config["PRINTER_FILE_DIR"])
        except PrinterConfigError:
            raise FormError(PRINTER_URI_HELP) from None
        if not printer_address_allowed(device.printer_uri, printer_networks()):
            raise FormError(network_printer_help())
    if KINDS[device.kind].needs_counter and device.counter_id is None:
        raise FormError("Máy đánh giá phải gắn với một quầy.")
    counter = session.get(Counter, device.counter_id) if device.counter_id else None
    if counter is not None and counter.site_id != device.site_id:
        raise FormError("Quầy của thiết bị phải thuộc cùng đơn vị.")


def _check_calendar_day(session: Session, entry: CalendarDay) -> None:
    clash = session.scalar(select(CalendarDay.id).where(
        CalendarDay.day == entry.day, CalendarDay.id != entry.id,
        CalendarDay.site_id.is_(None) if entry.site_id is None
        else CalendarDay.site_id == entry.site_id))
    if clash is not None:
        raise FormError("Ngày này đã có trong lịch của cùng phạm vi; hãy sửa dòng đã có.")


OFFICE_PRINTER_HELP = ("Máy in văn phòng của quầy: không hợp lệ. Dùng tcp://địa-chỉ-IP:9100, "
                       "cups://tên-hàng-đợi, win32raw://Tên máy in hoặc agent://tên-thiết-bị "
                       "(chương trình in trên máy của cán bộ).")
PRINTER_URI_HELP = ("Máy in (URI): không hợp lệ. Dùng network://địa-chỉ:cổng, usb://, serial://, "
                    "cups://, preview:// hoặc file:///dev/usb/lp0 (thiết bị máy in).")


def printer_networks() -> list:
    """Return the subnets network printers may be in (the system setting PRINTER_NETWORKS)."""
    return parse_networks(current_app.config["PRINTER_NETWORKS"])


def network_printer_help() -> str:
    """Explain, in Vietnamese, which network printer addresses may be saved."""
    subnets = ", ".join(str(network) for network in printer_networks()) or "(chưa có dải nào)"
    return ("Máy in mạng: chỉ được dùng địa chỉ IP thuộc các dải mạng được phép "
            f"({subnets}), ví dụ network://192.168.1.50:9100; không dùng tên máy, địa chỉ "
            "nội bộ của máy chủ (127.x) hay địa chỉ tự cấp (169.254.x). Quản trị hệ thống "
            "đặt các dải này bằng cài đặt QMS_PRINTER_NETWORKS.")


def _new_device_token(device: Device) -> str:
    token, device.token_hash = new_device_token()
    return token


COUNTER_LABELS = {COUNTER_OPEN: "Đang mở", COUNTER_PAUSED: "Tạm dừng",
                  COUNTER_CLOSED: "Đóng"}
PRINTER_STATES = {"online": "sẵn sàng", "paper_near_end": "sắp hết giấy",
                  "paper_out": "hết giấy", "offline": "mất kết nối", "unknown": "chưa rõ"}
REFUSED_ADDRESS = "địa chỉ không được phép"


def printer_status(device: Device) -> str:
    """Describe in Vietnamese what the device's printer last reported: a kiosk's, to the
    spooler; a counter print agent's office printer, through the agent."""
    if KINDS[device.kind].agent_only:
        pass  # the printer is on the clerk's computer: nothing here to check
    elif not KINDS[device.kind].prints or not device.printer_uri:
        return ""
    elif not printer_address_allowed(device.printer_uri, printer_networks()):
        return REFUSED_ADDRESS  # whether it answered would tell what listens at that address
    state, _detail = printer_state(object_session(device).get(PrinterHealth, device.id), device)
    # The transport's own detail (often an OS error in English) stays in the server log.
    return PRINTER_STATES.get(state, PRINTER_STATES["unknown"])


SITE_FIELDS = [
    Field("code", "Mã đơn vị", required=True, max_length=32, pattern=CODE),
    Field("name", "Tên đơn vị", required=True),
    Field("address", "Địa chỉ", max_length=300),
    Field("tier", "Cấp trung tâm", "select", required=True,
          choices=lambda s, site_id=None: [(key, vi) for key, (vi, _en) in SITE_TIERS.items()]),
    Field("citizen_address", "Cách xưng hô với người dân", "select", required=True,
          choices=lambda s, site_id=None: [
              (key, f"{start} (ví dụ: “Số thứ tự của {inside}”)")
              for key, (inside, start) in CITIZEN_ADDRESSES.items()]),
    Field("rollover_at", "Giờ sang ngày mới (HH:MM)", "time", required=True),
    Field("priority_policy", "Cách gọi ưu tiên", "select", required=True,
          choices=lambda s, site_id=None: [("strict", "Luôn gọi ưu tiên trước"),
                             ("ratio", "Xen kẽ theo tỷ lệ")]),
    Field("priority_ratio", "Tỷ lệ thường/ưu tiên", "int", required=True, minimum=1, maximum=20),
    Field("notice", "Thông báo trên màn hình", "textarea", max_length=500),
    Field("announcement_template", "Câu gọi số", max_length=300,
          help="Dùng {number} và {counter}; để trống: câu mặc định."),
    Field("ticket_footer", "Chân phiếu", max_length=300),
    Field("works_saturday", "Làm việc thứ Bảy", "bool"),
    Field("back_office_saturdays", "Thứ Bảy tính vào thời hạn giải quyết hồ sơ", "bool",
          help="Chỉ chọn khi các phòng chuyên môn giải quyết hồ sơ cả thứ Bảy."),
    Field("form_authority", "Cơ quan chủ quản (đầu phiếu, Mẫu 01–05)", max_length=200,
          help="Ví dụ: UBND phường Hoàn Kiếm; để trống: tên trung tâm."),
    Field("form_place", "Địa danh ghi trên phiếu", max_length=100,
          help="Ví dụ: Hà Nội — in thành “Hà Nội, ngày … tháng … năm …”."),
    Field("feedback_contact", "Nơi nhận phản ánh, kiến nghị (niêm yết trên màn hình)",
          "contact", parts=CONTACT_PARTS,
          help="Để trống cả bốn ô: màn hình không niêm yết nơi nhận phản ánh."),
    Field("appointment_early_min", "Lịch hẹn: được lấy số sớm (phút)", "int", default=30,
          minimum=0, maximum=240),
    Field("appointment_late_min", "Lịch hẹn: còn được ưu tiên khi đến muộn (phút)", "int",
          default=15, minimum=0, maximum=240),
    Field("remote_tickets", "Cho lấy số từ xa bằng điện thoại", "bool"),
    Field("remote_per_phone", "Số phiếu từ xa mỗi điện thoại mỗi ngày", "int", default=1,
          minimum=1, maximum=10),
    Field("remote_min_waiting", "Chỉ cho lấy số từ xa khi có ít nhất (người chờ)", "int",
          default=0, minimum=0, maximum=999, help="0: luôn cho phép."),
    Field("latitude", "Vĩ độ của trung tâm", "float", minimum=-90, maximum=90,
          help="Ví dụ 21.5942 (chép từ bản đồ); dùng cho giới hạn khoảng cách dưới đây."),
    Field("longitude", "Kinh độ của trung tâm", "float", minimum=-180, maximum=180,
          help="Ví dụ 105.8482."),
    Field("remote_radius_m", "Chỉ cho lấy số từ xa trong bán kính (mét)", "int", default=0,
          minimum=0, maximum=200_000,
          help="0: không giới hạn. Cần vĩ độ và kinh độ; điện thoại được hỏi vị trí."),
    Field("notify_ahead", "Báo “sắp đến lượt” khi còn (người)", "int", minimum=0, maximum=50,
          help="Để trống: theo cài đặt chung QMS_NOTIFY_AHEAD."),
    Field("phone_check", "Xác minh số điện thoại bằng mã", "bool",
          help="Đặt lịch và lấy số từ xa chỉ được tính khi người dân nhập mã gửi tới điện "
               "thoại; chỉ có tác dụng khi đã cấu hình cổng tin nhắn (QMS_NOTIFY_WEBHOOK_URL)."),
    Field("active", "Đang hoạt động", "bool"),
]
SERVICE_FIELDS = [
    Field("site_id", "Đơn vị", "select", required=True, choices=site_choices),
    Field("code", "Mã lĩnh vực", required=True, max_length=32, pattern=CODE),
    Field("name", "Tên lĩnh vực", required=True),
    Field("name_en", "Tên tiếng Anh"),
    Field("prefix", "Tiền tố số", max_length=4, pattern=r"[A-Z0-9]*"),
    Field("number_start", "Số đầu", "int", required=True, minimum=0, maximum=999999),
    Field("number_end", "Số cuối", "int", required=True, minimum=0, maximum=999999),
    Field("number_width", "Độ dài số (0 = tự do)", "int", required=True, minimum=0, maximum=8),
    Field("priority_allowed", "Cho phép ưu tiên", "bool"),
    Field("active", "Đang hoạt động", "bool"),
    Field("sort_order", "Thứ tự", "int", required=True, minimum=0, maximum=999),
    Field("target_wait_s", "Thời gian chờ mục tiêu (phút)", "int", required=True, minimum=1,
          maximum=1440, unit_s=60),
    Field("default_service_s", "Thời gian phục vụ mặc định (giây)", "int", required=True,
          minimum=10, maximum=86400),
    Field("opening_hours", "Giờ làm việc", "hours",
          help="Ví dụ: T2-T6 7h30-11h30, 13h30-17h00; T7 7h30-11h30 (CN: Chủ nhật). "
               "Để trống: luôn mở."),
    Field("slot_minutes", "Lịch hẹn: độ dài khung giờ (phút, 0 = không nhận đặt lịch)", "int",
          default=0, minimum=0, maximum=240),
    Field("slot_places", "Lịch hẹn: tối đa số chỗ mỗi khung (0 = theo số quầy)", "int",
          default=0, minimum=0, maximum=500),
    Field("walk_in_share", "Lịch hẹn: phần dành cho người đến trực tiếp (%)", "int",
          default=50, minimum=0, maximum=100),
    Field("last_ticket_at", "Ngừng cấp số từ (giờ, HH:MM)", "time",
          help="Sau giờ này kiosk báo “đã đủ số hôm nay”; người có lịch hẹn vẫn được nhận. "
               "Để trống: cấp số đến hết giờ làm việc."),
    Field("daily_ticket_limit", "Số phiếu tối đa mỗi ngày", "int", minimum=1, maximum=999999,
          help="Để trống: không giới hạn (ngoài dải số của lĩnh vực)."),
]
COUNTER_FIELDS = [
    Field("site_id", "Đơn vị", "select", required=True, choices=site_choices),
    Field("number", "Số quầy", "int", required=True, minimum=1, maximum=9999),
    Field("name", "Tên quầy"),
    Field("services", "Lĩnh vực phục vụ", "multi", choices=service_choices, target=Service),
    Field("office_printer_uri", "Máy in văn phòng của quầy (in biểu mẫu A4)", max_length=300,
          help="Ví dụ tcp://192.168.1.60:9100, cups://may-in-quay-3, win32raw://HP LaserJet, "
               "agent://tên thiết bị của chương trình in trên máy cán bộ. Để trống: nút "
               "“In phiếu” mở tệp PDF. Không bao giờ in lên máy in phiếu của máy lấy số."),
]
USER_FIELDS = [
    Field("username", "Tên đăng nhập", required=True, max_length=64, pattern=CODE),
    Field("full_name", "Họ và tên", required=True),
    Field("role", "Vai trò", "select", required=True,
          choices=lambda s, site_id=None: [(role, ROLE_LABELS[role]) for role in ROLES]),
    Field("site_id", "Đơn vị (trống = mọi đơn vị)", "select", choices=site_choices),
    Field("counters", "Quầy được làm (trống = mọi quầy)", "multi", choices=counter_choices,
          target=Counter),
    Field("active", "Đang hoạt động", "bool"),
    Field("password", "Mật khẩu (chỉ khi tạo)", "password"),
]
DEVICE_FIELDS = [
    Field("site_id", "Đơn vị", "select", required=True, choices=site_choices),
    Field("kind", "Loại thiết bị", "select", required=True,
          choices=lambda s, site_id=None: [(kind, KIND_LABELS[kind]) for kind in DEVICE_KINDS]),
    Field("name", "Tên thiết bị", required=True),
    Field("counter_id", "Quầy (máy đánh giá)", "select", choices=counter_choices),
    Field("printer_uri", "Máy in (URI)", max_length=300,
          help="Ví dụ network://192.168.1.50:9100, usb://04b8:0e15, preview://; "
               "agent:// khi máy in cắm vào máy lấy số (chương trình in qms print-agent)"),
    Field("settings", "Cài đặt (JSON)", "json"),
]
CALENDAR_FIELDS = [
    Field("day", "Ngày (dd/mm/yyyy)", "date", required=True),
    Field("kind", "Loại ngày", "select", required=True,
          choices=lambda s, site_id=None: [(kind, CALENDAR_LABELS[kind])
                                           for kind in CALENDAR_KINDS]),
    Field("site_id", "Đơn vị (trống = mọi đơn vị)", "select", choices=site_choices),
    Field("name", "Lý do (tiếng Việt)", max_length=200,
          help="Ví dụ: Nghỉ Tết Nguyên đán; Làm bù cho ngày 02/01. Ngày lễ theo luật đã có "
               "sẵn, chỉ cần nhập ngày nghỉ bù, nghỉ Tết theo thông báo và ngày làm bù."),
    Field("name_en", "Lý do (tiếng Anh)", max_length=200),
]

ENTITIES = {entity.name: entity for entity in [
    Entity("sites", "Đơn vị", "Sites", Site, SITE_FIELDS,
           [("Mã", lambda o: o.code), ("Tên", lambda o: o.name),
            ("Cấp", lambda o: SITE_TIERS.get(o.tier, ("", ""))[0]),
            ("Hoạt động", lambda o: "✓" if o.active else "✗")], _check_site),
    Entity("services", "Lĩnh vực", "Services", Service, SERVICE_FIELDS,
           [("Đơn vị", lambda o: o.site.code), ("Mã", lambda o: o.code),
            ("Tên", lambda o: o.name), ("Dải số", lambda o: f"{o.shown_number(1)}…"
                                         f"{o.shown_number(o.capacity)}"),
            ("Chờ mục tiêu (phút)", lambda o: round(o.target_wait_s / 60)),
            ("Hoạt động", lambda o: "✓" if o.active else "✗")], _check_service),
    Entity("counters", "Quầy", "Counters", Counter, COUNTER_FIELDS,
           [("Đơn vị", lambda o: o.site.code), ("Số", lambda o: o.number),
            ("Tên", lambda o: o.name),
            ("Lĩnh vực", lambda o: ", ".join(s.code for s in o.services)),
            ("Máy in văn phòng", lambda o: o.office_printer_uri or ""),
            ("Trạng thái", lambda o: COUNTER_LABELS.get(o.status, o.status))], _check_counter),
    Entity("users", "Người dùng", "Users", User, USER_FIELDS,
           [("Tên đăng nhập", lambda o: o.username), ("Họ tên", lambda o: o.full_name),
            ("Vai trò", lambda o: ROLE_LABELS[o.role]),
            ("Hoạt động", lambda o: "✓" if o.active else "✗")], _check_user),
    Entity("devices", "Thiết bị", "Devices", Device, DEVICE_FIELDS,
           [("Đơn vị", lambda o: o.site.code), ("Loại", lambda o: KIND_LABELS[o.kind]),
            ("Tên", lambda o: o.name), ("Máy in", lambda o: o.printer_uri or ""),
            ("Trạng thái máy in", printer_status),
            ("Lần cuối kết nối", lambda o: o.last_seen_at),
            ("Thu hồi", lambda o: o.revoked_at)], _check_device, _new_device_token),
    Entity("calendar", "Lịch làm việc", "Working calendar", CalendarDay, CALENDAR_FIELDS,
           [("Ngày", lambda o: o.day.strftime("%d/%m/%Y")),
            ("Loại", lambda o: CALENDAR_LABELS[o.kind]),
            ("Đơn vị", lambda o: o.site.code if o.site else "Mọi đơn vị"),
            ("Lý do", lambda o: o.name)], _check_calendar_day),
]}


def entity_named(name: str) -> Entity:
    """Return the entity managed at ``/admin/<name>/``, or answer 404."""
    if name not in ENTITIES:
        abort(404)
    return ENTITIES[name]


def load_row(entity: Entity, entity_id: int):
    """Return the row, or 404 when it does not exist or belongs to another admin's site."""
    obj = db().get(entity.model, entity_id)
    if obj is None:
        abort(404)
    require_in_scope(obj, admin_site(g.user))
    return obj
