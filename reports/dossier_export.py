"""CSV and XLSX of the dossier report, with Vietnamese headings; cells escaped for Excel."""

import csv
import io

from openpyxl import Workbook

from server.formats import as_text_cell

from .export import fill_titled_sheet, vn_date

GROUP_HEADINGS = {"site": "Đơn vị", "service": "Lĩnh vực", "procedure": "Thủ tục",
                  "clerk": "Cán bộ tiếp nhận"}
# The page's English (data-en); exports stay Vietnamese.
GROUP_HEADINGS_EN = {"site": "Site", "service": "Service", "procedure": "Procedure",
                     "clerk": "Receiving clerk"}
COLUMN_HEADINGS_EN = {"received": "Received", "on_time": "Resolved on time",
                      "late": "Resolved late", "in_progress": "In progress, on time",
                      "overdue": "Overdue, unresolved", "withdrawn": "Withdrawn",
                      "on_time_rate": "On-time rate (%)",
                      "visits": "Visits that handed them in",
                      "linked": "Dossiers linked to a visit",
                      "dossiers_per_visit": "Dossiers per visit",
                      "late_wait_mean_s": "Mean wait, late dossiers (s)",
                      "rated": "Ratings", "satisfied": "Satisfied ratings",
                      "satisfaction_rate": "Satisfaction rate (%), Decision 766"}
COLUMNS = [("Tiếp nhận", "received"), ("Giải quyết đúng hạn", "on_time"),
           ("Giải quyết quá hạn", "late"), ("Đang giải quyết trong hạn", "in_progress"),
           ("Quá hạn chưa giải quyết", "overdue"), ("Rút hồ sơ", "withdrawn"),
           ("Hướng dẫn bổ sung", "guidance"), ("Từ chối tiếp nhận", "refusals"),
           ("Tỷ lệ đúng hạn (%)", "on_time_rate"),
           # The queue joined with the dossiers (reports/dossier_visits.py).
           ("Lượt tiếp nhận", "visits"), ("Hồ sơ gắn lượt", "linked"),
           ("Hồ sơ / lượt", "dossiers_per_visit"),
           ("Chờ TB của người có hồ sơ trễ hạn (giây)", "late_wait_mean_s"),
           ("Lượt đánh giá", "rated"), ("Hài lòng", "satisfied"),
           ("Tỷ lệ hài lòng (%) (QĐ 766)", "satisfaction_rate")]
# Figures with decimals on the page: how many.
DECIMALS = {"on_time_rate": 1, "dossiers_per_visit": 2, "satisfaction_rate": 1}
VISIT_OUTCOMES = [("Lượt phục vụ xong", "served"), ("Có nộp hoặc nhận hồ sơ", "with_dossier"),
                  ("Chỉ được hướng dẫn (không có hồ sơ)", "guidance_only"),
                  ("Tỷ lệ chỉ hướng dẫn (%)", "guidance_only_rate")]
VISIT_OUTCOMES_EN = {"served": "Visits finished", "with_dossier": "With a dossier",
                     "guidance_only": "Guidance only (no dossier)",
                     "guidance_only_rate": "Guidance only (%)"}
# The report per period (reports/dossier_period.py), in the one-stop statistics' words.
PERIOD_COLUMNS = [("Kỳ trước chuyển sang", "carried_over"), ("Tiếp nhận trong kỳ", "received"),
                  ("Tiếp nhận trực tiếp", "received_in_person"),
                  ("Tiếp nhận trực tuyến, qua hệ thống một cửa", "received_online"),
                  ("Giải quyết trước hạn", "early"), ("Giải quyết đúng hạn", "on_time"),
                  ("Giải quyết quá hạn", "late"), ("Rút hồ sơ", "withdrawn"),
                  ("Đang giải quyết trong hạn", "in_progress"),
                  ("Đang giải quyết quá hạn", "overdue"), ("Hướng dẫn bổ sung", "guidance"),
                  ("Từ chối tiếp nhận", "refusals"), ("Tỷ lệ đúng hạn (%)", "on_time_rate")]


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
        return first + [row[key] for _, key in columns]
    return [cells(row) for row in [*report["rows"], report["total"]]]


def title(report: dict, scope: str = "tiếp nhận") -> str:
    """Return the report's heading line, dates as Vietnamese offices write them; ``scope``
    says which dossiers: those received in the period, or all handled in it ("trong kỳ")."""
    return (f"Báo cáo tình hình giải quyết hồ sơ theo {GROUP_HEADINGS[report['group']].lower()}"
            f", {scope} từ ngày {vn_date(report['from'])} đến ngày {vn_date(report['to'])}"
            f" (tính đến ngày {vn_date(report['as_of'])})")


def to_csv(report: dict, columns=COLUMNS) -> bytes:
    """Render as UTF-8 CSV with a BOM, so Excel shows the diacritics."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings(report, columns))
    writer.writerows([["" if cell is None else cell for cell in row]
                      for row in table(report, columns)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: dict, columns=COLUMNS, scope: str = "tiếp nhận") -> bytes:
    """Render as an Excel workbook: title, then a heading row and the table."""
    workbook = Workbook()
    fill_titled_sheet(workbook.active, "Hồ sơ", title(report, scope),
                      headings(report, columns), table(report, columns))
    workbook.active.column_dimensions["A"].width = 50
    visits = report.get("visits")  # the report by receipt date has them, the period one not
    if visits is not None:
        fill_titled_sheet(workbook.create_sheet(), "Lượt phục vụ", title(report),
                          [name for name, _ in VISIT_OUTCOMES],
                          [[visits[key] for _, key in VISIT_OUTCOMES]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
