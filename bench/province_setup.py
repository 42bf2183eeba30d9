"""A province on one server: its commune sites, their counters, clerks, managers, TVs and kiosks.

Added beside the demo centre, in process, before the servers start. Every clerk and manager
gets a signed staff token, as a signed-in console or dashboard holds one.
"""

from dataclasses import dataclass, field

from server.auth.passwords import hash_password
from server.auth.tokens import issue_staff_token
from server.models import Counter, Service, Site, User
from server.provision import add_device
from server.storage import unit_of_work
from tests.support.centre import Centre

# A commune's two merged fields, as the demo ward has them.
FIELDS = [("CTHT", "Chứng thực, hộ tịch", "Certification, civil status", 1),
          ("DDXD", "Đất đai, xây dựng", "Land, construction", 1001)]


@dataclass
class Desk:
    """One counter and the token of the clerk signed in at it."""

    number: int
    clerk_token: str


@dataclass
class ProvinceSite:
    """What the load generator needs to act as one site's devices and staff."""

    code: str
    kiosk_token: str
    manager_token: str
    tv_tokens: list[str] = field(default_factory=list)
    desks: list[Desk] = field(default_factory=list)


def spread(total: int, parts: int) -> list[int]:
    """Split ``total`` into ``parts`` counts that differ by at most one."""
    return [total // parts + (index < total % parts) for index in range(parts)]


def provision_province(centre: Centre, sites: int, tvs: int, counters: int,
                       prefix: str = "XA") -> list[ProvinceSite]:
    """Add ``sites`` commune sites sharing ``tvs`` TVs and ``counters`` staffed counters."""
    app = centre.app()
    secret = app.config["SECRET_KEY"]
    password_hash = hash_password(centre.password)  # one scrypt run, not one per user
    province = []
    with unit_of_work(app) as session:
        for index, (tv_count, counter_count) in enumerate(
                zip(spread(tvs, sites), spread(counters, sites), strict=True)):
            code = f"{prefix}{index + 1:03d}"
            site = Site(code=code, name=f"Trung tâm Phục vụ hành chính công xã số {index + 1}",
                        tier="commune", priority_policy="ratio", priority_ratio=3)
            session.add(site)
            session.flush()
            services = [Service(site_id=site.id, code=service_code, name=name, name_en=name_en,
                                number_start=start, number_end=start + 998, sort_order=order,
                                target_wait_s=1800, default_service_s=420)
                        for order, (service_code, name, name_en, start) in enumerate(FIELDS)]
            session.add_all(services)
            desks = [Counter(site_id=site.id, number=number, name=f"Quầy {number}",
                             services=services) for number in range(1, counter_count + 1)]
            session.add_all(desks)
            session.flush()
            clerks = [User(username=f"{code.lower()}-quay{desk.number}",
                           full_name=f"Cán bộ quầy {desk.number}", password_hash=password_hash,
                           role="clerk", site_id=site.id, counters=[desk]) for desk in desks]
            manager = User(username=f"{code.lower()}-quanly", full_name=f"Lãnh đạo xã {index + 1}",
                           password_hash=password_hash, role="manager", site_id=site.id)
            session.add_all([*clerks, manager])
            session.flush()
            _kiosk, kiosk_token = add_device(session, site, "kiosk", "Máy lấy số")
            province.append(ProvinceSite(
                code=code, kiosk_token=kiosk_token,
                manager_token=issue_staff_token(secret, manager),
                tv_tokens=[add_device(session, site, "display", f"Màn hình {n + 1}")[1]
                           for n in range(tv_count)],
                desks=[Desk(desk.number, issue_staff_token(secret, clerk))
                       for desk, clerk in zip(desks, clerks, strict=True)]))
    app.extensions["qms_engine"].dispose()
    return province
