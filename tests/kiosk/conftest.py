"""Fixtures of the kiosk suites."""

import warnings

# In-process apps (provisioning) load the eventlet driver, whose import warns once;
# pytest turns warnings into errors, and the warning says nothing about this code.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import eventlet  # noqa: F401
