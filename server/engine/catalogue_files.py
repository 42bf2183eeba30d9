"""Reading and writing the procedure catalogue as XLSX, CSV (UTF-8, BOM or not) and JSON.

A file is checked whole before anything is saved: one bad row refuses the file, naming
the row as the spreadsheet numbers it (the header is row 1; in JSON the first item is 1).
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ..formats import as_text_cell, from_text_cell
from ..models import Site
from .errors import QueueError
from .procedures import ImportOutcome, import_procedure, record_of, site_offers, site_service
from .records import ProcedureRecord
from .search import fold
from .spreadsheet import SpreadsheetTooLarge, first_sheet_rows

# A channel's own fee and time where they differ (online, post): ``online_fee`` and so on.
CHANNEL_COLUMNS = tuple(f"{channel}_{field}" for channel in ("online", "post")
                        for field in ("fee", "fee_amount", "processing_days"))
COLUMNS = ("code", "local_code", "name", "service", "level", "documents", "processing_days",
           "fee", "fee_amount", "legal_basis", "submit_at", "online_url", "keywords", "forms",
           "active", *CHANNEL_COLUMNS)
# Headers of the spreadsheets centres already keep, folded, mapped to our columns.
HEADER_ALIASES = {
    "ma": "code", "ma thu tuc": "code", "ma tthc": "code", "ma dia phuong": "local_code",
    "ma thu tuc dia phuong": "local_code", "phi truc tuyen": "online_fee",
    "le phi truc tuyen": "online_fee", "thoi han giai quyet truc tuyen": "online_processing_days",
    "phi qua buu chinh": "post_fee", "thoi han giai quyet qua buu chinh": "post_processing_days",
    "ten": "name", "ten thu tuc": "name",
    "linh vuc": "service", "ma linh vuc": "service", "cap": "level", "cap thuc hien": "level",
    "thanh phan ho so": "documents", "ho so": "documents", "giay to": "documents",
    "thoi han giai quyet": "processing_days", "so ngay giai quyet": "processing_days",
    "phi le phi": "fee", "phi": "fee", "le phi": "fee", "muc thu": "fee_amount",
    "so tien": "fee_amount", "can cu phap ly": "legal_basis", "noi tiep nhan": "submit_at",
    "noi nop": "submit_at", "dich vu cong truc tuyen": "online_url", "tu khoa": "keywords",
    "bieu mau": "forms", "mau don to khai": "forms", "hieu luc": "active",
    "con hieu luc": "active",
}
# The district tier was abolished on 1 July 2025; older files' district procedures are read as
# commune ones, where the reform moved most of them (docs/procedures.md).
LEVEL_WORDS = {"province": "province", "tinh": "province", "cap tinh": "province",
               "district": "commune", "huyen": "commune", "cap huyen": "commune",
               "commune": "commune", "xa": "commune", "cap xa": "commune"}
SAME_DAY_WORDS = {"trong ngay", "giai quyet trong ngay", "same day", "ngay"}
# "3", "0.5", "0,5", "03 ngày làm việc", "1,5 ngày", "2 working days"
DAYS = re.compile(r"(\d{1,3}(?:[.,]\d+)?)(?: (?:ngay(?: lam viec)?|working days?|days?))?")
# "04 giờ làm việc", "8 giờ", "4 working hours"
HOURS = re.compile(r"(\d{1,3}(?:[.,]\d+)?) (?:gio(?: lam viec)?|working hours?|hours?)")
# The working day of the Labour Code, which the national pages' hours are counted in.
HOURS_PER_DAY = 8
KIND_WORDS = {"ban chinh": "original", "original": "original", "ban sao": "copy",
              "copy": "copy", "ban sao chung thuc": "certified_copy",
              "certified copy": "certified_copy", "certified_copy": "certified_copy"}
KIND_LABELS = {"original": "bản chính", "copy": "bản sao",
               "certified_copy": "bản sao chứng thực"}
TRUE_WORDS = {"", "1", "true", "yes", "co", "x"}
FALSE_WORDS = {"0", "false", "no", "khong"}
FORMATS = ("xlsx", "csv", "json")


@dataclass
class CatalogueFileError(ValueError):
    """A file refused as a whole; ``problems`` are ``(row, message)`` pairs."""

    problems: list[tuple[int, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"row {row}: {message}" for row, message in self.problems)


@dataclass(frozen=True)
class ImportSummary:
    """How many procedures a file created, changed and left as they were; how many shared
    procedures it newly offered, whose shared text it kept although the file differed, and
    the other sites whose text it rewrote (a system admin's import only)."""

    created: int
    updated: int
    unchanged: int
    offered: int = 0
    kept_shared: int = 0
    touched_sites: tuple[str, ...] = ()

    @classmethod
    def of(cls, outcomes: list[ImportOutcome]) -> "ImportSummary":
        """Count the outcomes of a file's rows."""
        statuses = [outcome.status for outcome in outcomes]
        touched = {site for outcome in outcomes if outcome.text == "changed"
                   for site in outcome.shared_with}
        return cls(*(statuses.count(status) for status in ("created", "updated", "unchanged",
                                                           "offered")),
                   kept_shared=sum(outcome.text == "kept" for outcome in outcomes),
                   touched_sites=tuple(sorted(touched)))


def file_format(name: str) -> str:
    """Return the format a file name's extension says, or refuse."""
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise CatalogueFileError([(0, f"unsupported file type '.{extension}': use "
                                      ".xlsx, .csv or .json")])
    return extension


def read_rows(data: bytes, fmt: str) -> list[tuple[int, dict]]:
    """Return ``(row number, {column: value})`` for each non-empty row of the file."""
    try:
        if fmt == "json":
            return _json_rows(data)
        table = _xlsx_table(data) if fmt == "xlsx" else _csv_table(data)
    except (ValueError, OSError, KeyError) as error:
        raise CatalogueFileError([(0, f"cannot read the file: {error}")]) from error
    if not table:
        return []
    header = [_column(name) for name in table[0]]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if any(str(cell).strip() for cell in cells if cell is not None):
            rows.append((number, {name: cell for name, cell in zip(header, cells, strict=False)
                                  if name}))
    return rows


def _column(header) -> str | None:
    name = str(header or "").strip()
    return name if name in COLUMNS else HEADER_ALIASES.get(fold(name))


def _json_rows(data: bytes) -> list[tuple[int, dict]]:
    document = json.loads(data.decode("utf-8-sig"))
    items = document.get("procedures") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise CatalogueFileError([(0, "a JSON file holds a list of procedures")])
    return [(number, item) for number, item in enumerate(items, start=1)]


def _csv_table(data: bytes) -> list[list]:
    text = data.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_table(data: bytes) -> list[list]:
    try:
        return first_sheet_rows(data)
    except SpreadsheetTooLarge as error:
        raise CatalogueFileError([(0, str(error))]) from None


def parse_records(rows: list[tuple[int, dict]]) -> list[tuple[int, ProcedureRecord]]:
    """Check every row; refuse the whole file, naming each bad row, if any is wrong."""
    records, problems, seen = [], [], {}
    for number, row in rows:
        try:
            record = ProcedureRecord.model_validate(_cleaned(row))
        except (ValidationError, ValueError) as error:
            problems.append((number, _problem(error)))
            continue
        if record.code in seen:
            problems.append((number, f"code {record.code} repeats row {seen[record.code]}"))
        seen[record.code] = number
        records.append((number, record))
    if problems:
        raise CatalogueFileError(problems)
    return records


def _problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in item['loc']) or 'row'}: {item['msg']}"
                         for item in error.errors(include_url=False, include_input=False))
    return str(error)


