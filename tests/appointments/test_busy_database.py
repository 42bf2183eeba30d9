"""A connection pool exhausted under a burst answers 503 with a retry hint, never a 500."""

from sqlalchemy import exc as sa_exc


def test_pool_timeout_is_a_503(tmp_path):
    from server.app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite3'}",
                      "ASYNC_MODE": "threading"}, instance=tmp_path)

    def exhausted():
        raise sa_exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached")

    app.add_url_rule("/api/v1/exhausted", view_func=exhausted)
    answer = app.test_client().get("/api/v1/exhausted")
    assert answer.status_code == 503
    assert answer.get_json()["error"]["code"] == "database_unavailable"
