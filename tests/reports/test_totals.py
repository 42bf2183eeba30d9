"""Per-site totals for the leaders' overview: the figures of the report by site."""

from reports.totals import site_totals

from .dataset import END, EXPECTED_SITES, START


def test_site_totals_give_every_site_its_report_figures(report_session):
    rows = {row["key"]: row for row in site_totals(report_session, START, END)}
    assert set(rows) == set(EXPECTED_SITES)
    for code, expected in EXPECTED_SITES.items():
        assert {name: rows[code][name] for name in expected} == expected
        assert "day" not in rows[code]
