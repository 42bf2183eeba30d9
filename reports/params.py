"""Query parameters of the report endpoints, validated, and the sites a user may see."""

from datetime import date
from typing import Literal

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from server.api.context import resolve_site
from server.errors import from_validation_error
from server.models import User

from .compute import ReportQuery

MAX_DAYS = 366


class ReportParams(BaseModel):
    """``from``/``to`` are service days (YYYY-MM-DD), at most 366 days apart."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    group: Literal["site", "service", "counter", "clerk", "procedure"] = "site"
    site: str | None = Field(default=None, min_length=1, max_length=32)
    per_day: bool = False

    @model_validator(mode="after")
    def check_period(self):
        if self.start > self.end:
            raise ValueError("from must not be after to")
        if (self.end - self.start).days + 1 > MAX_DAYS:
            raise ValueError(f"the period may cover at most {MAX_DAYS} days")
        return self


def parse_report_params() -> ReportParams:
    """Validate ``request.args``; 422 with the Vietnamese reason on bad input."""
    try:
        return ReportParams.model_validate(request.args.to_dict())
    except ValidationError as error:
        failure = from_validation_error(error)
        failure.message = ("Tham số báo cáo không hợp lệ: cần from và to dạng YYYY-MM-DD, "
                           f"from ≤ to, tối đa {MAX_DAYS} ngày, group là site, service, "
                           "counter, clerk hoặc procedure.")
        failure.message_en = "Invalid report parameters."
        raise failure from None


def site_scope(user: User, code: str | None) -> tuple[int, ...] | None:
    """Return the site ids ``user`` may report on (None = every site)."""
    if code:
        return (resolve_site(user).id,)  # reads ?site=, checks the user may see it
    return None if user.site_id is None else (user.site_id,)


def report_query(user: User) -> ReportQuery:
    """Build the report query of this request for ``user``."""
    params = parse_report_params()
    return ReportQuery(start=params.start, end=params.end, group=params.group,
                       site_ids=site_scope(user, params.site), per_day=params.per_day)
