"""Citizens' ratings of a dossier's visit, per the province's criteria, from the pad or a phone.

One rating per dossier and visit: the visit that handed it in, and the one that collected
the result. The pad rates a dossier just linked at its counter; the phone page rates the
dossier's latest visit later, by its code.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Counter, Dossier, Ticket, utcnow
from ..models.dossier import RETURNED
from ..models.dossier_link import LINK_RECEIVED, LINK_RETURNED, DossierRating, TicketDossier
from .errors import QueueError, forbidden, not_found
from .webhook_events import dossier_rated

# A rating whose criteria average this or more is "satisfied" (Hài lòng or Rất hài lòng).
SATISFIED_FROM = 3.0


@dataclass(frozen=True)
class Criterion:
    """One thing the citizen rates 1..4, with its Vietnamese and English wording."""

    key: str
    label: str
    label_en: str


DEFAULT_CRITERIA = (
    Criterion("attitude", "Thái độ của cán bộ", "Attitude of the officer"),
    Criterion("guidance", "Hướng dẫn rõ ràng", "Clarity of guidance"),
    Criterion("time", "Thời gian giải quyết", "Time taken"),
    Criterion("result", "Kết quả", "Result"),
)


def rating_criteria(configured) -> tuple[Criterion, ...]:
    """Read the criteria from configuration, or the default four.

    A list of ``{"key", "label", "label_en"}`` (qms.toml) or ``"key:nhãn:label|…"``
    (``QMS_DOSSIER_RATING_CRITERIA``).
    """
    if isinstance(configured, str):
        configured = [dict(zip(("key", "label", "label_en"), part.split(":"), strict=False))
                      for part in configured.split("|") if part.strip()]
    criteria = tuple(
        Criterion(str(item["key"]).strip()[:32], str(item.get("label") or item["key"])[:100],
                  str(item.get("label_en") or item.get("label") or item["key"])[:100])
        for item in configured or () if str(item.get("key", "")).strip())
    return criteria or DEFAULT_CRITERIA


def already_rated() -> QueueError:
    """Build the 409 for a visit of a dossier rated before."""
    return QueueError("already_rated", "Hồ sơ này đã được đánh giá cho lượt này rồi.",
                      "This dossier has already been rated for this visit.")


def check_scores(scores: dict, criteria: tuple[Criterion, ...]) -> dict:
    """Return ``scores`` if it rates every criterion, and only those, 1..4; else refuse (422)."""
    keys = {criterion.key for criterion in criteria}
    if set(scores) != keys or not all(
            isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4
            for value in scores.values()):
        raise QueueError("invalid_scores", "Cần chấm mỗi tiêu chí từ 1 đến 4.",
                         f"Rate each criterion 1..4: {', '.join(sorted(keys))}.", 422)
    return {criterion.key: scores[criterion.key] for criterion in criteria}


def _store(session: Session, rating: DossierRating, dossier: Dossier) -> DossierRating:
    try:
        # A savepoint, so a second rating sent at the same moment fails alone.
        with session.begin_nested():
            session.add(rating)
    except IntegrityError as error:
        raise already_rated() from error
    dossier_rated(session, rating, dossier)  # the webhooks' "rating recorded"
    return rating


def _rating(dossier: Dossier, scores: dict, kind: str, channel: str, now: datetime,
            link: TicketDossier | None, **extra) -> DossierRating:
    clerk_id = link.clerk_id if link is not None else None
    if clerk_id is None and kind == LINK_RECEIVED:
        clerk_id = dossier.clerk_id
    return DossierRating(
        dossier_id=dossier.id, kind=kind, ticket_id=link.ticket_id if link else None,
        site_id=dossier.site_id, counter_id=link.counter_id if link else dossier.counter_id,
        clerk_id=clerk_id, channel=channel, scores=scores,
        average=round(sum(scores.values()) / len(scores), 2), at=now, **extra)


def is_rated(session: Session, dossier: Dossier, kind: str) -> bool:
    """Tell whether ``dossier``'s visit of ``kind`` has been rated."""
    return session.scalar(select(DossierRating.id).where(
        DossierRating.dossier_id == dossier.id, DossierRating.kind == kind)) is not None