def _cleaned(row: dict) -> dict:
    if not isinstance(row, dict):
        raise ValueError("a procedure must be an object")
    cleaned = {}
    for name, value in row.items():
        if name not in COLUMNS and name != "channel_terms":
            raise ValueError(f"unknown column '{name}'")
        value = from_text_cell(value)  # a cell this project's export quoted
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        channel, _, field = name.partition("_")
        if name in CHANNEL_COLUMNS:
            terms = cleaned.setdefault("channel_terms", {}).setdefault(channel, {})
            terms[field] = CELL_PARSERS.get(field, _text)(value)
        elif name == "channel_terms" and isinstance(value, dict):  # a JSON file's own
            cleaned[name] = value
        else:
            cleaned[name] = CELL_PARSERS.get(name, _text)(value)
    cleaned.setdefault("active", True)
    return cleaned


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole_number(value) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
        raise ValueError(f"'{value}' is not a whole number")
    digits = str(value).strip().replace(".", "").replace(" ", "").removesuffix("đ")
    if not digits.isdigit():
        raise ValueError(f"'{value}' is not a whole number")
    return int(digits)


def _level(value) -> str:
    level = LEVEL_WORDS.get(fold(str(value)))
    if level is None:
        raise ValueError(f"level '{value}' is not province or commune")
    return level


