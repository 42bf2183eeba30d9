"""Read the first sheet of an uploaded XLSX file without trusting what the file declares.

A workbook names its own size (``<dimension ref="A1:XFD4000"/>``) and openpyxl believes it:
a 1.5 KB file declaring 16,384 columns by 4,000 rows had every row padded to 16,384 cells and
took a server from 206 to 687 MB. Here the sheet is streamed (read-only mode), its declared
size is dropped, at most ``MAX_COLUMNS`` + 1 cells of a row are kept, and reading stops with
a clear refusal at the first row or column past the limits. Gaps between rows still count as
rows, so a file that jumps to row 1,000,000 is refused at the row limit.
"""

import io

MAX_ROWS = 20_000  # a province's catalogue is ~2,000 procedures; a day's dossiers fewer
MAX_COLUMNS = 50  # the widest file qms reads has a dozen columns


class SpreadsheetTooLarge(ValueError):
    """The sheet has more rows or columns than any file qms reads."""

    def __init__(self, message: str, message_en: str):
        super().__init__(f"{message} / {message_en}")
        self.message = message
        self.message_en = message_en


def first_sheet_rows(data: bytes, max_rows: int = MAX_ROWS,
                     max_columns: int = MAX_COLUMNS) -> list[list]:
    """Return the first sheet's rows as lists of values, trailing empty rows left out."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # never the size the file claims
        rows = []
        for row in sheet.iter_rows(max_col=max_columns + 1, values_only=True):
            if len(row) > max_columns and row[max_columns] is not None:
                raise SpreadsheetTooLarge(
                    f"Tệp có quá nhiều cột (tối đa {max_columns}).",
                    f"The sheet has too many columns (at most {max_columns}).")
            if len(rows) >= max_rows:
                raise SpreadsheetTooLarge(
                    f"Tệp có quá nhiều dòng (tối đa {max_rows}).",
                    f"The sheet has too many rows (at most {max_rows}).")
            rows.append(list(row[:max_columns]))
        while rows and all(value is None for value in rows[-1]):
            rows.pop()
        return rows
    finally:
        workbook.close()
