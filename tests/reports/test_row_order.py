"""Report rows list clerks as a person reads them: quầy 1, 2, …, 10, not 1, 10, 2."""

import pytest

from reports.labels import natural_key


def test_clerk_names_sort_by_their_numbers():
    names = [f"Cán bộ quầy {n}" for n in (10, 2, 1, 9)] + ["cán bộ Quầy 3"]
    assert sorted(names, key=natural_key) == [
        "Cán bộ quầy 1", "Cán bộ quầy 2", "cán bộ Quầy 3", "Cán bộ quầy 9", "Cán bộ quầy 10"]


@pytest.mark.live
def test_clerk_report_rows_follow_that_order(api, centre):
    manager = api.staff_token("quanly", centre.password)
    report = api.call("GET", "/api/v1/reports", manager,
                      params={"from": "2026-01-01", "to": "2026-01-01", "group": "clerk",
                              "site": "TPBK"}).json()
    labels = [row["label"] for row in report["rows"] if row["key"]]
    assert labels == [f"Cán bộ quầy {n}" for n in range(1, 11)]
