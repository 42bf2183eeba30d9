"""CSV and XLSX renderings of a computed report, with Vietnamese headings."""

import csv
import io
import math
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from server.engine.measures import report_measures
from server.formats import as_text_cell, vn_date
from server.models import RATINGS

GROUP_HEADINGS = {"site": "Đơn vị", "service": "Lĩnh vực", "counter": "Quầy", "clerk": "Cán bộ",
                  "procedure": "Thủ tục"}
GROUP_TITLES = {"site": "theo đơn vị", "service": "theo lĩnh vực", "counter": "theo quầy",
                "clerk": "theo cán bộ", "procedure": "theo thủ tục"}
RATING_ORDER = (4, 3, 2, 1)  # votes as columns, best first
REASON_HEADINGS = ["Lý do chưa hài lòng", "Số lượt chọn"]


# Excel shows these in the reader's own locale: 1.234 and 12,35 on a Vietnamese machine.
COUNT_FORMAT = "#,##0"
MINUTE_FORMAT = "#,##0.00"
DATE_FORMAT = "DD/MM/YYYY"


def minutes(seconds: float | None) -> float | None:
    """Convert seconds to minutes rounded to 0.01, halves up, as the exports show them.

    The report pages do the very same sum (``qmsFormat.minutes`` in server/static/formats.js):
    ``round(seconds / 60, 2)`` made 14.7 s 0.24 here while the page showed 0,25.
    """
    return None if seconds is None else math.floor(seconds * 5 / 3 + 0.5) / 100


def headings(report: dict) -> list[str]:
    """Return the column headings for ``report``."""
    columns = [GROUP_HEADINGS[report["group"]]]
    if report["group"] != "site":
        columns.append("Mã đơn vị")
    if report["per_day"]:
        columns.append("Ngày")
    for measure in report_measures():
        if measure.format == "votes":
            columns += [RATINGS[rating] for rating in RATING_ORDER]
        else:
            columns.append(measure.heading)
    return columns


def table(report: dict) -> list[list]:
    """Return the data rows followed by the totals row, in heading order; days as dates."""
    return [_cells(report, row) for row in [*report["rows"], report["total"]]]


def _cells(report: dict, row: dict) -> list:
    cells = [row["label"]]
    if report["group"] != "site":
        cells.append(row.get("site") or "")
    if report["per_day"]:
        cells.append(date.fromisoformat(row["day"]) if row["day"] else "")
    for measure in report_measures():
        if measure.format == "votes":
            cells += [row["votes"][str(rating)] for rating in RATING_ORDER]
        else:
            cells.append(shown(measure, row[measure.name]))
    return cells


def shown(measure, value):
    """Return ``value`` of ``measure`` as the exports write it: minutes for durations."""
    if measure.format == "minutes":
        return minutes(value)
    if measure.format == "votes":
        return sum(value.values())
    return value


def reason_rows(report: dict) -> list[list]:
    """Return the unhappy votes' reasons with how often each was chosen, most often first."""
    return [[as_text_cell(item["reason"]), item["count"]] for item in report["reasons"]]


def title(report: dict) -> str:
    """Return the report's heading line."""
    return (f"Báo cáo tình hình cấp số, phục vụ và mức độ hài lòng {GROUP_TITLES[report['group']]}"
            f" từ ngày {vn_date(report['from'])} đến ngày {vn_date(report['to'])}")


def to_csv(report: dict) -> bytes:
    """Render as UTF-8 CSV with a BOM, so Excel shows the diacritics."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings(report))
    writer.writerows([[_csv_cell(cell) for cell in row] for row in table(report)])
    writer.writerow([])
    writer.writerow(REASON_HEADINGS)
    writer.writerows(reason_rows(report))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(cell):
    if cell is None:
        return ""
    return f"{cell:%d/%m/%Y}" if isinstance(cell, date) else as_text_cell(cell)


def to_xlsx(report: dict) -> bytes:
    """Render as an Excel workbook: title, period, then a heading row and the table."""
    workbook = Workbook()
    fill_titled_sheet(workbook.active, "Báo cáo", title(report), headings(report), table(report))
    workbook.active.column_dimensions["A"].width = 40
    reasons = workbook.create_sheet("Lý do chưa hài lòng")
    reasons.append(REASON_HEADINGS)
    for cell in reasons[1]:
        cell.font = Font(bold=True)
    for row in reason_rows(report):
        reasons.append(row)
    reasons.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill_titled_sheet(sheet, name: str, heading: str, columns: list, rows) -> None:
    """Fill ``sheet``: a bold title, a blank row, bold column headings, then the rows as real
    numbers and dates (text stays text, even "=…"), the last row (the total) in bold."""
    sheet.title = name
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(columns)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        _number_formats(sheet[sheet.max_row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # openpyxl writes "=…" as a live formula otherwise
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B4"


def _number_formats(cells) -> None:
    """Give number and date cells a display format; their values stay numbers and dates."""
    for cell in cells:
        if isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, float):
            cell.number_format = MINUTE_FORMAT
        elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
            cell.number_format = COUNT_FORMAT
