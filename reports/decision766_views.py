"""The Decision 766 view for leaders: ``/reports/766``, its API and its workbook."""

import io
from typing import Literal

from flask import current_app, g, render_template, request
from openpyxl import Workbook

from server.api.schemas import PeriodParams
from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.errors import ApiError
from server.models import utcnow
from server.payloads.decision766 import Report766
from server.storage import db

from . import blueprint
from .decision766 import Query766, compute_766
from .dossier_export import DECIMALS
from .downloads import add_report
from .export import fill_titled_sheet, vn_date
from .params import month_so_far, parse_report_params, site_scope

# Vietnamese heading, English, and the indicator; the page and the workbook share them.
COLUMNS = [
    ("Tỷ lệ hài lòng theo hồ sơ (%)", "Satisfaction per dossier (%)", "satisfaction_dossier_rate"),
    ("Tỷ lệ hài lòng theo lượt phục vụ (%)", "Satisfaction per visit (%)",
     "satisfaction_visit_rate"),
    ("Tỷ lệ hồ sơ đúng hạn (%)", "Dossiers on time (%)", "on_time_rate"),
    ("Thời gian giải quyết trung bình (ngày làm việc)", "Mean processing time (working days)",
     "avg_processing_days"),
    ("Thời gian chờ trung bình (giây)", "Mean wait (s)", "wait_mean_s"),
    ("Tỷ lệ đặt lịch trực tuyến (%)", "Booked online (%)", "online_booked_share"),
    ("Tỷ lệ phản ánh được trả lời đúng hạn (%)", "Feedback answered on time (%)",
     "feedback_on_time_rate"),
]


GROUP_HEADINGS = {"site": ("Đơn vị", "Site"), "service": ("Lĩnh vực", "Field"),
                  "procedure": ("Thủ tục", "Procedure"), "clerk": ("Cán bộ", "Clerk")}


class Params766(PeriodParams):
    """The period (days), the site, and the grouping: per site, field, procedure or clerk."""

    group: Literal["site", "service", "procedure", "clerk"] = "site"


def report_766(args: dict) -> dict:
    """Compute the view ``args`` ask for, within the user's sites."""
    params = parse_report_params(Params766, args)
    query = Query766(params.start, params.end, site_scope(g.user, params.site),
                     int(current_app.config["FEEDBACK_DEADLINE_DAYS"]), params.group)
    return compute_766(db(), query, utcnow().astimezone(VIETNAM).date())


def to_xlsx(report: dict) -> bytes:
    """Return the Decision 766 view as an Excel workbook, Vietnamese headings."""
    workbook = Workbook()
    title = (f"Chỉ số theo Quyết định 766/QĐ-TTg, từ ngày {vn_date(report['from'])} đến ngày "
             f"{vn_date(report['to'])}")
    heading = GROUP_HEADINGS[report["group"]][0]
    fill_titled_sheet(workbook.active, "QĐ 766", title, [heading] + [c[0] for c in COLUMNS],
                      [[row["label"]] + [row[c[2]] for c in COLUMNS] for row in report["rows"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


add_report("/api/v1/reports/766", "report_766", "Decision 766 view",
           "Decision 766/QĐ-TTg indicators qms computes for a period, per site, service "
           "(field), procedure or clerk (?group=)", Report766, Params766,
           lambda: report_766(request.args.to_dict()), {"xlsx": to_xlsx},
           lambda report: f"chi-so-766-{report['from']}-{report['to']}",
           "Return one row per site: satisfaction, on-time rate, wait, online share, feedback.")


@blueprint.get("/reports/766")
@require_page("manager", "admin")
def report_766_page():
    """Show the Decision 766 view as a table, with each indicator's definition."""
    args = month_so_far(request.args.to_dict())
    error, report = None, None
    try:
        report = report_766(args)
    except ApiError as failure:
        error = failure
    return render_template("reports/decision766.html", report=report, error=error, args=args,
                           columns=COLUMNS, vn_date=vn_date, decimals=DECIMALS,
                           groups=GROUP_HEADINGS), 422 if error else 200
