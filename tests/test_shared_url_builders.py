"""Apps of one run share each URL builder (tests/support/routing.py) and build the same URLs."""

from werkzeug.routing import Map, Rule


def rules() -> list[Rule]:
    return [Rule("/tickets/<int:number>", endpoint="ticket"),
            Rule("/forms/<path:name>", endpoint="form"),
            Rule("/report/", defaults={"page": 1}, endpoint="report"),
            Rule("/report/<int:page>", endpoint="report")]


def test_two_maps_share_builders_and_each_builds_its_urls():
    first, second = Map(rules()).bind("qms.test"), Map(rules()).bind("qms.test")
    for adapter in (first, second):
        assert adapter.build("ticket", {"number": 7}) == "/tickets/7"
        assert adapter.build("form", {"name": "a b/c.pdf"}) == "/forms/a%20b/c.pdf"
        assert adapter.build("report", {"page": 1}) == "/report/"
        assert adapter.build("report", {"page": 3}) == "/report/3"
        assert adapter.build("ticket", {"number": 7, "q": "x"}) == "/tickets/7?q=x"
    shared = [(a._build.__func__, b._build.__func__)
              for a, b in zip(first.map.iter_rules(), second.map.iter_rules(), strict=True)]
    assert all(one is other for one, other in shared)
