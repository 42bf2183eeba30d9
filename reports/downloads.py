"""Reports downloaded as files: each report's CSV and Excel routes, declared once."""

from collections.abc import Callable

from flask import Response

from server.api.contract import Media, documented
from server.auth.guard import require_staff

from . import blueprint

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# extension → (media type, how the document describes it, the summary's wording)
FORMATS = {"csv": ("text/csv", "UTF-8 with a BOM", "CSV"),
           "xlsx": (XLSX_MIME, "An Excel workbook", "an Excel workbook")}


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """Answer ``body`` as a file the browser saves as ``filename``."""
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def add_exports(path: str, name: str, what: str, params, build: Callable[[], dict],
                writers: dict[str, Callable[[dict], bytes]],
                filename: Callable[[dict], str]) -> None:
    """Serve the report ``build()`` makes at ``path``/export.csv and ``path``/export.xlsx.

    ``writers`` turns the report into each file's bytes, ``filename`` names the file without
    its extension; the views are ``name``_csv and ``name``_xlsx, for managers and admins.
    """
    for extension, write in writers.items():
        mimetype, description, wording = FORMATS[extension]

        def download(write=write, mimetype=mimetype, extension=extension) -> Response:
            report = build()
            return attachment(write(report), mimetype, f"{filename(report)}.{extension}")

        download.__name__ = f"{name}_{extension}"
        download.__doc__ = f"Download the {what} as {wording}, Vietnamese headings."
        view = require_staff("manager", "admin")(documented(
            f"The same {what} as {wording}, Vietnamese headings",
            {200: Media(mimetype, description)}, errors=(404,), query=params)(download))
        blueprint.add_url_rule(f"{path}/export.{extension}", view_func=view, methods=["GET"])
