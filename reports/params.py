"""Query parameters of the report endpoints (models in server/api/schemas.py), validated, and
the sites a user may see."""

from typing import TypeVar

from flask import request
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from server.api.context import resolve_site
from server.api.schemas import MAX_DAYS, ReportParams
from server.engine.days import VIETNAM
from server.errors import from_validation_error
from server.models import Site, User, utcnow
from server.storage import db

from .compute import ReportQuery

Params = TypeVar("Params", bound=BaseModel)
# What went wrong, named by the report form's own fields, in Vietnamese then English.
_REASONS = {
    "dates": ("Vui lòng chọn “Từ ngày” và “Đến ngày” là những ngày có thật.",
              "Choose real dates for “From” and “To”."),
    "period": ("“Từ ngày” không được sau “Đến ngày”, và một báo cáo gồm tối đa "
               f"{MAX_DAYS} ngày.",
               f"“From” must not be after “To”, and a report covers at most {MAX_DAYS} days."),
    "group": ("Vui lòng chọn cách nhóm ở mục “Theo” trong danh sách có sẵn.",
              "Choose “Group by” from its list."),
    "tier": ("Mục “Cấp” chỉ nhận: trung tâm cấp tỉnh hoặc trung tâm cấp xã.",
             "“Tier” must be the provincial centre or the commune-level centres."),
    "other": ("Không xem được báo cáo với các lựa chọn này, vui lòng chọn lại.",
              "The report cannot be shown with these choices; please choose again."),
}


def form_reason(error: ValidationError) -> tuple[str, str]:
    """Say which field of a report form is wrong, in Vietnamese and English."""
    fields = {str(item["loc"][0]) if item["loc"] else "" for item in error.errors()}
    if fields & {"from", "to"}:
        return _REASONS["dates"]
    if "group" in fields:
        return _REASONS["group"]
    if "tier" in fields:
        return _REASONS["tier"]
    if "" in fields:
        return _REASONS["period"]  # the model-level check of the period
    return _REASONS["other"]


def parse_report_params(model: type[Params] = ReportParams, args: dict | None = None) -> Params:
    """Validate ``args`` (the request's query by default) with ``model``; on bad input, 422
    naming the form's field that is wrong."""
    try:
        return model.model_validate(request.args.to_dict() if args is None else args)
    except ValidationError as error:
        failure = from_validation_error(error)
        failure.message, failure.message_en = form_reason(error)
        raise failure from None


def site_scope(user: User, code: str | None, tier: str | None = None) -> tuple[int, ...] | None:
    """Return the site ids ``user`` may report on (None = every site), of ``tier`` if given."""
    if code:
        sites = (resolve_site(user),)  # reads ?site=, checks the user may see it
    elif user.site_id is not None:
        sites = (db().get(Site, user.site_id),)
    elif tier is None:
        return None
    else:
        sites = tuple(db().scalars(select(Site).where(Site.tier == tier)))
    return tuple(site.id for site in sites if tier is None or site.tier == tier)


def report_query(user: User) -> ReportQuery:
    """Build the report query of this request for ``user``."""
    params = parse_report_params()
    return ReportQuery(start=params.start, end=params.end, group=params.group,
                       site_ids=site_scope(user, params.site, params.tier),
                       per_day=params.per_day)


def month_so_far(args: dict) -> dict:
    """Return ``args`` with the period, where it names none, this month so far in Vietnam:
    the period leaders' monthly briefings count."""
    today = utcnow().astimezone(VIETNAM).date()
    return {"from": today.replace(day=1).isoformat(), "to": today.isoformat()} | args
