"""OpenAPI descriptions of the report endpoints (merged into /api/openapi.json)."""

_ERRORS = {code: {"description": "Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}} for code in ("401", "403", "404", "422")}
_PARAMS = [
    {"name": "from", "in": "query", "required": True,
     "schema": {"type": "string", "format": "date"}, "description": "First service day"},
    {"name": "to", "in": "query", "required": True,
     "schema": {"type": "string", "format": "date"},
     "description": "Last service day (from ≤ to, at most 366 days)"},
    {"name": "group", "in": "query", "required": False,
     "schema": {"type": "string", "enum": ["site", "service", "counter", "clerk", "procedure"],
                "default": "site"}},
    {"name": "site", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "Site code; omitted = every site the caller may see (consolidated)"},
    {"name": "tier", "in": "query", "required": False,
     "schema": {"type": "string", "enum": ["province", "commune"]},
     "description": "Only sites of this tier: the provincial centre or the commune-level "
                    "centres (consolidated province-wide)"},
    {"name": "per_day", "in": "query", "required": False, "schema": {"type": "boolean"},
     "description": "Split every row by service day"},
]
_FIGURES = {
    "issued": {"type": "integer"}, "served": {"type": "integer"},
    "no_show": {"type": "integer"}, "transferred": {"type": "integer"},
    "overdue": {"type": "integer", "description": "waited longer than the service's target"},
    "avg_wait_s": {"type": ["number", "null"]},
    "p90_wait_s": {"type": ["number", "null"], "description": "nearest-rank 90th percentile"},
    "avg_service_s": {"type": ["number", "null"]}, "p90_service_s": {"type": ["number", "null"]},
    "votes": {"type": "object", "description": "count per rating, keys \"1\" … \"4\" (4 best)"},
    "satisfaction_index": {"type": ["number", "null"],
                           "description": "(mean rating − 1) / 3 × 100"},
}
_ROW = {"type": "object", "properties": {
    "key": {"type": ["string", "null"]}, "label": {"type": "string"},
    "site": {"type": ["string", "null"]}, "day": {"type": ["string", "null"]}, **_FIGURES}}
_REPORT = {"type": "object", "properties": {
    "from": {"type": "string"}, "to": {"type": "string"}, "group": {"type": "string"},
    "per_day": {"type": "boolean"}, "rows": {"type": "array", "items": _ROW}, "total": _ROW,
    "reasons": {"type": "array", "description": "reasons ticked on unhappy votes, most first",
                "items": {"type": "object", "properties": {
                    "reason": {"type": "string"}, "count": {"type": "integer"}}}}}}


def _get(summary: str, content: dict) -> dict:
    return {"get": {"summary": summary, "parameters": _PARAMS, "security": [{"staff": []}],
                    "responses": {"200": {"description": "OK", "content": content}, **_ERRORS}}}


REPORT_PATHS = {
    "/api/v1/reports": _get("Period report per site, service, counter or clerk (manager)",
                            {"application/json": {"schema": _REPORT}}),
    "/api/v1/reports/export.csv": _get("The same report as CSV, Vietnamese headings",
                                       {"text/csv": {"schema": {"type": "string"}}}),
    "/api/v1/reports/export.xlsx": _get(
        "The same report as an Excel workbook, Vietnamese headings",
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
         {"schema": {"type": "string", "format": "binary"}}}),
}

_DOSSIER_PARAMS = [*_PARAMS[:2], {
    "name": "group", "in": "query", "required": False,
    "schema": {"type": "string", "enum": ["site", "service", "procedure", "clerk"],
               "default": "site"}}, _PARAMS[3]]
_DOSSIER_ROW = {"type": "object", "properties": {
    "key": {"type": ["string", "null"]}, "label": {"type": "string"},
    "site": {"type": ["string", "null"]},
    **{name: {"type": "integer"} for name in ("received", "on_time", "late", "in_progress",
                                              "overdue", "withdrawn")},
    "on_time_rate": {"type": ["number", "null"],
                     "description": "on_time / (on_time + late) × 100"}}}
_DOSSIER_REPORT = {"type": "object", "properties": {
    "from": {"type": "string"}, "to": {"type": "string"}, "as_of": {"type": "string"},
    "group": {"type": "string"}, "rows": {"type": "array", "items": _DOSSIER_ROW},
    "total": _DOSSIER_ROW}}


def _dossier_get(summary: str, content: dict) -> dict:
    return {"get": _get(summary, content)["get"] | {"parameters": _DOSSIER_PARAMS}}


REPORT_PATHS |= {
    "/api/v1/reports/dossiers": _dossier_get(
        "Dossiers received in a period: on time, late, in progress, overdue (manager)",
        {"application/json": {"schema": _DOSSIER_REPORT}}),
    "/api/v1/reports/dossiers/export.csv": _dossier_get(
        "The same dossier report as CSV, Vietnamese headings",
        {"text/csv": {"schema": {"type": "string"}}}),
    "/api/v1/reports/dossiers/export.xlsx": _dossier_get(
        "The same dossier report as an Excel workbook, Vietnamese headings",
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
         {"schema": {"type": "string", "format": "binary"}}}),
}

