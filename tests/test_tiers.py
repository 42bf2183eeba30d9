"""Tier markers are declared on the tests, and a declaration that leaves one out fails."""

import pytest

from tests.support import tiers


class Declared:
    """Just what the checks read of a collected test."""

    def __init__(self, *marks: str):
        self.nodeid = "tests/test_x.py::test_x"
        self.marks = set(marks)

    def get_closest_marker(self, name):
        return name if name in self.marks else None


def test_a_slow_test_must_also_be_live_and_a_postgres_test_slow():
    tiers.check_declared([Declared("live", "slow"), Declared("live", "slow", "postgres")])
    with pytest.raises(pytest.UsageError, match="marked 'slow' but not 'live'"):
        tiers.check_declared([Declared("slow")])
    with pytest.raises(pytest.UsageError, match="marked 'postgres' but not 'slow'"):
        tiers.check_declared([Declared("live", "postgres")])


def test_starting_a_server_from_an_undeclared_test_fails(request):
    # This test declares no tier: what needs one refuses to run under it.
    with pytest.raises(AssertionError, match="is not marked 'live'"):
        tiers.require_tier("live")
    assert request.node.get_closest_marker("live") is None
