"""Creating the things a centre needs: schema, users, devices, and the demo centre."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from printers import check_printer_uri
from printers.exceptions import PrinterConfigError

from .auth.passwords import hash_password
from .auth.tokens import new_device_token
from .db import make_engine
from .device_kinds import DEVICE_KINDS, KINDS
from .engine.lookups import default_site, site_by_code
from .engine.measures import ROLLUP_SUMS
from .engine.rollups import rebuild
from .models import ROLES, Counter, Device, Site, User

MIGRATIONS = Path(__file__).parent / "migrations"


class ProvisionError(ValueError):
    """A set-up request that cannot be carried out, told to the operator in both languages."""

    def __init__(self, message: str, message_en: str):
        super().__init__(f"{message} / {message_en}")
        self.message, self.message_en = message, message_en


def migrate(database_url: str) -> None:
    """Bring the database schema up to the latest migration."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    engine = make_engine(database_url)
    try:
        tables = inspect(engine).get_table_names()
        rolled = ({column["name"] for column in inspect(engine).get_columns("report_rollups")}
                  if "report_rollups" in tables else set())
        command.upgrade(config, "head")
        if "tickets" in tables and not set(ROLLUP_SUMS) <= rolled:
            # Upgraded from a release without rollups, or without one of the measures: fill
            # them for the days it recorded (a new measure's column starts at zero).
            with Session(engine) as session:
                rebuild(session)
                session.commit()
    finally:
        engine.dispose()


def find_site(session: Session, code: str | None) -> Site:
    """Return the site with ``code``, or the first site when no code is given."""
    site = site_by_code(session, code) if code else default_site(session)
    if site is None:
        if code:
            raise ProvisionError(f"Không có đơn vị mã “{code}”", f"no site {code!r}")
        raise ProvisionError("Chưa có đơn vị nào: hãy chạy `qms init`",
                             "no site yet: run `qms init`")
    return site


def add_user(session: Session, username: str, password: str, role: str, *,
             full_name: str = "", site: Site | None = None,
             counters: list[Counter] = ()) -> User:
    """Create a staff user with a hashed password."""
    if role not in ROLES:
        raise ProvisionError(f"Vai trò phải là một trong: {', '.join(ROLES)}",
                             f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ProvisionError("Mật khẩu cần ít nhất 8 ký tự",
                             "password must have at least 8 characters")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ProvisionError(f"Tài khoản “{username}” đã có",
                             f"user {username!r} already exists")
    user = User(username=username, password_hash=hash_password(password), role=role,
                full_name=full_name or username, site_id=site.id if site else None,
                counters=list(counters))
    session.add(user)
    session.flush()
    return user


def add_device(session: Session, site: Site, kind: str, name: str, *,
               counter_number: int | None = None, printer_uri: str | None = None,
               settings: dict | None = None,
               printer_file_dir: str | None = None) -> tuple[Device, str]:
    """Register a device and return it with its token (shown once, stored hashed)."""
    if kind not in DEVICE_KINDS:
        raise ProvisionError(f"Loại thiết bị phải là một trong: {', '.join(DEVICE_KINDS)}",
                             f"kind must be one of {', '.join(DEVICE_KINDS)}")
    counter = None
    if counter_number is not None:
        counter = session.scalar(select(Counter).where(Counter.site_id == site.id,
                                                       Counter.number == counter_number))
        if counter is None:
            raise ProvisionError(f"Đơn vị {site.code} không có quầy số {counter_number}",
                                 f"site {site.code} has no counter {counter_number}")
    if KINDS[kind].needs_counter and counter is None:
        raise ProvisionError("Máy đánh giá gắn với một quầy: hãy cho biết --counter",
                             "a vote pad belongs to one counter: give --counter")
    if printer_uri and not KINDS[kind].prints:
        raise ProvisionError("Chỉ máy lấy số mới có máy in",
                             "only a kiosk has a printer")
    if printer_uri:
        try:
            check_printer_uri(printer_uri, instance_path=".", file_folder=printer_file_dir)
        except PrinterConfigError as error:
            raise ProvisionError("Địa chỉ máy in không dùng được", str(error)) from None
    token, token_hash = new_device_token()
    device = Device(site_id=site.id, kind=kind, name=name,
                    counter_id=counter.id if counter else None, printer_uri=printer_uri,
                    token_hash=token_hash, settings=settings or {})
    session.add(device)
    session.flush()
    return device, token
