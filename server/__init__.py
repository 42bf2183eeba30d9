"""qms server: queue engine, storage, HTTP API, Socket.IO events and CLI.

The application factory lives in :mod:`server.app`; this package stays import-light so
that ``qms run`` can pick and patch its async runner before anything else is loaded.
"""
