"""One run of a source: fetch the changes since its cursor, page by page, apply each record on
its own, then record the run. A record that cannot be applied is logged and listed, and the run
goes on; a feed that cannot be read keeps the cursor and backs off."""

import logging
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..background import every
from ..engine.dossier_feed import (
    FeedMapping,
    FeedRecord,
    MappingError,
    RecordError,
    first_since,
    load_mapping,
    map_record,
    page_items,
    page_url,
)
from ..engine.dossiers import Receipt, upsert_from_software
from ..engine.errors import QueueError
from ..engine.handovers import sync_steps
from ..engine.log import SYSTEM
from ..extensions import socketio
from ..models import Dossier, DossierEvent, DossierPullSource, Site, utcnow
from ..models.dossier_pull import PULL_FAILED, PULL_OK, PULL_PARTIAL
from ..storage import unit_of_work
from .fetch import FeedUnavailable, auth_headers, fetch_json

log = logging.getLogger(__name__)
# Skipped records listed for the admin per run; the log has every one.
LISTED_ERRORS = 20
SOURCE = "pull"


@dataclass
class PullResult:
    """What one run of a source did."""

    source: str
    since: datetime
    fetched: int = 0
    created: int = 0
    changed: int = 0
    errors: list[str] = field(default_factory=list)
    newest: datetime | None = None  # the newest remote change time among the records
    complete: bool = True  # False: the page cap stopped the run before the feed's end
    failure: str = ""

    @property
    def skipped(self) -> int:
        return len(self.errors)

    @property
    def outcome(self) -> str:
        return PULL_FAILED if self.failure else PULL_PARTIAL if self.errors else PULL_OK


def mapping_folder(app: Flask) -> Path:
    """Return the folder whose ``*.toml`` and ``*.json`` files are the sources."""
    return Path(app.config.get("DOSSIER_PULL_DIR") or Path(app.instance_path) / "dossier_feeds")


def load_sources(app: Flask) -> tuple[list[FeedMapping], dict[str, str]]:
    """Return the sources of the mapping folder, and the files refused with the reason."""
    folder, mappings, refused = mapping_folder(app), [], {}
    paths = sorted([*folder.glob("*.toml"), *folder.glob("*.json")]) if folder.is_dir() else []
    for path in paths:
        try:
            mappings.append(load_mapping(path))
        except MappingError as error:
            refused[path.stem] = str(error)
    return mappings, refused


def run_source(app: Flask, mapping: FeedMapping, *, since: datetime | None = None,
               dry_run: bool = False, now: datetime | None = None) -> PullResult:
    """Pull ``mapping``'s source once and record the run (a dry run records nothing).

    No transaction stays open while the feed answers, and each record is applied in its own:
    on SQLite every transaction holds the database's one write lock, which a slow feed would
    otherwise take from every call and issue.
    """
    now = now or utcnow()
    with closing(app.extensions["qms_sessions"]()) as session:
        cursor = session.scalar(select(DossierPullSource.cursor)
                                .where(DossierPullSource.name == mapping.name))
    result = PullResult(mapping.name, since or cursor or first_since(mapping, now))
    pull(app, mapping, result, dry_run=dry_run)
    if not dry_run:
        with unit_of_work(app) as session:
            record_run(source_state(session, mapping.name), mapping, result, now,
                       app.config["DOSSIER_PULL_BACKOFF_CAP_S"])
    _log_run(result, dry_run)
    return result


def source_state(session: Session, name: str) -> DossierPullSource:
    """Return the stored state of source ``name``, created on its first run."""
    state = session.scalar(select(DossierPullSource).where(DossierPullSource.name == name))
    if state is None:
        state = DossierPullSource(name=name, last_result="", fetched=0, changed=0, skipped=0,
                                  last_error="", record_errors="", failures=0)
        session.add(state)
        session.flush()
    return state


def pull(app: Flask, mapping: FeedMapping, result: PullResult, *, dry_run: bool) -> None:
    """Fetch every page since ``result.since`` (up to ``max_pages``) and apply its records."""
    try:
        headers, secrets = auth_headers(mapping, Path(app.instance_path))
        for index in range(mapping.max_pages):
            body = fetch_json(page_url(mapping, result.since, index), headers, mapping, secrets)
            try:
                items, total = page_items(mapping, body)
            except RecordError as error:
                raise FeedUnavailable(str(error)) from None
            for raw in items:
                apply_raw(app, mapping, raw, result, dry_run=dry_run)
                socketio.sleep(0)
            if _last_page(mapping, index, len(items), total):
                return
        result.complete = False
    except FeedUnavailable as error:
        result.failure = str(error)


def _last_page(mapping: FeedMapping, index: int, count: int, total: int | None) -> bool:
    kind, size = mapping.paging.get("kind", "none"), int(mapping.paging.get("size", 100))
    if kind == "none" or count == 0 or count < size:
        return True
    return total is not None and (index + 1) * size >= total


def apply_raw(app: Flask, mapping: FeedMapping, raw, result: PullResult, *,
              dry_run: bool) -> None:
    """Apply one raw record in its own transaction; a bad one is listed, the others go on."""
    result.fetched += 1
    session = app.extensions["qms_sessions"]()
    try:
        record = map_record(mapping, raw)
        if record.updated_at and (result.newest is None or record.updated_at > result.newest):
            result.newest = record.updated_at
        created, changed = apply_record(session, record, _site(session, record))
        session.rollback() if dry_run else session.commit()
    except (RecordError, QueueError, IntegrityError) as error:
        session.rollback()
        message = _record_failure(mapping, raw, error)
        result.errors.append(message)
        log.warning("dossier pull %s: record skipped: %s", mapping.name, message)
        return
    finally:
        session.close()
    result.created += created
    result.changed += changed


