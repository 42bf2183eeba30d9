"""The public board (niêm yết) a TV posts besides calls."""

from datetime import datetime
from typing import Self

from sqlalchemy.orm import Session

from ..engine.days import VIETNAM
from ..engine.procedures import site_offers
from ..engine.roster import roster_for
from ..models import Site
from .common import Payload


class BoardProcedure(Payload):
    code: str
    name: str
    processing_days: int | float | None


class BoardField(Payload):
    service: str
    service_name: str
    procedures: list[BoardProcedure]


class BoardDuty(Payload):
    counter: int
    counter_name: str
    clerk_name: str
    starts: str
    ends: str


class PublicBoard(Payload):
    """What a display posts besides calls: procedures by field, today's roster, contacts."""

    site: str
    date: str
    fields: list[BoardField]
    roster: list[BoardDuty]
    feedback: dict

    @classmethod
    def of(cls, session: Session, site: Site, now: datetime) -> Self:
        """Build the board of ``site`` for the day of ``now``."""
        today = now.astimezone(VIETNAM).date()
        fields: dict[str, BoardField] = {}
        offers = sorted(site_offers(session, site), key=lambda offer: offer.service.sort_order)
        for offer in offers:
            field = fields.setdefault(
                offer.service.code,
                BoardField(
                    service=offer.service.code, service_name=offer.service.name, procedures=[]
                ),
            )
            field.procedures.append(
                BoardProcedure(
                    code=offer.procedure.code,
                    name=offer.procedure.name,
                    processing_days=offer.procedure.processing_days,
                )
            )
        roster = [
            BoardDuty(
                counter=entry.counter.number,
                counter_name=entry.counter.name,
                clerk_name=entry.user.full_name or entry.user.username,
                starts=entry.starts.strftime("%H:%M"),
                ends=entry.ends.strftime("%H:%M"),
            )
            for entry in roster_for(session, site, today, today)
        ]
        return cls(
            site=site.code,
            date=today.strftime("%d/%m/%Y"),
            fields=list(fields.values()),
            roster=roster,
            feedback=site.feedback_contact or {},
        )
