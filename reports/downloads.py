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


def add_report(path: str, name: str, what: str, summary: str, answer, params,
               build: Callable[[], dict], writers: dict[str, Callable[[dict], bytes]],
               filename: Callable[[dict], str], doc: str) -> None:
    """Serve the report ``build()`` makes as JSON at ``path`` (an ``answer``; the view is
    ``name``_json, described by ``doc``) and as the files of :func:`add_exports`."""
    def report() -> dict:
        return build()

    report.__name__ = f"{name}_json"
    report.__doc__ = doc
    view = require_staff("manager", "admin")(documented(
        summary, {200: answer}, errors=(404,), query=params)(report))
    blueprint.add_url_rule(path, view_func=view, methods=["GET"])
    add_exports(path, name, what, params, build, writers, filename)