def _record_failure(mapping: FeedMapping, raw, error: Exception) -> str:
    if isinstance(error, RecordError):
        return str(error)
    if isinstance(error, QueueError):
        return f"{_code_of(mapping, raw)}: {error.code}: {error.message_en}"
    # Another server process (or a PUT) created the same dossier at that moment.
    return (f"{_code_of(mapping, raw)}: created elsewhere at the same moment; "
            "not applied by this run")


def _code_of(mapping: FeedMapping, raw) -> str:
    code = raw.get(mapping.fields["code"]) if isinstance(raw, dict) else None
    return str(code)[:64] if isinstance(code, str | int) else "?"


def _site(session: Session, record: FeedRecord) -> Site:
    site = session.scalar(select(Site).where(Site.code == record.site_code))
    if site is None:
        raise RecordError(f"{record.code}: no site with code '{record.site_code}'")
    return site


def apply_record(session: Session, record: FeedRecord, site: Site) -> tuple[bool, bool]:
    """Create or update the dossier of ``record``; return whether it was created, changed."""
    existing = session.scalar(select(Dossier).where(Dossier.code == record.code))
    if existing is not None and existing.site_id != site.id:
        raise RecordError(f"{record.code}: the code belongs to another site")
    before = _event_count(session, existing)
    receipt = Receipt(procedure_name=record.procedure, procedure_code=record.procedure_code,
                      applicant_name=record.applicant, phone=record.phone,
                      due_date=record.due)
    dossier, created = upsert_from_software(
        session, site, record.code, receipt, SYSTEM, received_at=record.received_at,
        status=record.status, reason=record.reason, returned_at=record.returned_at,
        source=SOURCE)
    sync_steps(session, dossier, list(record.handovers), SYSTEM)
    session.flush()
    return created, created or _event_count(session, dossier) != before


def _event_count(session: Session, dossier: Dossier | None) -> int:
    if dossier is None:
        return 0
    return session.scalar(select(func.count()).select_from(DossierEvent)
                          .where(DossierEvent.dossier_id == dossier.id))


def record_run(state: DossierPullSource, mapping: FeedMapping, result: PullResult,
               now: datetime, backoff_cap_s: float) -> None:
    """Store the run on the source: counts, errors, the next cursor and when to run again."""
    state.last_run_at, state.last_result = now, result.outcome
    state.fetched, state.changed, state.skipped = result.fetched, result.changed, result.skipped
    state.record_errors = "\n".join(result.errors[:LISTED_ERRORS])
    state.last_error = result.failure[:500]
    if result.failure:
        state.failures += 1
        pause = min(mapping.interval_s * 2 ** state.failures, max(backoff_cap_s,
                                                                  mapping.interval_s))
        state.next_run_at = now + timedelta(seconds=pause)
        return
    state.failures, state.last_success_at = 0, now
    state.next_run_at = now + timedelta(seconds=mapping.interval_s)
    state.cursor = next_cursor(state.cursor, mapping, result, now)


def next_cursor(cursor: datetime | None, mapping: FeedMapping, result: PullResult,
                now: datetime) -> datetime | None:
    """Return where the next run asks from after a run that read its pages.

    With ``updated_at`` mapped it is the newest change seen (the feed is asked again from
    there, so a change at that very second is not missed; applying it twice changes nothing).
    Without it, a complete run moves it to the run's start; a run stopped by the page cap
    cannot know how far it got, and keeps it.
    """
    if "updated_at" in mapping.fields:
        return max(filter(None, (cursor, result.newest)), default=None)
    return now if result.complete else cursor


def _log_run(result: PullResult, dry_run: bool) -> None:
    what = "dry run" if dry_run else "run"
    if result.failure:
        log.error("dossier pull %s: %s failed, cursor kept: %s", result.source, what,
                  result.failure)
        return
    log.info("dossier pull %s: %s fetched %d, created %d, changed %d, skipped %d%s",
             result.source, what, result.fetched, result.created, result.changed,
             result.skipped, "" if result.complete else " (page cap reached)")


def pull_due_sources(app: Flask, now: datetime | None = None) -> list[PullResult]:
    """Run every source whose time has come; a refused mapping file is reported on its row."""
    mappings, refused = load_sources(app)
    now = now or utcnow()
    with app.app_context():
        _record_refused(app, refused, now)
        due = _due_names(app, [mapping.name for mapping in mappings], now)
    results = []
    for mapping in mappings:
        if mapping.name in due:
            try:
                results.append(run_source(app, mapping, now=now))
            except Exception:
                log.exception("dossier pull %s failed; retrying at the next check",
                              mapping.name)
    return results


def _due_names(app: Flask, names: list[str], now: datetime) -> set[str]:
    session = app.extensions["qms_sessions"]()
    try:
        waiting = {state.name for state in session.scalars(
            select(DossierPullSource).where(DossierPullSource.name.in_(names),
                                            DossierPullSource.next_run_at > now))}
    finally:
        session.close()
    return set(names) - waiting


def _record_refused(app: Flask, refused: dict[str, str], now: datetime) -> None:
    if not refused:
        return
    session = app.extensions["qms_sessions"]()
    try:
        for name, reason in refused.items():
            log.error("dossier pull %s: mapping file refused: %s", name, reason)
            state = source_state(session, name[:64])
            state.last_run_at, state.last_result = now, PULL_FAILED
            state.last_error = f"mapping file refused: {reason}"[:500]
        session.commit()
    finally:
        session.close()


def start_dossier_pull(app: Flask) -> None:
    """Check the mapping folder's sources every ``DOSSIER_PULL_CHECK_S`` seconds."""
    every(app, "DOSSIER_PULL_CHECK_S", pull_due_sources, "dossier pull")
