"""A tiny XLSX that declares a huge sheet, or holds more rows than any real file, is refused
with a clear message in both languages, and reading it keeps memory small."""

import io
import tracemalloc
import zipfile

import pytest

from server.engine.catalogue_files import CatalogueFileError, read_rows
from server.engine.dossier_files import DossierFileError, read_table

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'),
}


def bomb(dimension: str, last_row: int) -> bytes:
    """A workbook declaring ``dimension``, with a header row and one cell in ``last_row``."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
        f'org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>'
        f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>x</t></is></c></row>'
        '</sheetData></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def peak_mib(read) -> float:
    tracemalloc.start()
    try:
        read()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 2**20


@pytest.mark.parametrize("read, error", [
    (lambda data: read_rows(data, "xlsx"), CatalogueFileError),
    (lambda data: read_table(data, "bomb.xlsx"), DossierFileError),
])
def test_a_sheet_with_too_many_rows_is_refused_in_little_memory(read, error):
    data = bomb("A1:XFD4000", 25_000)
    assert len(data) < 3000
    refused = []

    def attempt():
        with pytest.raises(error) as caught:
            read(data)
        refused.append(str(caught.value))

    assert peak_mib(attempt) < 40
    assert "quá nhiều dòng" in refused[0] and "too many rows" in refused[0]


def test_the_declared_size_is_not_believed():
    data = bomb("A1:XFD4000", 3)
    assert peak_mib(lambda: read_table(data, "small.xlsx")) < 10
    assert [row[0] for row in read_table(data, "small.xlsx")] == ["code", None, "x"]
    assert max(len(row) for row in read_table(data, "small.xlsx")) <= 50
