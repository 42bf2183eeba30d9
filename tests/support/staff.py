"""A logged-in staff member driving server-rendered pages and forms like a browser would."""

import re

import requests


class StaffBrowser:
    """A cookie session after a real login, posting forms with the session's CSRF token."""

    def __init__(self, base_url: str, username: str, password: str):
        self.base_url, self.http = base_url, requests.Session()
        page = self.http.get(base_url + "/login", timeout=5)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.login = self.http.post(
            base_url + "/login", allow_redirects=False, timeout=5,
            data={"csrf_token": token, "username": username, "password": password})
        me = self.http.get(base_url + "/me", timeout=5)
        self.csrf = me.json().get("csrf_token") if me.ok else None

    def get(self, path: str):
        return self.http.get(self.base_url + path, allow_redirects=False, timeout=5)

    def post(self, path: str, data: dict | list, csrf: bool = True):
        items = list(data.items()) if isinstance(data, dict) else list(data)
        if csrf:
            items.append(("csrf_token", self.csrf))
        return self.http.post(self.base_url + path, data=items, allow_redirects=False,
                              timeout=5)
