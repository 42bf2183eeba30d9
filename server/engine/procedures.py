"""The procedure catalogue: saving procedures for a site and finding them for citizens."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Procedure, ProcedureForm, ProcedureOffer, Service, Site
from .errors import QueueError, not_found
from .lookups import active_service
from .procedure_codes import code_is, local_suffix, national_code
from .records import FormLink, ProcedureRecord
from .search import Document, fold, score


def search_text(procedure: Procedure) -> str:
    """Return what searches read, folded once when saved: name, codes (national and local),
    keywords (tab-separated)."""
    codes = ";".join(fold(code) for code in (procedure.code, procedure.local_code) if code)
    return "\t".join((fold(procedure.name), codes, fold(procedure.keywords)))


def save_procedure(session: Session, site: Site, record: ProcedureRecord) -> str:
    """Create or update the procedure ``record.code`` offered at ``site``.

    Returns "created", "updated" or "unchanged", so a second import reports no change.
    """
    record = with_national_code(record)
    service = site_service(session, site, record.service)
    procedure = session.scalar(select(Procedure).where(code_is(record.code)))
    if procedure is None:
        procedure = Procedure(code=record.code)
        session.add(procedure)
    before = _current_record(procedure, site)
    fields = record.model_dump(exclude={"code", "service", "documents", "forms"})
    for key, value in fields.items():
        setattr(procedure, key, value)
    procedure.documents = [document.model_dump() for document in record.documents]
    procedure.channel_terms = {channel: terms.model_dump(exclude_defaults=True)
                               for channel, terms in record.channel_terms.items()}
    procedure.search_text = search_text(procedure)
    _set_links(procedure, record.forms)
    _offer(procedure, site, service)
    session.flush()
    if before is None:
        return "created"
    return "unchanged" if before == record else "updated"


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one record did at a site.

    ``status``: "created" (new to the catalogue), "offered" (a procedure of the shared
    catalogue now offered here too), "updated" or "unchanged". ``shared_with``: the other
    sites that offer it and read the same text. ``text``: "same", "changed" (the shared text
    was rewritten, for ``shared_with`` too) or "kept" (the file's text differs, and was left
    as it is: only the system admin changes shared text).
    """

    status: str
    shared_with: tuple[str, ...] = ()
    text: str = "same"


# What every site offering a procedure reads alike; the rest (its field) is the site's own.
SHARED_FIELDS = frozenset(ProcedureRecord.model_fields) - {"code", "service"}


def import_procedure(session: Session, site: Site, record: ProcedureRecord, *,
                     shared_text: bool = False) -> ImportOutcome:
    """Offer ``record.code`` at ``site`` in the record's field, as an import does.

    A procedure no other site offers takes the record's text. One that other sites offer
    keeps its shared text unless ``shared_text`` (the system admin's import) says to
    rewrite it for every site that offers it.
    """
    record = with_national_code(record)
    procedure = session.scalar(select(Procedure).where(code_is(record.code)))
    if procedure is None:
        return ImportOutcome(save_procedure(session, site, record))
    others = tuple(sorted(offer.site.code for offer in procedure.offers
                          if offer.site_id != site.id))
    offered_here = any(offer.site_id == site.id for offer in procedure.offers)
    same_text = _shared_text(procedure) == record.model_dump(include=SHARED_FIELDS)
    if same_text or not others or shared_text:
        status = save_procedure(session, site, record)
        text = "same" if same_text or not others else "changed"
    else:
        service = site_service(session, site, record.service)
        before = offered_here and _offer_service(procedure, site)
        _offer(procedure, site, service)
        session.flush()
        status = "unchanged" if before == service.code else "updated"
        text = "kept"
    if not offered_here:
        status = "offered"
    return ImportOutcome(status, others, text)


def with_national_code(record: ProcedureRecord) -> ProcedureRecord:
    """Return ``record`` known by its national code, a local one kept as ``local_code``."""
    if not local_suffix(record.code):
        return record
    return record.model_copy(update={"code": national_code(record.code),
                                     "local_code": record.local_code or record.code})


def _shared_text(procedure: Procedure) -> dict:
    site = procedure.offers[0].site if procedure.offers else None
    if site is None:
        return {}
    return record_of(procedure, site).model_dump(include=SHARED_FIELDS)


def _offer_service(procedure: Procedure, site: Site) -> str:
    return next(offer.service.code for offer in procedure.offers if offer.site_id == site.id)


def _current_record(procedure: Procedure, site: Site) -> ProcedureRecord | None:
    if procedure.id is None or not any(o.site_id == site.id for o in procedure.offers):
        return None
    return record_of(procedure, site)


def _set_links(procedure: Procedure, links: list[FormLink]) -> None:
    # Uploaded files are kept; linked forms are replaced by what the record lists.
    kept = [form for form in procedure.forms if form.stored_name]
    procedure.forms = kept + [ProcedureForm(name=link.name, external_url=link.url)
                              for link in links]


