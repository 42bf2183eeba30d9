"""Keys, labels and order of report rows: sites, services, counters and clerks."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Counter, Procedure, Service, Site, User

NOT_CALLED = {"key": None, "label": "Chưa được gọi", "site": None, "order": (10**9,)}
NO_PROCEDURE = {"key": None, "label": "Không gắn thủ tục", "site": None, "order": ("\uffff",)}


def describe(session: Session, group: str, site_ids: tuple[int, ...] | None,
             seen_ids: set) -> dict:
    """Return ``{group id: {key, label, site, order}}`` for every entity in scope or seen.

    Entities of the sites in scope are listed even without tickets, so an idle counter shows
    as a row of zeros; a ``None`` id (ticket never called) gets the "not called" row.
    """
    sites = {site.id: site for site in session.scalars(select(Site))}
    entities = _DESCRIBERS[group](session, sites, site_ids, seen_ids - {None})
    if None in seen_ids:
        entities[None] = NO_PROCEDURE if group == "procedure" else NOT_CALLED
    return entities


def natural_key(text: str) -> tuple:
    """Sort "Cán bộ quầy 2" before "Cán bộ quầy 10": digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part.casefold()
                 for part in re.split(r"(\d+)", text))


def _in_scope(site_id, site_ids) -> bool:
    return site_ids is None or site_id in site_ids


def _sites(session, sites, site_ids, seen_ids):
    return {site.id: {"key": site.code, "label": site.name, "site": site.code,
                      "order": (site.id,)}
            for site in sites.values() if _in_scope(site.id, site_ids) or site.id in seen_ids}


def _services(session, sites, site_ids, seen_ids):
    return {service.id: {"key": f"{sites[service.site_id].code}/{service.code}",
                         "label": service.name, "site": sites[service.site_id].code,
                         "order": (service.site_id, service.sort_order, service.id)}
            for service in session.scalars(select(Service))
            if _in_scope(service.site_id, site_ids) or service.id in seen_ids}


def _counters(session, sites, site_ids, seen_ids):
    return {counter.id: {"key": f"{sites[counter.site_id].code}/{counter.number}",
                         "label": counter.name or f"Quầy {counter.number}",
                         "site": sites[counter.site_id].code,
                         "order": (counter.site_id, counter.number, counter.id)}
            for counter in session.scalars(select(Counter))
            if _in_scope(counter.site_id, site_ids) or counter.id in seen_ids}


def _clerks(session, sites, site_ids, seen_ids):
    def wanted(user):
        in_scope = user.site_id is not None and _in_scope(user.site_id, site_ids)
        return user.id in seen_ids or (user.role == "clerk" and in_scope)

    return {user.id: {"key": user.username, "label": user.full_name or user.username,
                      "site": sites[user.site_id].code if user.site_id else None,
                      "order": (user.site_id or 0, natural_key(user.full_name or user.username),
                                user.id)}
            for user in session.scalars(select(User)) if wanted(user)}


def _procedures(session, sites, site_ids, seen_ids):
    # Only procedures tickets were taken for: a catalogue of thousands is not a table.
    return {procedure.id: {"key": procedure.code, "label": procedure.name, "site": None,
                           "order": (procedure.name,)}
            for procedure in session.scalars(select(Procedure).where(Procedure.id.in_(seen_ids)))}


_DESCRIBERS = {"site": _sites, "service": _services, "counter": _counters, "clerk": _clerks,
               "procedure": _procedures}