def processing_days(value) -> int | float:
    """Read a processing time in working days: 3, 0.5 (half a day), "03 ngày làm việc",
    "Trong ngày" (the same day, 0), "04 giờ làm việc" (hours of an 8-hour working day, as
    long as they make whole or half days: 4 hours is 0.5)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if fold(text) in SAME_DAY_WORDS:
        return 0
    first, _, rest = text.partition(" ")  # the number keeps its point or comma; words fold
    words = f"{first} {fold(rest)}".strip()
    hours = HOURS.fullmatch(words)
    number = hours or DAYS.fullmatch(words)
    if number is None:
        raise ValueError(f"processing time '{value}' is not working days "
                         "(3, 0.5, 03 ngày làm việc, 04 giờ làm việc, Trong ngày)")
    days = float(number.group(1).replace(",", "."))
    if hours is not None:
        days /= HOURS_PER_DAY
        if (days * 2) % 1:
            raise ValueError(f"processing time '{value}' is not whole or half working days "
                             f"of {HOURS_PER_DAY} hours")
    return int(days) if days.is_integer() else days


def _active(value) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(_text(value))
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError(f"active '{value}' is not yes or no")


def parse_documents(value) -> list:
    if isinstance(value, list):
        return value
    documents = []
    for line in _lines(value):
        name, *rest = [part.strip() for part in line.split("|")]
        document = {"name": name}
        if rest and rest[0]:
            kind = KIND_WORDS.get(fold(rest[0]))
            if kind is None:
                raise ValueError(f"document kind '{rest[0]}' is not bản chính, bản sao "
                                 "or bản sao chứng thực")
            document["kind"] = kind
        if len(rest) > 1 and rest[1]:
            document["count"] = _whole_number(rest[1])
        documents.append(document)
    return documents


def parse_forms(value) -> list:
    if isinstance(value, list):
        return value
    forms = []
    for line in _lines(value):
        name, _, url = line.rpartition("|")
        forms.append({"name": name.strip(), "url": url.strip()})
    return forms


def _lines(value) -> list[str]:
    return [line.strip() for line in str(value).splitlines() if line.strip()]


CELL_PARSERS = {"processing_days": processing_days, "fee_amount": _whole_number,
                "level": _level, "active": _active, "documents": parse_documents,
                "forms": parse_forms}


def import_catalogue(session: Session, site: Site, data: bytes, fmt: str, *,
                     shared_text: bool = False) -> ImportSummary:
    """Offer every procedure of the file at ``site``; refuse the file if any row is bad.

    The site's offer (which procedures, in which field) follows the file; the text of a
    procedure other sites offer too changes only with ``shared_text`` (the system admin).
    """
    return ImportSummary.of([outcome for _row, _record, outcome
                             in _apply(session, site, data, fmt, shared_text)])


def preview_catalogue(session: Session, site: Site, data: bytes, fmt: str, *,
                      shared_text: bool = False,
                      ) -> list[tuple[int, ProcedureRecord, ImportOutcome]]:
    """Tell, row by row, what importing the file would do, and save nothing."""
    nested = session.begin_nested()
    try:
        return _apply(session, site, data, fmt, shared_text)
    finally:
        nested.rollback()


def _apply(session: Session, site: Site, data: bytes, fmt: str, shared_text: bool) -> list:
    records = parse_records(read_rows(data, fmt))
    problems = []
    for number, record in records:
        try:
            site_service(session, site, record.service)
        except QueueError as error:
            problems.append((number, error.message_en))
    if problems:
        raise CatalogueFileError(problems)
    return [(number, record, import_procedure(session, site, record, shared_text=shared_text))
            for number, record in records]


def export_catalogue(session: Session, site: Site, fmt: str) -> bytes:
    """Write the site's whole catalogue (withdrawn procedures too) in ``fmt``."""
    records = [record_of(offer.procedure, site)
               for offer in site_offers(session, site, include_inactive=True)]
    if fmt == "json":
        items = [record.model_dump() for record in records]
        return json.dumps({"procedures": items}, ensure_ascii=False, indent=1).encode()
    table = [list(COLUMNS)] + [[as_text_cell(cell) for cell in flat_record(record).values()]
                               for record in records]
    return _xlsx_bytes(table) if fmt == "xlsx" else _csv_bytes(table)


def flat_record(record: ProcedureRecord) -> dict:
    """Return ``record`` as spreadsheet cells: papers and forms one per line."""
    values = record.model_dump()
    values["documents"] = "\n".join(
        f"{item['name']} | {KIND_LABELS[item['kind']]} | {item['count']}"
        for item in values["documents"])
    values["forms"] = "\n".join(f"{item['name']} | {item['url']}" for item in values["forms"])
    values["active"] = "có" if record.active else "không"
    for channel, terms in values.pop("channel_terms").items():
        values |= {f"{channel}_{field}": value for field, value in terms.items()}
    values = dict.fromkeys(CHANNEL_COLUMNS, "") | values
    return {name: "" if values[name] is None else values[name] for name in COLUMNS}


def _csv_bytes(table: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM makes Excel read UTF-8


def _xlsx_bytes(table: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thủ tục"
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
