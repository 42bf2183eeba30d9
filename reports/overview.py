"""The leaders' overview: one row per site for a period, grouped by tier, with a trend.

Pure computation over the session, no Flask. Every figure means what it means in the period
report (``compute``) and the dossier report (``dossiers``); definitions in docs/reports.md.

* overdue_share = overdue / issued × 100, rounded to 0.1; None without tickets.
* A tier's row and the total row are computed over their tickets together (the p90 of a tier
  is the p90 of its tickets, not a mean of its sites' p90s), by the period report's engine,
  which reads rollups for closed days.
* The trend splits the period into weeks (Monday to Sunday) or calendar months, clipped to the
  period, over every site in scope.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.search import fold
from server.models import SITE_TIERS, Site, utcnow

from .compute import ReportQuery, compute_report
from .dossiers import FIGURES as DOSSIER_FIGURES
from .dossiers import DossierQuery, _with_rate, compute_dossier_report
from .labels import natural_key

# Up to about two months the trend is weekly, beyond that monthly: 5–9 points either way.
WEEKLY_UP_TO_DAYS = 62


@dataclass(frozen=True)
class OverviewQuery:
    """Service days ``start``..``end`` over ``site_ids`` (None = every site), trend unit."""

    start: date
    end: date
    site_ids: tuple[int, ...] | None = None
    trend: str | None = None

    @property
    def trend_unit(self) -> str:
        if self.trend is not None:
            return self.trend
        return "week" if (self.end - self.start).days < WEEKLY_UP_TO_DAYS else "month"


def trend_buckets(start: date, end: date, unit: str) -> list[tuple[date, date]]:
    """Split ``start``..``end`` into weeks (Monday first) or months, clipped to the period."""
    buckets, first = [], start
    while first <= end:
        if unit == "week":
            last = first + timedelta(days=6 - first.weekday())
        else:
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            last = following - timedelta(days=1)
        buckets.append((first, min(last, end)))
        first = min(last, end) + timedelta(days=1)
    return buckets


def compute_overview(session: Session, query: OverviewQuery, today: date,
                     now: datetime | None = None, *, rollups: bool = True) -> dict:
    """Return one row per site in scope, a row per tier, a total row and the trend.

    ``rollups=False`` tallies every raw ticket instead (the slow reference answer).
    """
    now = now or utcnow()
    tally = partial(_queue_report, session, now=now, rollups=rollups)
    sites = _sites_in_scope(session, query.site_ids)
    site_ids = tuple(site.id for site in sites)
    by_site = tally(query.start, query.end, site_ids)
    queue = {row["key"]: row for row in by_site["rows"]}
    dossiers = _dossiers_per_site(session, query, today)
    rows = [{"key": site.code, "label": site.name, "tier": site.tier,
             **_figures(queue[site.code]), "dossiers": dossiers["rows"].get(site.code)}
            for site in sites]
    tiers = _tier_rows(tally, query, sites, rows, by_site)
    return {
        "from": query.start.isoformat(), "to": query.end.isoformat(),
        "as_of": dossiers["as_of"], "trend_unit": query.trend_unit,
        "rows": rows, "tiers": tiers,
        "total": {"key": None, "label": "Tổng cộng", "sites": len(rows),
                  **_figures(by_site["total"]), "dossiers": _dossier_sum(rows)},
        "trend": [{"from": first.isoformat(), "to": last.isoformat(),
                   **_figures(tally(first, last, site_ids)["total"])}
                  for first, last in trend_buckets(query.start, query.end, query.trend_unit)],
    }


def _tier_rows(tally, query: OverviewQuery, sites: list[Site], rows: list[dict],
               by_site: dict) -> list[dict]:
    """A row per tier in scope, its queue figures computed over all its sites' tickets."""
    queue = {row["key"]: row for row in by_site["rows"]}
    tiers = []
    for tier, (label, label_en) in SITE_TIERS.items():
        of_tier = [site for site in sites if site.tier == tier]
        if not of_tier:
            continue
        if len(of_tier) == 1:  # a province has one provincial centre: its row is the tier's
            figures = queue[of_tier[0].code]
        elif len(of_tier) == len(sites):
            figures = by_site["total"]
        else:
            figures = tally(query.start, query.end, tuple(site.id for site in of_tier))["total"]
        tier_rows = [row for row in rows if row["tier"] == tier]
        tiers.append({"key": tier, "label": label, "label_en": label_en, "sites": len(of_tier),
                      **_figures(figures), "dossiers": _dossier_sum(tier_rows)})
    return tiers


