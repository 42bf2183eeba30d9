"""CSV and XLSX of the dossier report, with Vietnamese headings; cells escaped for Excel."""

import csv
import io

from openpyxl import Workbook

from server.formats import as_text_cell

from .export import fill_titled_sheet, vn_date

GROUP_HEADINGS = {"site": "Đơn vị", "field": "Lĩnh vực", "procedure": "Thủ tục",
                  "unit": "Cơ quan, đơn vị giải quyết", "clerk": "Cán bộ tiếp nhận"}
# The page's English (data-en); exports stay Vietnamese.
GROUP_HEADINGS_EN = {"site": "Site", "field": "Field", "procedure": "Procedure",
                     "unit": "Unit responsible", "clerk": "Receiving clerk"}
# The report's columns, in the one-stop statistics' words: (Vietnamese, key, English). A
# nested figure is "parent.child".
REPORT_COLUMNS = [
    ("Kỳ trước chuyển sang", "carried_over", "Carried over"),
    ("Tiếp nhận trong kỳ", "received", "Received in the period"),
    ("Trực tiếp", "received_by_channel.in_person", "In person"),
    ("Trực tuyến", "received_by_channel.online", "Online"),
    ("Qua bưu chính công ích", "received_by_channel.post", "By post"),
    ("Giải quyết trước hạn", "early", "Resolved early"),
    ("Giải quyết đúng hạn", "on_time", "Resolved on time"),
    ("Giải quyết quá hạn", "late", "Resolved late"),
    ("Rút hồ sơ", "withdrawn", "Withdrawn"),
    ("Đang giải quyết trong hạn", "in_progress", "In progress, on time"),
    ("Đang giải quyết quá hạn", "overdue", "Overdue, unresolved"),
    ("Hướng dẫn bổ sung", "supplement_guidance", "Guidance to complete (Form 02)"),
    ("Từ chối tiếp nhận", "refused", "Refused (Form 03)"),
    ("Tỷ lệ đúng hạn (%)", "on_time_rate", "On-time rate (%)"),
    ("Thời gian giải quyết TB (ngày làm việc)", "avg_processing_days",
     "Avg processing (working days)"),
    # The queue joined with the dossiers received (reports/dossier_visits.py).
    ("Lượt tiếp nhận", "visits", "Visits that handed them in"),
    ("Hồ sơ gắn lượt", "linked", "Dossiers linked to a visit"),
    ("Hồ sơ / lượt", "dossiers_per_visit", "Dossiers per visit"),
    ("Chờ TB của người có hồ sơ trễ hạn (giây)", "late_wait_mean_s",
     "Mean wait, late dossiers (s)"),
    ("Lượt đánh giá", "rated", "Ratings"), ("Hài lòng", "satisfied", "Satisfied ratings"),
    ("Tỷ lệ hài lòng (%) (QĐ 766)", "satisfaction_rate", "Satisfaction rate (%), Decision 766"),
]
COLUMNS = [(name, key) for name, key, _ in REPORT_COLUMNS]
COLUMN_HEADINGS_EN = {key: english for _, key, english in REPORT_COLUMNS}
# Figures with decimals on the page: how many.
DECIMALS = {"on_time_rate": 1, "avg_processing_days": 2, "dossiers_per_visit": 2,
            "satisfaction_rate": 1}
VISIT_OUTCOMES = [("Lượt phục vụ xong", "served"), ("Có nộp hoặc nhận hồ sơ", "with_dossier"),
                  ("Chỉ được hướng dẫn (không có hồ sơ)", "guidance_only"),
                  ("Tỷ lệ chỉ hướng dẫn (%)", "guidance_only_rate")]
VISIT_OUTCOMES_EN = {"served": "Visits finished", "with_dossier": "With a dossier",
                     "guidance_only": "Guidance only (no dossier)",
                     "guidance_only_rate": "Guidance only (%)"}


def figure(row: dict, key: str):
    """Return the figure ``key`` of ``row``; "parent.child" reads a nested one."""
    for part in key.split("."):
        row = row[part]
    return row


def headings(report: dict, columns=COLUMNS) -> list[str]:
    """Return the column headings of ``report``."""
    first = [GROUP_HEADINGS[report["group"]]]
    if report["group"] != "site":
        first.append("Mã đơn vị")
    return first + [name for name, _ in columns]


def table(report: dict, columns=COLUMNS) -> list[list]:
    """Return the rows, then the totals row, in heading order."""
    def cells(row):
        first = [as_text_cell(row["label"])]
        if report["group"] != "site":
            first.append(row["site"] or "")
        return first + [figure(row, key) for _, key in columns]
    return [cells(row) for row in [*report["rows"], report["total"]]]


def title(report: dict) -> str:
    """Return the report's heading line, dates as Vietnamese offices write them."""
    return (f"Báo cáo tình hình giải quyết hồ sơ theo {GROUP_HEADINGS[report['group']].lower()}"
            f", kỳ báo cáo từ ngày {vn_date(report['from'])} đến ngày {vn_date(report['to'])}"
            f" (tính đến ngày {vn_date(report['as_of'])})")


def to_csv(report: dict, columns=COLUMNS) -> bytes:
    """Render as UTF-8 CSV with a BOM, so Excel shows the diacritics."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings(report, columns))
    writer.writerows([["" if cell is None else cell for cell in row]
                      for row in table(report, columns)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: dict, columns=COLUMNS) -> bytes:
    """Render as an Excel workbook: title, then a heading row and the table."""
    workbook = Workbook()
    fill_titled_sheet(workbook.active, "Hồ sơ", title(report),
                      headings(report, columns), table(report, columns))
    workbook.active.column_dimensions["A"].width = 50
    visits = report["visits"]
    fill_titled_sheet(workbook.create_sheet(), "Lượt phục vụ", title(report),
                      [name for name, _ in VISIT_OUTCOMES],
                      [[visits[key] for _, key in VISIT_OUTCOMES]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