def _offer(procedure: Procedure, site: Site, service: Service) -> None:
    for offer in procedure.offers:
        if offer.site_id == site.id:
            offer.service = service
            return
    procedure.offers.append(ProcedureOffer(site=site, service=service))


def site_service(session: Session, site: Site, code: str) -> Service:
    """Return the active field ``code`` of ``site``, or refuse."""
    return active_service(session, site.id, code)


def record_of(procedure: Procedure, site: Site) -> ProcedureRecord:
    """Describe ``procedure`` as ``site`` offers it, in the import/export shape."""
    offer = next(offer for offer in procedure.offers if offer.site_id == site.id)
    return ProcedureRecord(
        code=procedure.code, local_code=procedure.local_code, name=procedure.name,
        service=offer.service.code,
        level=procedure.level, documents=procedure.documents,
        processing_days=procedure.processing_days, fee=procedure.fee,
        fee_amount=procedure.fee_amount, legal_basis=procedure.legal_basis,
        submit_at=procedure.submit_at, online_url=procedure.online_url,
        keywords=procedure.keywords, active=procedure.active,
        channel_terms=procedure.channel_terms or {},
        forms=[FormLink(name=form.name, url=form.external_url)
               for form in procedure.forms if form.external_url])


def site_offers(session: Session, site: Site, *, service_code: str | None = None,
                include_inactive: bool = False) -> list[ProcedureOffer]:
    """Return the procedures ``site`` offers, in fields that are active, by name."""
    query = (select(ProcedureOffer).join(ProcedureOffer.procedure).join(ProcedureOffer.service)
             .where(ProcedureOffer.site_id == site.id, Service.active.is_(True))
             .options(selectinload(ProcedureOffer.procedure), selectinload(ProcedureOffer.service))
             .order_by(Procedure.name))
    if not include_inactive:
        query = query.where(Procedure.active.is_(True))
    if service_code:
        query = query.where(Service.code == service_code)
    return list(session.scalars(query))


# What a list shows of each hit; the procedure's page reads the rest by code.
SUMMARY_COLUMNS = (Procedure.code, Procedure.name, Service.code, Service.name, Procedure.level,
                   Procedure.processing_days)
SUMMARY_KEYS = ("code", "name", "service", "service_name", "level", "processing_days")


@dataclass(frozen=True)
class SearchPage:
    """One page of ranked hits and how many matched in all."""

    total: int
    procedures: list[dict]


def search_procedures(session: Session, site: Site, query: str = "", *,
                      service_code: str | None = None, limit: int = 50,
                      offset: int = 0) -> SearchPage:
    """Rank the site's active procedures against ``query``, best first, ignoring tone marks.

    Answers one page of summaries (code, name, field, level, days) read in the same single
    query as the folded text that ranking needs: no row is loaded twice.
    """
    folded = fold(query)
    # Through the connection: plain rows, without the ORM's per-row bookkeeping.
    rows = session.connection().execute(
        select(Procedure.search_text, *SUMMARY_COLUMNS, Procedure.id)
        .join(ProcedureOffer, ProcedureOffer.procedure_id == Procedure.id)
        .join(Service, Service.id == ProcedureOffer.service_id)
        .where(ProcedureOffer.site_id == site.id, Procedure.active.is_(True),
               Service.active.is_(True), *([Service.code == service_code] if service_code else []))
    ).all()
    field_words: dict[str, str] = {}
    ranked = []
    for row in rows:
        text, _code, name, field_code, field_name = row[:5]
        if field_code not in field_words:
            field_words[field_code] = fold(f"{field_code} {field_name}")
        folded_name, folded_codes, keywords = text.split("\t")
        codes = folded_codes.split(";")  # the national code, then a local one
        document = Document(name=folded_name, code=folded if folded in codes else codes[0],
                            extra=f"{keywords} {field_words[field_code]}")
        points = score(folded, document)
        if points:
            # Equal matches keep the catalogue's order, which lists the everyday procedures
            # of a field first: "chung thuc" must find "Chứng thực bản sao…" before the
            # shorter but rarer "Chứng thực di chúc".
            ranked.append((-points, row[-1], row))
    ranked.sort(key=lambda item: item[:2])
    return SearchPage(total=len(ranked), procedures=[
        dict(zip(SUMMARY_KEYS, item[2][1:-1], strict=True))
        for item in ranked[offset:offset + limit]])


def find_offer(session: Session, site: Site, code: str) -> ProcedureOffer:
    """Return the active procedure ``code`` as ``site`` offers it, or refuse."""
    offer = session.scalar(
        select(ProcedureOffer).join(ProcedureOffer.procedure)
        .where(ProcedureOffer.site_id == site.id, code_is(code)))
    if offer is None:
        raise not_found("unknown_procedure", f"Đơn vị không có thủ tục mã “{code}”.",
                        f"The site offers no procedure with code '{code}'.")
    if not offer.procedure.active or not offer.service.active:
        raise QueueError("procedure_inactive",
                         f"Thủ tục “{offer.procedure.name}” hiện không tiếp nhận.",
                         f"Procedure {code} is not accepted at present.", status=409)
    return offer