def _queue_report(session: Session, start: date, end: date, site_ids: tuple[int, ...], *,
                  now: datetime, rollups: bool) -> dict:
    """The period report per site over ``site_ids``; its total is over all their tickets."""
    return compute_report(session, ReportQuery(start, end, "site", site_ids), now,
                          rollups=rollups)


def _figures(row: dict) -> dict:
    share = round(row["overdue"] * 100 / row["issued"], 1) if row["issued"] else None
    return {name: row[name] for name in (
        "issued", "served", "no_show", "overdue", "avg_wait_s", "p90_wait_s", "avg_service_s",
        "votes", "satisfaction_index")} | {"overdue_share": share}


def _sites_in_scope(session: Session, site_ids: tuple[int, ...] | None) -> list[Site]:
    """Sites in scope, the provincial centre(s) first, then by name as the province lists them."""
    statement = select(Site)
    if site_ids is not None:
        statement = statement.where(Site.id.in_(site_ids))
    tier_order = list(SITE_TIERS)
    return sorted(session.scalars(statement),
                  key=lambda site: (tier_order.index(site.tier) if site.tier in tier_order
                                    else len(tier_order), name_key(site.name), site.id))


def name_key(name: str) -> tuple:
    """Sort Vietnamese names as a reader expects: "Đức" with "D", "Phường 2" before "10"."""
    return natural_key(fold(name)), name


def _dossiers_per_site(session: Session, query: OverviewQuery, today: date) -> dict:
    """The dossier report per site: ``{site code: figures}`` for sites that received any."""
    report = compute_dossier_report(
        session, DossierQuery(query.start, query.end, "site", query.site_ids), today)
    return {"as_of": report["as_of"],
            "rows": {row["key"]: _dossier_figures(row) for row in report["rows"]}}


def _dossier_figures(row: dict) -> dict:
    return {name: row[name] for name in (*DOSSIER_FIGURES, "on_time_rate")}


def _dossier_sum(rows: list[dict]) -> dict | None:
    """Add up the dossier figures of ``rows``; None when none of them received any."""
    counted = [row["dossiers"] for row in rows if row["dossiers"]]
    if not counted:
        return None
    return _with_rate({name: sum(figures[name] for figures in counted)
                       for name in DOSSIER_FIGURES})


SORT_KEYS = ("name", "issued", "served", "no_show", "avg_wait_s", "p90_wait_s", "avg_service_s",
             "overdue", "overdue_share", "satisfaction_index", "dossiers_received",
             "dossiers_on_time_rate", "dossiers_overdue")


def sort_rows(rows: list[dict], key: str, descending: bool = False) -> list[dict]:
    """Order site rows by ``key`` within each tier; sites without a value always come last."""
    tier_order = {tier: index for index, tier in enumerate(SITE_TIERS)}

    def value(row):
        if key == "name":
            return name_key(row["label"])
        if key.startswith("dossiers_"):
            return (row["dossiers"] or {}).get(key.removeprefix("dossiers_"))
        return row[key]

    present = sorted((row for row in rows if value(row) is not None), key=value,
                     reverse=descending)
    ordered = present + [row for row in rows if value(row) is None]
    return sorted(ordered, key=lambda row: tier_order.get(row["tier"], len(tier_order)))