_OVERVIEW_PARAMS = [*_PARAMS[:2], _PARAMS[3], _PARAMS[4], {
    "name": "trend", "in": "query", "required": False,
    "schema": {"type": "string", "enum": ["week", "month"]},
    "description": "Trend per week (Monday–Sunday) or calendar month; omitted: per week up to "
                   "62 days, per month beyond"}, {
    "name": "sort", "in": "query", "required": False,
    "schema": {"type": "string", "default": "name", "enum": [
        "name", "issued", "served", "no_show", "avg_wait_s", "p90_wait_s", "avg_service_s",
        "overdue", "overdue_share", "satisfaction_index", "dossiers_received",
        "dossiers_on_time_rate", "dossiers_overdue"]},
    "description": "Order of the sites within each tier (sites without a value last)"}, {
    "name": "desc", "in": "query", "required": False, "schema": {"type": "boolean"},
    "description": "Largest first"}]
_OVERVIEW_FIGURES = {
    **{name: _FIGURES[name] for name in (
        "issued", "served", "no_show", "overdue", "avg_wait_s", "p90_wait_s", "avg_service_s",
        "votes", "satisfaction_index")},
    "overdue_share": {"type": ["number", "null"], "description": "overdue / issued × 100"},
    "dossiers": {"type": ["object", "null"], "description": "dossiers received in the period "
                 "(received, on_time, late, in_progress, overdue, withdrawn, on_time_rate); "
                 "null where none were received",
                 "properties": _DOSSIER_ROW["properties"]}}
_OVERVIEW_ROW = {"type": "object", "properties": {
    "key": {"type": "string", "description": "site code"}, "label": {"type": "string"},
    "tier": {"type": "string", "enum": ["province", "commune"]}, **_OVERVIEW_FIGURES}}
_OVERVIEW_TIER = {"type": "object", "properties": {
    "key": {"type": "string"}, "label": {"type": "string"}, "label_en": {"type": "string"},
    "sites": {"type": "integer"}, **_OVERVIEW_FIGURES}}
_OVERVIEW = {"type": "object", "properties": {
    "from": {"type": "string"}, "to": {"type": "string"},
    "as_of": {"type": "string", "description": "day the dossiers' state is judged on"},
    "trend_unit": {"type": "string", "enum": ["week", "month"]},
    "sort": {"type": "string"}, "desc": {"type": "boolean"},
    "rows": {"type": "array", "items": _OVERVIEW_ROW,
             "description": "one row per site the caller may see, by tier"},
    "tiers": {"type": "array", "items": _OVERVIEW_TIER,
              "description": "a row per tier, computed over its sites' tickets together"},
    "total": _OVERVIEW_TIER,
    "trend": {"type": "array", "items": {"type": "object", "properties": {
        "from": {"type": "string"}, "to": {"type": "string"}, **_OVERVIEW_FIGURES}}}}}


def _overview_get(summary: str, content: dict) -> dict:
    return {"get": _get(summary, content)["get"] | {"parameters": _OVERVIEW_PARAMS}}


REPORT_PATHS |= {
    "/api/v1/reports/overview": _overview_get(
        "One row per site for a period, by tier, with subtotals, total and trend (leaders)",
        {"application/json": {"schema": _OVERVIEW}}),
    "/api/v1/reports/overview/export.csv": _overview_get(
        "The same overview as CSV, Vietnamese headings",
        {"text/csv": {"schema": {"type": "string"}}}),
    "/api/v1/reports/overview/export.xlsx": _overview_get(
        "The same overview as an Excel workbook (sites, then the trend), Vietnamese headings",
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
         {"schema": {"type": "string", "format": "binary"}}}),
}
