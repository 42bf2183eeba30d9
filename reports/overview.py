"""The leaders' overview: one row per site for a period, grouped by tier, with a trend.

Pure computation over the session, no Flask. Every figure means what it means in the period
report (``compute``) and the dossier report per period (``dossier_period``); definitions in
docs/reports.md.

* overdue_share = overdue / issued × 100, rounded to 0.1; None without tickets.
* A tier's row and the total row are computed over their tickets together (the p90 of a tier
  is the p90 of its tickets, not a mean of its sites' p90s), by the period report's engine,
  which reads rollups for closed days.
* The trend splits the period into weeks (Monday to Sunday) or calendar months, clipped to the
  period, over every site in scope.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.measures import overview_measures
from server.engine.search import fold
from server.models import SITE_TIERS, Site, utcnow

from .compute import PeriodTally, ReportQuery, tally_period
from .dossier_period import PERIOD_FIGURES, SUMS, count_period, dossier_rates
from .dossiers import DossierQuery
from .labels import natural_key
from .tally import Tally

# The dossier report's figures the overview shows, under the overview's older names.
DOSSIER_FIGURES = {"carried_over": "carried_over", "received": "received", "early": "early",
                   "on_time": "on_time", "late": "late", "in_progress": "in_progress",
                   "overdue": "overdue", "withdrawn": "withdrawn",
                   "supplement_guidance": "guidance", "refused": "refusals",
                   "on_time_rate": "on_time_rate", "avg_processing_days": "avg_processing_days"}
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
    sites = _sites_in_scope(session, query.site_ids)
    buckets = trend_buckets(query.start, query.end, query.trend_unit)
    days = _read_period(session, query, tuple(site.id for site in sites), buckets,
                        now or utcnow(), rollups)
    by_site, by_bucket = defaultdict(list), defaultdict(list)
    for (site_id, day), tally in days.buckets.items():
        by_site[site_id].append(tally)
        by_bucket[bisect_right(buckets, (day, date.max)) - 1].append(tally)
    site_tallies = {site.id: _merged(by_site[site.id]) for site in sites}
    dossiers = _dossiers_per_site(session, query, today)
    counted = {site.code: dossiers["rows"].get(site.code) for site in sites}
    rows = [{"key": site.code, "label": site.name, "tier": site.tier,
             **_figures(site_tallies[site.id]), "dossiers": _dossier_sum([counted[site.code]])}
            for site in sites]
    return {
        "from": query.start.isoformat(), "to": query.end.isoformat(),
        "as_of": dossiers["as_of"], "trend_unit": query.trend_unit,
        "rows": rows, "tiers": _tier_rows(sites, counted, site_tallies),
        "total": {"key": None, "label": "Tổng cộng", "sites": len(rows),
                  **_figures(days.total), "dossiers": _dossier_sum(list(counted.values()))},
        "trend": [{"from": first.isoformat(), "to": last.isoformat(),
                   **_figures(_merged(by_bucket[index]))}
                  for index, (first, last) in enumerate(buckets)],
    }


def _read_period(session: Session, query: OverviewQuery, site_ids: tuple[int, ...],
                 buckets: list[tuple[date, date]], now: datetime, rollups: bool
                 ) -> PeriodTally:
    """Tally the period once, per site and trend bucket from the rollups, per site and day
    for the open tickets (each day falls in its bucket).

    The rows, tiers and trend are sums of these tallies: today's open tickets are read once
    per request, not once for the rows, again for a tier and again for the trend.
    """
    return tally_period(session, ReportQuery(query.start, query.end, "site", site_ids,
                                             per_day=True), now, rollups=rollups,
                        periods=buckets)


def _merged(tallies: list[Tally]) -> Tally:
    """One tally of all of ``tallies`` (``Tally.merge``)."""
    merged = Tally()
    for tally in tallies:
        merged.merge(tally)
    return merged


def _tier_rows(sites: list[Site], counted: dict[str, dict | None],
               site_tallies: dict[int, Tally]) -> list[dict]:
    """A row per tier in scope, its queue figures computed over all its sites' tickets, its
    dossier figures over its sites' dossiers (``counted``: the period's counts per site)."""
    tiers = []
    for tier, (label, label_en) in SITE_TIERS.items():
        of_tier = [site for site in sites if site.tier == tier]
        if not of_tier:
            continue
        figures = _figures(_merged([site_tallies[site.id] for site in of_tier]))
        tiers.append({"key": tier, "label": label, "label_en": label_en, "sites": len(of_tier),
                      **figures,
                      "dossiers": _dossier_sum([counted[site.code] for site in of_tier])})
    return tiers


def _figures(tally: Tally) -> dict:
    row = tally.figures()
    row["overdue_share"] = (round(row["overdue"] * 100 / row["issued"], 1) if row["issued"]
                            else None)
    return {measure.name: row[measure.name] for measure in overview_measures()}


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
    """The dossier report per period, per site: ``{site code: counts}`` for the sites with
    dossiers to handle or counter outcomes in the period."""
    report = count_period(
        session, DossierQuery(query.start, query.end, "site", query.site_ids), today)
    return {"as_of": report["as_of"], "rows": {row["key"]: row for row in report["rows"]}}


def _dossier_sum(counted: list[dict | None]) -> dict | None:
    """The dossier figures of the sites' ``counted`` added up, with the period report's
    rates; None when none of them had any."""
    counted = [counts for counts in counted if counts]
    if not counted:
        return None
    row = dossier_rates({name: sum(counts[name] for counts in counted)
                         for name in PERIOD_FIGURES + SUMS})
    return {name: row[figure] for figure, name in DOSSIER_FIGURES.items()}


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
