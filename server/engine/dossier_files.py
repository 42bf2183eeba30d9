"""Importing dossiers from the spreadsheets the one-stop software exports (XLSX, CSV).

Columns are recognised by their usual Vietnamese headings ("Mã hồ sơ", "Ngày hẹn trả", …)
or by the API's field names. The file is checked whole first: one bad row refuses it,
naming the row as the spreadsheet numbers it. Importing the same file again changes nothing.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Dossier, DossierEvent, Site
from .days import VIETNAM
from .dossiers import EXTERNAL_CODE, Receipt, normalise_code, upsert_from_software
from .errors import QueueError
from .log import SYSTEM
from .search import fold
from .spreadsheet import SpreadsheetTooLarge, first_sheet_rows

HEADINGS = {
    "code": "code", "ma ho so": "code", "so ho so": "code",
    "procedure": "procedure", "thu tuc": "procedure", "ten thu tuc": "procedure",
    "procedure code": "procedure_code", "ma thu tuc": "procedure_code",
    "applicant name": "applicant_name", "chu ho so": "applicant_name",
    "nguoi nop": "applicant_name", "ten nguoi nop": "applicant_name",
    "ho ten nguoi nop": "applicant_name", "phone": "phone", "so dien thoai": "phone",
    "received at": "received_at", "ngay tiep nhan": "received_at", "ngay nhan": "received_at",
    "due date": "due_date", "ngay hen tra": "due_date", "han tra": "due_date",
    "status": "status", "trang thai": "status", "tinh trang": "status",
    "returned at": "returned_at", "ngay tra ket qua": "returned_at", "ngay tra": "returned_at",
    "reason": "reason", "ly do": "reason", "ghi chu": "reason",
}
STATUS_WORDS = {
    "received": "received", "da tiep nhan": "received", "moi tiep nhan": "received",
    "in progress": "in_progress", "dang giai quyet": "in_progress", "dang xu ly": "in_progress",
    "supplement requested": "supplement_requested", "yeu cau bo sung": "supplement_requested",
    "bo sung": "supplement_requested", "ready": "ready", "da co ket qua": "ready",
    "co ket qua": "ready", "cho tra ket qua": "ready", "returned": "returned",
    "da tra ket qua": "returned", "da tra": "returned", "refused": "refused",
    "tu choi": "refused", "khong giai quyet": "refused", "withdrawn": "withdrawn",
    "rut ho so": "withdrawn", "da rut": "withdrawn",
}
REQUIRED = ("code", "procedure", "applicant_name", "received_at", "status")
MOMENT_LAYOUTS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S",
                  "%Y-%m-%d %H:%M", "%Y-%m-%d")


class DossierFileError(ValueError):
    """A file refused as a whole, with every row's problem."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("; ".join(f"row {row}: {message}" for row, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class DossierRow:
    """One row, checked: ready to create or update its dossier."""

    code: str
    receipt: Receipt
    received_at: datetime
    status: str
    reason: str
    returned_at: datetime | None


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def read_table(data: bytes, name: str) -> list[list]:
    """Return the first sheet (XLSX) or the rows (CSV, comma or semicolon) as lists."""
    extension = Path(name).suffix.lower()
    if extension == ".xlsx":
        try:
            return first_sheet_rows(data)
        except SpreadsheetTooLarge as error:
            raise DossierFileError([(0, str(error))]) from None
    if extension == ".csv":
        text = data.decode("utf-8-sig")
        delimiter = max(",;\t", key=text.split("\n", 1)[0].count)
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    raise DossierFileError([(0, f"unsupported file type '{extension}': use .xlsx or .csv")])


def moment(value) -> datetime:
    """Read a date or date-time cell; times without a zone are Vietnam's."""
    if isinstance(value, datetime):
        local = value
    elif isinstance(value, date):
        local = datetime.combine(value, time(0, 0))
    else:
        text = str(value or "").strip()
        for layout in MOMENT_LAYOUTS:
            try:
                local = datetime.strptime(text, layout)
                break
            except ValueError:
                continue
        else:
            local = datetime.fromisoformat(text)
    return local if local.tzinfo else local.replace(tzinfo=VIETNAM)


def parse_rows(table: list[list]) -> list[DossierRow]:
    """Check every row of ``table``; refuse the whole file if any row is wrong."""
    if not table:
        return []
    header = [HEADINGS.get(fold(str(cell or ""))) for cell in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise DossierFileError([(1, f"missing columns: {', '.join(missing)}")])
    rows, problems = [], []
    for number, cells in enumerate(table[1:], start=2):
        values = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        if not any(str(cell or "").strip() for cell in values.values()):
            continue
        try:
            rows.append(_row(values))
        except (ValueError, KeyError) as error:
            problems.append((number, str(error)))
    if problems:
        raise DossierFileError(problems)
    return rows


def _text(values: dict, name: str, limit: int) -> str:
    text = str(values.get(name) or "").strip()
    if len(text) > limit:
        raise ValueError(f"{name} longer than {limit} characters")
    return text


def _row(values: dict) -> DossierRow:
    code = normalise_code(_text(values, "code", 64))
    if not EXTERNAL_CODE.fullmatch(code):
        raise ValueError(f"bad dossier code '{code}'")
    status = STATUS_WORDS.get(fold(_text(values, "status", 40)))
    if status is None:
        raise ValueError(f"unknown status '{values.get('status')}'")
    procedure, applicant = _text(values, "procedure", 500), _text(values, "applicant_name", 200)
    if not procedure or not applicant:
        raise ValueError("procedure and applicant name are required")
    due = moment(values["due_date"]).date() if values.get("due_date") else None
    if due is None:
        raise ValueError("due date is required")
    returned = moment(values["returned_at"]) if values.get("returned_at") else None
    return DossierRow(
        code=code, receipt=Receipt(procedure_name=procedure, applicant_name=applicant,
                                   procedure_code=_text(values, "procedure_code", 64),
                                   phone=_text(values, "phone", 20), due_date=due),
        received_at=moment(values["received_at"]), status=status,
        reason=_text(values, "reason", 500), returned_at=returned)


def import_dossiers(session: Session, site: Site, rows: list[DossierRow]) -> ImportSummary:
    """Create or update every row's dossier at ``site``; the caller commits."""
    others = session.scalars(select(Dossier.code).where(
        Dossier.code.in_([row.code for row in rows]), Dossier.site_id != site.id)).all()
    if others:
        raise DossierFileError([(0, f"codes of another site: {', '.join(sorted(others))}")])
    created = updated = 0
    for row in rows:
        events_before = _pending_events(session)
        try:
            _dossier, new = upsert_from_software(
                session, site, row.code, row.receipt, SYSTEM, received_at=row.received_at,
                status=row.status, reason=row.reason, returned_at=row.returned_at,
                source="import")
        except QueueError as error:
            raise DossierFileError([(0, f"{row.code}: {error.message_en}")]) from error
        created += new
        updated += not new and _pending_events(session) > events_before
    return ImportSummary(created, updated, len(rows) - created - updated)


def _pending_events(session: Session) -> int:
    return sum(isinstance(item, DossierEvent) for item in session.new)