def pad_link(session: Session, dossier: Dossier, counter: Counter, window_s: float,
             now: datetime | None = None, ticket_id: int | None = None) -> TicketDossier:
    """Return the link a counter's pad may rate: made at that counter (during visit
    ``ticket_id`` when named), within the window."""
    now = now or utcnow()
    statement = select(TicketDossier).where(
        TicketDossier.dossier_id == dossier.id, TicketDossier.counter_id == counter.id)
    if ticket_id is not None:
        statement = statement.where(TicketDossier.ticket_id == ticket_id)
    link = session.scalars(statement.order_by(TicketDossier.id.desc())).first()
    if link is None:
        raise forbidden("dossier_other_counter",
                        "Máy đánh giá chỉ đánh giá hồ sơ vừa tiếp nhận hoặc trả tại quầy mình.",
                        "A vote pad only rates dossiers just handled at its own counter.")
    if now - link.at > timedelta(seconds=window_s):
        raise QueueError("rating_window_over", "Đã hết thời gian đánh giá tại quầy; có thể "
                         "đánh giá bằng mã QR trên phiếu hẹn.", "The time to rate at the "
                         "counter is over; rate with the QR code on the receipt.")
    return link


def rate_at_pad(session: Session, dossier: Dossier, counter: Counter, scores: dict, *,
                device_id: int | None, window_s: float, now: datetime | None = None,
                ticket_id: int | None = None) -> DossierRating:
    """Record the pad's rating of the dossier just received or returned at its counter."""
    now = now or utcnow()
    link = pad_link(session, dossier, counter, window_s, now, ticket_id)
    if is_rated(session, dossier, link.kind):
        raise already_rated()
    return _store(session, _rating(dossier, scores, link.kind, "pad", now, link,
                                   device_id=device_id), dossier)


def rate_by_code(session: Session, dossier: Dossier, scores: dict,
                 now: datetime | None = None,
                 link: TicketDossier | None = None) -> DossierRating:
    """Record a rating sent later from the phone page: it rates the visit ``link`` records,
    else the dossier's latest visit."""
    now = now or utcnow()
    if link is not None:
        kind = link.kind
    else:
        kind = LINK_RETURNED if dossier.status == RETURNED else LINK_RECEIVED
    if is_rated(session, dossier, kind):
        raise already_rated()
    if link is None:
        link = session.scalar(select(TicketDossier).where(
            TicketDossier.dossier_id == dossier.id, TicketDossier.kind == kind))
    return _store(session, _rating(dossier, scores, kind, "phone", now, link), dossier)


def not_linked() -> QueueError:
    """Build the 404 for a dossier named with a visit it did not come with."""
    return not_found("not_linked", "Hồ sơ này không gắn với lượt phục vụ đó.",
                     "This dossier is not linked to that visit.")


def visit_link(session: Session, ticket: Ticket,
               dossier: Dossier | None = None) -> TicketDossier:
    """Return the link of visit ``ticket`` to rate: the one to ``dossier`` when named, else
    its only dossier not rated yet.

    404 not_linked (the dossier did not come with that visit) or nothing_to_rate (no dossier
    came with it), 409 already_rated, 422 dossier_required (several wait for a rating).
    """
    statement = select(TicketDossier).where(TicketDossier.ticket_id == ticket.id)
    if dossier is not None:
        statement = statement.where(TicketDossier.dossier_id == dossier.id)
    links = session.scalars(statement.order_by(TicketDossier.id)).all()
    if not links:
        if dossier is not None:
            raise not_linked()
        raise not_found("nothing_to_rate", "Lượt phục vụ này không có hồ sơ để đánh giá.",
                        "No dossier came with this visit.")
    waiting = [link for link in links if not is_rated(session, link.dossier, link.kind)]
    if not waiting:
        raise already_rated()
    if len(waiting) > 1:
        raise QueueError("dossier_required", "Lượt này có nhiều hồ sơ: cần ghi rõ mã hồ sơ.",
                         "Several dossiers came with this visit: name the dossier.", 422)
    return waiting[0]


def is_satisfied(rating: DossierRating) -> bool:
    """Tell whether a rating counts as satisfied in the Decision 766 figures."""
    return rating.average >= SATISFIED_FROM


def links_to_rate(session: Session, counter: Counter, window_s: float,
                  now: datetime | None = None) -> list[TicketDossier]:
    """Return the links, made within the window, of the visit ``counter`` serves (else the one
    it has just finished) whose rating is still missing; earlier citizens have left."""
    since = (now or utcnow()) - timedelta(seconds=window_s)
    visit = counter.current_ticket_id or counter.last_finished_ticket_id
    links = session.scalars(select(TicketDossier).where(
        TicketDossier.counter_id == counter.id, TicketDossier.ticket_id == visit,
        TicketDossier.at >= since).order_by(TicketDossier.id)).all()
    return [link for link in links if not is_rated(session, link.dossier, link.kind)]
