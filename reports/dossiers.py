"""What the dossier reports share: the query, the grouping labels and the grouped rows with
the counter outcomes and visits (``dossier_period.py`` counts the period; the leaders'
overview and the Decision 766 view read it).

Pure computation over the session, no Flask.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.days import VIETNAM
from server.models import Dossier, Service, Site, User
from server.models.dossier import CounterOutcome

from .compute import GroupedPeriod
from .dossier_visits import add_visit_figures

NO_SERVICE = "Chưa xác định lĩnh vực"
NO_CLERK = "Phần mềm một cửa, nhập từ tệp"


@dataclass(frozen=True)
class DossierQuery(GroupedPeriod):
    """What to report: days ``start``..``end``, grouping, sites (None = all)."""


def local_midnight(day: date) -> datetime:
    """Return the start of ``day`` in Vietnam as an aware datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=VIETNAM)


def grouped_rows(session: Session, query: DossierQuery, labels: "_Labels", counts: dict,
                 dossiers: list, summed: list[str], outcome_figures: dict[str, str]):
    """Add the period's counter outcomes (each to its figure in ``outcome_figures``) and the
    visits of ``dossiers`` to ``counts``, the figures of each group key; return the groups'
    rows by site and label, the totals row (the sum of each ``summed`` figure) and the visits'
    criteria."""
    for outcome in session.scalars(_outcomes(query, outcome_figures)):
        counts[labels.key(outcome)][outcome_figures[outcome.kind]] += 1
    distinct, criteria = add_visit_figures(session, labels, counts, dossiers)
    rows = sorted((labels.row(key) | figures for key, figures in counts.items()),
                  key=lambda row: (row["site"] or "", row["label"]))
    total = {"key": None, "label": "Tổng cộng", "site": None} | {
        name: sum(row[name] for row in rows) for name in summed} | distinct
    return rows, total, criteria


def _outcomes(query: DossierQuery, outcome_figures: dict[str, str]):
    statement = select(CounterOutcome).where(
        CounterOutcome.kind.in_(outcome_figures),
        CounterOutcome.at >= local_midnight(query.start),
        CounterOutcome.at < local_midnight(query.end + timedelta(days=1)))
    if query.site_ids is not None:
        statement = statement.where(CounterOutcome.site_id.in_(query.site_ids))
    return statement


class _Labels:
    """Group keys of dossiers and the label and site shown for each."""

    def __init__(self, session: Session, group: str):
        self.group = group
        self.sites = {site.id: site for site in session.scalars(select(Site))}
        self.services = ({s.id: s for s in session.scalars(select(Service))}
                         if group in ("field", "service") else {})
        self.clerks = ({u.id: u for u in session.scalars(select(User))}
                       if group == "clerk" else {})
        self.described: dict = {}

    def key(self, dossier: Dossier | CounterOutcome):
        site = self.sites[dossier.site_id].code
        if self.group == "site":
            key, label = site, self.sites[dossier.site_id].name
        elif self.group in ("field", "service"):
            service = self.services.get(dossier.service_id)
            key = f"{site}/{service.code}" if service else f"{site}/-"
            label = service.name if service else NO_SERVICE
        elif self.group == "procedure":
            key = f"{site}/{dossier.procedure_code or dossier.procedure_name}"
            label = dossier.procedure_name
        else:
            clerk = self.clerks.get(dossier.clerk_id)
            key = clerk.username if clerk else f"{site}/-"
            label = (clerk.full_name or clerk.username) if clerk else NO_CLERK
        self.described.setdefault(key, {"key": key, "label": label, "site": site})
        return key

    def row(self, key) -> dict:
        return dict(self.described[key])
