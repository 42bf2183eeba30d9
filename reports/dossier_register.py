"""The register of dossiers (Mẫu 07, sổ theo dõi hồ sơ) for a period, as an Excel workbook.

Its columns are the register's as Thông tư 01/2018/TT-VPCP drew it (Mẫu số 06 there) and
Thông tư 03/2025/TT-VPCP carries it over as Mẫu 07: number, code, procedure, sets, the
applicant, address and phone, the unit in charge, then the days received, due, sent to the
unit, result back, returned, the citizen's signature and a note.

Personal data, the least the book needs: the applicant's name (the book is signed against
it); no address (qms keeps none) and the phone only by its last digits; never an ID number,
which the form does not ask for. The one-stop software keeps the full record.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.days import VIETNAM
from server.engine.dossier_clock import current_due_at
from server.engine.handovers import centre_unit, steps_of
from server.formats import as_text_cell
from server.models import Dossier, Site

from .dossiers import local_midnight

# (heading, width); the five days sit under one "Ngày, tháng, năm" heading.
FIRST = [("TT", 5), ("Mã hồ sơ", 24), ("Tên TTHC", 40), ("Số lượng hồ sơ (bộ)", 9),
         ("Tên cá nhân, tổ chức", 24), ("Địa chỉ, số điện thoại", 16),
         ("Cơ quan chủ trì giải quyết", 24)]
DAYS = [("Nhận hồ sơ", 16), ("Hẹn trả kết quả", 16),
        ("Chuyển hồ sơ đến cơ quan giải quyết", 16),
        ("Nhận kết quả từ cơ quan giải quyết", 16), ("Trả kết quả cho cá nhân, tổ chức", 16)]
LAST = [("Ký nhận", 12), ("Ghi chú", 36)]
STATUS_NOTES = {"withdrawn": "Rút hồ sơ", "refused": "Từ chối giải quyết",
                "supplement_requested": "Đang chờ bổ sung hồ sơ"}
PHONE_DIGITS = 4
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class RegisterQuery:
    """Dossiers received on the local days ``start``..``end`` at ``site_ids`` (None = all)."""

    start: date
    end: date
    site_ids: tuple[int, ...] | None = None


def masked_phone(phone: str) -> str:
    """Return a phone number as its last digits only: ``***5678``."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"ĐT: ***{digits[-PHONE_DIGITS:]}" if digits else ""


def _moment(value: datetime | None) -> str:
    return value.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") if value else ""


def register_rows(session: Session, query: RegisterQuery) -> list[list]:
    """Return one row per dossier received in the period, in the order received."""
    statement = select(Dossier).where(
        Dossier.received_at >= local_midnight(query.start),
        Dossier.received_at < local_midnight(query.end + timedelta(days=1))
    ).order_by(Dossier.received_at, Dossier.id)
    if query.site_ids is not None:
        statement = statement.where(Dossier.site_id.in_(query.site_ids))
    rows = []
    for number, dossier in enumerate(session.scalars(statement), start=1):
        steps = steps_of(session, dossier)
        centre = centre_unit(dossier)
        units = [step for step in steps if step.unit != centre]
        result = dossier.finished_at if dossier.status in ("ready", "returned") else None
        rows.append([
            number, dossier.code, as_text_cell(dossier.procedure_name), dossier.sets or 1,
            as_text_cell(dossier.applicant_name), masked_phone(dossier.phone),
            as_text_cell(units[-1].unit if units else centre),
            _moment(dossier.received_at), _moment(current_due_at(dossier)),
            _moment(units[0].received_at if units else None), _moment(result),
            _moment(dossier.returned_at), "", _note(dossier)])
    return rows


def _note(dossier: Dossier) -> str:
    notes = []
    if dossier.original_due_at is not None:
        notes.append(f"Gia hạn, hẹn ban đầu {_moment(dossier.original_due_at)}: "
                     f"{dossier.extension_reason}")
    if dossier.status in STATUS_NOTES:
        notes.append(STATUS_NOTES[dossier.status])
    return as_text_cell("; ".join(notes))


def register_xlsx(session: Session, query: RegisterQuery) -> bytes:
    """Write the register of the period as an A4-landscape workbook headed in Vietnamese."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ theo dõi hồ sơ"
    width = len(FIRST) + len(DAYS) + len(LAST)
    sites = (session.scalars(select(Site.name).where(Site.id.in_(query.site_ids))).all()
             if query.site_ids is not None else [])
    lines = [(", ".join(sites) or "Bộ phận Một cửa").upper(), "SỔ THEO DÕI HỒ SƠ",
             f"Từ ngày {query.start:%d/%m/%Y} đến ngày {query.end:%d/%m/%Y}"]
    for row, text in enumerate(lines, start=1):
        sheet.cell(row, 1, text).font = Font(bold=True, size=13 if row == 2 else 11)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    _headings(sheet, top=5)
    for values in register_rows(session, query):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C8"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _headings(sheet, top: int) -> None:
    """Two heading rows (the days under one heading) and the row of column numbers."""
    column = 1
    for heading, width in FIRST:
        _heading(sheet, top, column, heading, width, rows=2)
        column += 1
    sheet.cell(top, column, "Ngày, tháng, năm")
    sheet.merge_cells(start_row=top, start_column=column, end_row=top,
                      end_column=column + len(DAYS) - 1)
    _style(sheet.cell(top, column))
    for heading, width in DAYS:
        _heading(sheet, top + 1, column, heading, width, rows=1)
        column += 1
    for heading, width in LAST:
        _heading(sheet, top, column, heading, width, rows=2)
        column += 1
    for number in range(1, column):
        cell = sheet.cell(top + 2, number, f"({number})")
        cell.font = Font(italic=True)
        cell.alignment = Alignment(horizontal="center")
        cell.border = BOX


def _heading(sheet, row: int, column: int, text: str, width: int, rows: int) -> None:
    sheet.cell(row, column, text)
    if rows > 1:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + rows - 1,
                          end_column=column)
    sheet.column_dimensions[sheet.cell(row, column).column_letter].width = width
    _style(sheet.cell(row, column))


def _style(cell) -> None:
    cell.font = Font(bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = BOX
