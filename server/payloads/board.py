"""The public board (niêm yết) a TV posts besides calls."""

from datetime import datetime

from sqlalchemy.orm import Session

from ..engine.days import VIETNAM
from ..engine.procedures import site_offers
from ..engine.roster import roster_for
from ..models import Site


def public_board(session: Session, site: Site, now: datetime) -> dict:
    """Build what a display posts besides calls: procedures by field, today's roster, contacts."""
    today = now.astimezone(VIETNAM).date()
    fields: dict[str, dict] = {}
    offers = sorted(site_offers(session, site), key=lambda offer: offer.service.sort_order)
    for offer in offers:
        field = fields.setdefault(offer.service.code, {
            "service": offer.service.code, "service_name": offer.service.name, "procedures": []})
        field["procedures"].append({"code": offer.procedure.code, "name": offer.procedure.name,
                                    "processing_days": offer.procedure.processing_days})
    roster = [{"counter": entry.counter.number, "counter_name": entry.counter.name,
               "clerk_name": entry.user.full_name or entry.user.username,
               "starts": entry.starts.strftime("%H:%M"), "ends": entry.ends.strftime("%H:%M")}
              for entry in roster_for(session, site, today, today)]
    return {"site": site.code, "date": today.strftime("%d/%m/%Y"), "fields": list(fields.values()),
            "roster": roster, "feedback": site.feedback_contact or {}}
