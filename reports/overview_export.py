"""CSV and XLSX of the leaders' overview: sites by tier, tier subtotals, total, then the trend."""

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from server.engine.measures import overview_measures

from .export import as_text_cell, fill_titled_sheet, shown, vn_date

SITE_HEADINGS = ["Cấp", "Đơn vị", "Mã đơn vị"]
QUEUE_COLUMNS = overview_measures()
# The dossier report per period's figures (reports/dossier_period.py).
DOSSIER_COLUMNS = [("Hồ sơ kỳ trước chuyển sang", "carried_over"),
                   ("Hồ sơ tiếp nhận", "received"),
                   ("Hồ sơ giải quyết trước hạn", "early"),
                   ("Hồ sơ giải quyết đúng hạn", "on_time"),
                   ("Hồ sơ giải quyết quá hạn", "late"),
                   ("Hồ sơ quá hạn chưa giải quyết", "overdue"),
                   ("Tỷ lệ hồ sơ đúng hạn (%)", "on_time_rate"),
                   ("Thời gian giải quyết trung bình (ngày làm việc)", "avg_processing_days")]
TREND_HEADINGS = {"week": "Tuần", "month": "Tháng"}


def headings() -> list[str]:
    """Return the column headings of the site table."""
    return (SITE_HEADINGS + [measure.heading for measure in QUEUE_COLUMNS]
            + [name for name, _ in DOSSIER_COLUMNS])


def figures(row: dict) -> list:
    """Return the queue and dossier figures of one row, minutes as the exports show them."""
    cells = [shown(measure, row[measure.name]) for measure in QUEUE_COLUMNS]
    dossiers = row["dossiers"] or {}
    return cells + [dossiers.get(key) for _, key in DOSSIER_COLUMNS]


def table(report: dict) -> list[list]:
    """Return each tier's sites then its subtotal (with two tiers), and the total last."""
    names = {tier["key"]: tier["label"] for tier in report["tiers"]}
    rows = []
    for tier in report["tiers"]:
        rows += [[names[row["tier"]], as_text_cell(row["label"]), row["key"], *figures(row)]
                 for row in report["rows"] if row["tier"] == tier["key"]]
        if len(report["tiers"]) > 1:  # with one tier its subtotal would repeat the total
            rows.append([tier["label"],
                         f"Cộng {tier['label'].lower()} ({tier['sites']} đơn vị)", "",
                         *figures(tier)])
    rows.append(["", f"Tổng cộng ({report['total']['sites']} đơn vị)", "",
                 *figures(report["total"])])
    return rows


def trend_headings(report: dict) -> list[str]:
    """Return the headings of the trend table."""
    return ([TREND_HEADINGS[report["trend_unit"]], "Từ ngày", "Đến ngày"]
            + [measure.heading for measure in QUEUE_COLUMNS])


def trend_table(report: dict) -> list[list]:
    """Return one row per week or month: its number in the period, first and last day."""
    return [[index, date.fromisoformat(point["from"]), date.fromisoformat(point["to"]),
             *figures(point | {"dossiers": None})[:len(QUEUE_COLUMNS)]]
            for index, point in enumerate(report["trend"], start=1)]


def title(report: dict) -> str:
    """Return the overview's heading line, dates as Vietnamese offices write them."""
    return ("Tổng hợp tình hình phục vụ tại các trung tâm, bộ phận một cửa từ ngày "
            f"{vn_date(report['from'])} đến ngày {vn_date(report['to'])}")


def to_csv(report: dict) -> bytes:
    """Render as UTF-8 CSV with a BOM: the site table, a blank line, then the trend."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings())
    writer.writerows([_csv_cell(cell) for cell in row] for row in table(report))
    writer.writerow([])
    writer.writerow(trend_headings(report))
    writer.writerows([_csv_cell(cell) for cell in row] for row in trend_table(report))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(cell):
    if cell is None:
        return ""
    return f"{cell:%d/%m/%Y}" if isinstance(cell, date) else cell


def to_xlsx(report: dict) -> bytes:
    """Render as an Excel workbook: the site table, then the trend on a second sheet."""
    workbook = Workbook()
    sites = workbook.active
    fill_titled_sheet(sites, "Tổng hợp", title(report), headings(), table(report))
    _readable_headings(sites, {"A": 22, "B": 45, "C": 12})
    trend = workbook.create_sheet()
    fill_titled_sheet(trend, "Xu hướng", f"{title(report)} – theo "
                      f"{TREND_HEADINGS[report['trend_unit']].lower()}",
                      trend_headings(report), trend_table(report))
    for cell in trend[trend.max_row]:
        cell.font = Font()  # the trend has no total row: its last period is not one
    _readable_headings(trend, {"B": 12, "C": 12})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _readable_headings(sheet, widths: dict) -> None:
    """Wrap the long Vietnamese headings over narrow figure columns, so a page shows them."""
    for index in range(1, sheet.max_column + 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(letter, 14)
    for cell in sheet[3]:
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
