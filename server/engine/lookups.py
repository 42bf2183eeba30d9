"""Finding the rows a request names: the default site, a ticket by its public code, a
service by its code."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Service, Site, Ticket, User
from .errors import not_found

PUBLIC_CODE_MAX = 32


def default_site(session: Session) -> Site | None:
    """Return the site used when none is named: the first one created."""
    return session.scalars(select(Site).order_by(Site.id)).first()


def site_by_code(session: Session, code: str) -> Site | None:
    """Return the site with ``code``, if any."""
    return session.scalar(select(Site).where(Site.code == code))


def user_site(session: Session, user: User) -> Site | None:
    """Return the user's own site, or the default site for staff of every site."""
    if user.site_id is not None:
        return session.get(Site, user.site_id)
    return default_site(session)


def ticket_by_public_code(session: Session, public_code: str) -> Ticket | None:
    """Return the ticket whose public code (the slip's QR code) is ``public_code``."""
    return session.scalar(
        select(Ticket).where(Ticket.public_code == public_code[:PUBLIC_CODE_MAX]))


def active_service(session: Session, site_id: int, code: str) -> Service:
    """Return the active service ``code`` of site ``site_id``, or refuse with 404."""
    service = session.scalar(select(Service).where(Service.site_id == site_id,
                                                   Service.code == code))
    if service is None or not service.active:
        raise not_found("unknown_service", f"Không có lĩnh vực mã “{code}”.",
                        f"There is no service with code '{code}'.")
    return service
