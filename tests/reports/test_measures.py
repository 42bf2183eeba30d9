"""The list of report measures: the rollup table, the answers and the exports follow it."""

from reports.export import headings
from server.engine.measures import (
    COUNT_NAMES,
    ROLLUP_SECONDS,
    ROLLUP_SUMS,
    overview_measures,
    report_measures,
)
from server.engine.rollups import KEY
from server.models import ReportRollup
from server.payloads.reports import Figures, OverviewFigures


def test_each_rollup_column_is_a_listed_sum_or_seconds_and_back():
    columns = {column.name for column in ReportRollup.__table__.columns} - set(KEY)
    assert columns == set(ROLLUP_SUMS) | set(ROLLUP_SECONDS)
    assert set(COUNT_NAMES) <= columns


def test_the_answers_document_every_count_of_their_measures():
    for model, measures in ((Figures, report_measures()), (OverviewFigures, overview_measures())):
        names = [m.name for m in measures if m.count is not None]
        assert [name for name in model.model_fields if name in COUNT_NAMES] == names


def test_the_export_heads_a_column_per_measure_and_one_per_rating():
    report = {"group": "site", "per_day": False}
    expected = ["Đơn vị"]
    for measure in report_measures():
        expected += (["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
                     if measure.format == "votes" else [measure.heading])
    assert headings(report) == expected
    assert "Chuyển" in expected and "Tỷ lệ chờ quá thời gian mục tiêu (%)" not in expected
