"""What the in-process tests of visits and dossiers share: a dossier body, a visit served at
counter 1, and the rows a test looks up.

A ``desk`` is a dict of the module's app and test ``client``, its dossier code ``series``, and
the ``Authorization`` headers of who acts (``software``, ``kiosk``, the counter 1 ``clerk``…).
"""

import uuid

from sqlalchemy import select

BODY = {"procedure": "Cấp giấy phép xây dựng", "applicant_name": "Trần Thị Bình",
        "received_at": "2026-12-01T08:15:00+07:00", "due_date": "2026-12-20",
        "status": "received", "phone": "0912 345 678"}
# A receipt the counter writes, and a dossier in progress as the one-stop software sends it.
RECEIPT = {"procedure": "Chứng thực bản sao từ bản chính", "applicant_name": "Nguyễn Văn An",
           "phone": "0912 345 678", "processing_days": 2}
SOFTWARE_BODY = {"procedure": "Cấp giấy phép xây dựng", "applicant_name": "Trần Thị Bình",
                 "received_at": "2026-11-20T08:15:00+07:00", "due_date": "2026-12-04",
                 "status": "in_progress"}
ALL_GOOD = {"attitude": 4, "guidance": 4, "time": 3, "result": 4}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def open_desk(centre, series: str, **config) -> dict:
    """A desk on ``centre``'s app (look-ups not rate limited, then ``config``), with the token
    of a new one-stop software of the province."""
    software = centre.add_device("integration", "Phần mềm một cửa tỉnh")
    app = centre.app(**{"DOSSIER_LOOKUP_RATE_LIMIT": "1000/60"} | config)
    return {"app": app, "client": app.test_client(), "centre": centre, "series": series,
            "software": bearer(software)}


def put_dossier(desk, number: str, software="software", **fields) -> str:
    """Declare dossier ``number`` of the desk's series from the one-stop software; its code."""
    code = desk["series"] + number
    answer = desk["client"].put(f"/api/v1/dossiers/{code}", json=BODY | fields,
                                headers=desk[software])
    assert answer.status_code in (200, 201), answer.get_json()
    return code


def issue(desk, kiosk="kiosk", service="DD") -> dict:
    issued = desk["client"].post("/api/v1/tickets", headers=desk[kiosk],
                                 json={"service": service, "request_id": uuid.uuid4().hex})
    assert issued.status_code == 201, issued.get_json()
    return issued.get_json()


def serve(desk) -> dict:
    """Issue a land ticket and call it at counter 1; return the ticket being served."""
    ticket = issue(desk)
    called = desk["client"].post("/api/v1/counters/1/call-next", headers=desk["clerk"], json={})
    assert called.status_code == 200, called.get_json()
    assert called.get_json()["id"] == ticket["id"]
    return ticket


def finish(desk):
    answer = desk["client"].post("/api/v1/counters/1/finish", headers=desk["clerk"], json={})
    assert answer.status_code == 200, answer.get_json()


def rows(desk, model, **where):
    """The rows of ``model`` whose columns equal ``where``."""
    with desk["app"].app_context():
        from server.storage import db
        statement = select(model)
        for name, value in where.items():
            statement = statement.where(getattr(model, name) == value)
        return db().scalars(statement).all()
