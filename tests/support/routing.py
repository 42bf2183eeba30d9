"""Build each URL rule's builder once per run instead of once per app.

The suite creates a fresh app for each module (and for some tests): ~150 routes whose URL
builders werkzeug generates as Python source and compiles (``Rule._compile_builder``), a fifth
of the fast tier's CPU. A builder's code depends only on the rule's text, its parsed parts and
its defaults (converters are read through the rule at call time), so rules equal in those share
one compiled function, bound to each rule as werkzeug binds its own.
"""

from werkzeug.routing import Rule

_compile_builder = getattr(Rule, "_compile_builder", None)
_builders: dict[tuple, object] = {}


def _builder_key(rule: Rule, append_unknown: bool) -> tuple:
    defaults = sorted((rule.defaults or {}).items(), key=lambda item: item[0])
    return (rule.rule, tuple(rule._trace), repr(defaults), append_unknown,
            tuple(type(rule._converters.get(name)) for name, _value in defaults))


def _shared_builder(self: Rule, append_unknown: bool = True):
    key = _builder_key(self, append_unknown)
    if key not in _builders:
        _builders[key] = _compile_builder(self, append_unknown)
    return _builders[key]


def share_url_builders() -> None:
    """Compile each distinct URL builder once (a no-op if werkzeug changes how it builds)."""
    if _compile_builder is not None:
        Rule._compile_builder = _shared_builder
