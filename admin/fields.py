"""Form fields of the admin screens: how each kind is shown, read and checked."""

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth.passwords import hash_password
from server.text import without_controls

from .hours import HoursError, format_hours, parse_hours

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"[0-9 .()+-]{3,30}")


class FormError(ValueError):
    """A field value the admin must correct; the message is shown on the form."""


@dataclass(frozen=True)
class Field:
    """One editable attribute. ``kind``: text, textarea, int, float, bool, time, date, select,
    multi, hours, json, contact (a few named text boxes, ``parts``, stored as one mapping)
    or password. ``choices(session, site_id)`` lists ``(value, label)`` for
    selects, only of ``site_id`` when given; ``target`` is the model a ``multi`` field picks
    rows of."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    max_length: int = 200
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: Callable[[Session, int | None], list[tuple]] | None = None
    target: type | None = None
    help: str = ""
    unit_s: int = 1  # an "int" stored in seconds but typed in minutes (60) or hours
    default: object = None  # what an optional field left empty stores, when not "empty"
    parts: tuple[tuple[str, str], ...] = ()  # a "contact" field's (key, label) boxes

    def shown(self, obj) -> object:
        """Return the value as the form shows it."""
        value = getattr(obj, self.name, None) if obj is not None else None
        if self.kind == "time":
            return value.strftime("%H:%M") if value else ""
        if self.kind == "date":
            return value.strftime("%d/%m/%Y") if value else ""
        if self.kind == "hours":
            return format_hours(value or {})
        if self.kind == "json":
            return json.dumps(value or {}, ensure_ascii=False)
        if self.kind == "contact":
            return dict(value or {})
        if self.kind == "multi":
            return {item.id for item in value or []}
        if self.kind == "password":
            return ""
        if self.kind == "int" and value is not None:
            return value // self.unit_s
        return "" if value is None else value

    def submitted(self, form) -> object:
        """Return what was typed, in the shape ``shown`` gives, to show the form again."""
        if self.kind == "multi":
            return {int(v) for v in form.getlist(self.name) if v.isdigit()}
        if self.kind == "contact":
            return {key: form.get(f"{self.name}.{key}", "") for key, _label in self.parts}
        return form.get(self.name, "")

    def read(self, form, session: Session, site_id: int | None = None):
        """Parse this field from the submitted ``form``; raise FormError if it is wrong.

        Selects and multi-selects accept only rows of ``site_id`` when it is given.
        """
        if self.kind == "bool":
            return form.get(self.name) in ("on", "1", "true")
        if self.kind == "multi":
            ids = [int(v) for v in form.getlist(self.name) if v.isdigit()]
            query = select(self.target).where(self.target.id.in_(ids))
            if site_id is not None:
                query = query.where(self.target.site_id == site_id)
            rows = session.scalars(query).all()
            return sorted(rows, key=lambda row: row.id)
        if self.kind == "contact":
            return self._contact(form)
        raw = without_controls(form.get(self.name) or "").strip()
        if not raw:
            if self.required:
                raise FormError(f"{self.label}: không được để trống.")
            if self.default is not None:
                return self.default
            return _EMPTY.get(self.kind, "")
        if self.kind == "select":
            return self._select(raw, session, site_id)
        return _READERS.get(self.kind, Field._text)(self, raw)

    def apply(self, obj, value) -> None:
        """Store ``value`` on ``obj`` (passwords are hashed)."""
        if self.kind == "password":
            if value:
                obj.password_hash = hash_password(value)
            return
        setattr(obj, self.name, value)

    def _text(self, raw: str) -> str:
        if len(raw) > self.max_length:
            raise FormError(f"{self.label}: tối đa {self.max_length} ký tự.")
        if self.pattern and not re.fullmatch(self.pattern, raw):
            raise FormError(f"{self.label}: chỉ dùng chữ không dấu, số, “-” hoặc “_”.")
        return raw

    def _int(self, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise FormError(f"{self.label}: phải là số nguyên.") from None
        if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            raise FormError(f"{self.label}: phải từ {self.minimum} đến {self.maximum}.")
        return value * self.unit_s

    def _float(self, raw: str) -> float:
        try:
            value = float(raw.replace(",", "."))  # "21,5942" as typed in Vietnamese
        except ValueError:
            raise FormError(f"{self.label}: phải là một số, ví dụ 21.5942.") from None
        if not math.isfinite(value) or (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            raise FormError(f"{self.label}: phải từ {self.minimum} đến {self.maximum}.")
        return value

    def _time(self, raw: str) -> time:
        try:
            return time.fromisoformat(raw)
        except ValueError:
            raise FormError(f"{self.label}: giờ phải dạng HH:MM, ví dụ 00:00.") from None

    def _date(self, raw: str) -> date:
        for layout in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(raw, layout).date()
            except ValueError:
                continue
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}", raw):
            raise FormError(f"{self.label}: “{raw}” không phải ngày có thật "
                            "(kiểm tra ngày và tháng).")
        raise FormError(f"{self.label}: ngày phải dạng dd/mm/yyyy, ví dụ 16/02/2026.")

    def _select(self, raw: str, session: Session, site_id: int | None):
        values = {str(value): value for value, _label in self.choices(session, site_id)}
        if raw not in values:
            raise FormError(f"{self.label}: giá trị không hợp lệ.")
        return values[raw]

    def _hours(self, raw: str) -> dict:
        try:
            return parse_hours(raw)
        except HoursError as error:
            raise FormError(f"{self.label}: {error}") from None

    def _json(self, raw: str) -> dict:
        try:
            value = json.loads(raw)
        except ValueError:
            raise FormError(f"{self.label}: không phải JSON hợp lệ.") from None
        if not isinstance(value, dict):
            raise FormError(f"{self.label}: phải là một đối tượng JSON {{…}}.")
        return value

    def _contact(self, form) -> dict:
        contact, errors = {}, []
        for key, label in self.parts:
            value = without_controls(form.get(f"{self.name}.{key}") or "").strip()
            if len(value) > self.max_length:
                errors.append(f"{self.label} — {label}: tối đa {self.max_length} ký tự.")
            elif value and key == "email" and not EMAIL.fullmatch(value):
                errors.append(f"{self.label} — {label}: không phải địa chỉ thư điện tử, "
                              "ví dụ vanphong@example.gov.vn.")
            elif value and key == "phone" and not PHONE.fullmatch(value):
                errors.append(f"{self.label} — {label}: chỉ gồm chữ số, dấu cách, “.”, "
                              "“-”, “+” hoặc ngoặc, ví dụ 0208 3 850 123.")
            elif value:
                contact[key] = value
        if errors:
            raise FormError(*errors)
        return contact

    def _password(self, raw: str) -> str:
        if len(raw) < 8:
            raise FormError(f"{self.label}: cần ít nhất 8 ký tự.")
        return raw


_EMPTY = {"int": None, "float": None, "time": None, "date": None, "select": None, "hours": {},
          "json": {}, "password": None}
_READERS = {"text": Field._text, "textarea": Field._text, "int": Field._int,
            "float": Field._float, "time": Field._time,
            "date": Field._date,
            "hours": Field._hours, "json": Field._json,
            "password": Field._password}
