"""Visits linked to dossiers, and ratings per dossier: answers and the pad's event."""

from typing import Self

from pydantic import Field

from ..engine.dossier_ratings import Criterion
from ..models import Dossier, DossierRating, TicketDossier
from .common import Moment, Payload


class CriterionView(Payload):
    """One criterion the citizen rates 1..4."""

    key: str
    label: str
    label_en: str

    @classmethod
    def of(cls, criterion: Criterion) -> Self:
        """Describe ``criterion``."""
        return cls(key=criterion.key, label=criterion.label, label_en=criterion.label_en)


class DossierLinked(Payload):
    """A dossier linked to a visit: which, which visit, and whether the link is new."""

    code: str
    kind: str = Field(description="received (handed in) or returned (result collected)")
    ticket_id: int
    ticket_number: str
    counter: int | None
    status: str
    source: str
    at: Moment
    created: bool

    @classmethod
    def of(cls, link: TicketDossier, dossier: Dossier, *, created: bool) -> Self:
        """Describe ``link``."""
        counter = link.ticket.counter
        return cls(code=dossier.code, kind=link.kind, ticket_id=link.ticket_id,
                   ticket_number=link.ticket.number,
                   counter=counter.number if counter is not None else None,
                   status=dossier.status, source=link.source, at=link.at, created=created)


class DossierToRate(Payload):
    """``dossier_to_rate``: a dossier just received or returned at the pad's counter."""

    code: str
    kind: str
    procedure: str
    criteria: list[CriterionView]

    @classmethod
    def of(cls, link: TicketDossier, dossier: Dossier, criteria) -> Self:
        """Ask the pad to rate ``dossier``'s visit with ``criteria``."""
        return cls(code=dossier.code, kind=link.kind, procedure=dossier.procedure_name,
                   criteria=[CriterionView.of(criterion) for criterion in criteria])


class DossierRated(Payload):
    """A rating recorded for one dossier's visit."""

    code: str
    kind: str
    channel: str
    scores: dict[str, int]
    average: float
    satisfied: bool
    at: Moment

    @classmethod
    def of(cls, rating: DossierRating, dossier: Dossier, *, satisfied: bool) -> Self:
        """Describe ``rating``."""
        return cls(code=dossier.code, kind=rating.kind, channel=rating.channel,
                   scores=rating.scores, average=rating.average, satisfied=satisfied,
                   at=rating.at)
