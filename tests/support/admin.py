"""What admin tests submit and read back: a valid service form, new devices, the audit."""

import re

from sqlalchemy import select

from server.models import AdminAudit

SERVICE = {"site_id": "1", "code": "TEST1", "name": "Lĩnh vực thử", "name_en": "Test",
           "prefix": "T", "number_start": "1", "number_end": "500", "number_width": "3",
           "priority_allowed": "on", "active": "on", "sort_order": "9", "target_wait_s": "15",
           "default_service_s": "300",
           "opening_hours": "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30"}


def audit_rows(centre, entity: str) -> list[AdminAudit]:
    """Read the audit rows of ``entity`` from the centre's database, oldest first."""
    with centre.session() as session:
        return session.scalars(select(AdminAudit).where(AdminAudit.entity == entity)
                               .order_by(AdminAudit.id)).all()


def new_device(admin, form: dict):
    """Submit the new-device form; return the token page it redirects to (once)."""
    created = admin.post("/admin/devices/new", form)
    assert created.status_code == 303, created.text[:300]
    return admin.get(created.headers["Location"].removeprefix(admin.base_url))


def shown_token(page) -> str:
    return re.search(r'id="device-token"[^>]*>([^<]+)<', page.text).group(1)
