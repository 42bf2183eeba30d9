"""CSV and XLSX of the dossier report, with Vietnamese headings; cells escaped for Excel."""

import csv
import io

from openpyxl import Workbook

from .export import fill_titled_sheet, vn_date

GROUP_HEADINGS = {"site": "Đơn vị", "service": "Lĩnh vực", "procedure": "Thủ tục",
                  "clerk": "Cán bộ tiếp nhận"}
COLUMNS = [("Tiếp nhận", "received"), ("Giải quyết đúng hạn", "on_time"),
           ("Giải quyết quá hạn", "late"), ("Đang giải quyết trong hạn", "in_progress"),
           ("Quá hạn chưa giải quyết", "overdue"), ("Rút hồ sơ", "withdrawn"),
           ("Hướng dẫn bổ sung", "guidance"), ("Từ chối tiếp nhận", "refusals"),
           ("Tỷ lệ đúng hạn (%)", "on_time_rate")]
# A cell starting with one of these is a formula to Excel: text typed by the public
# (procedure names from free text) must never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Keep a text cell a text cell in a spreadsheet."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def headings(report: dict) -> list[str]:
    """Return the column headings of ``report``."""
    first = [GROUP_HEADINGS[report["group"]]]
    if report["group"] != "site":
        first.append("Mã đơn vị")
    return first + [name for name, _ in COLUMNS]


def table(report: dict) -> list[list]:
    """Return the rows, then the totals row, in heading order."""
    def cells(row):
        first = [safe_text(row["label"])]
        if report["group"] != "site":
            first.append(row["site"] or "")
        return first + [row[key] for _, key in COLUMNS]
    return [cells(row) for row in [*report["rows"], report["total"]]]


def title(report: dict) -> str:
    """Return the report's heading line, dates as Vietnamese offices write them."""
    return (f"Báo cáo tình hình giải quyết hồ sơ theo {GROUP_HEADINGS[report['group']].lower()}"
            f", tiếp nhận từ ngày {vn_date(report['from'])} đến ngày {vn_date(report['to'])}"
            f" (tính đến ngày {vn_date(report['as_of'])})")


def to_csv(report: dict) -> bytes:
    """Render as UTF-8 CSV with a BOM, so Excel shows the diacritics."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings(report))
    writer.writerows([["" if cell is None else cell for cell in row] for row in table(report)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: dict) -> bytes:
    """Render as an Excel workbook: title, then a heading row and the table."""
    workbook = Workbook()
    fill_titled_sheet(workbook.active, "Hồ sơ", title(report), headings(report), table(report))
    workbook.active.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
