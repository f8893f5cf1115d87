"""Posting to a page's form as a browser does after opening the page."""

import re

from django.test import Client

VERSION = re.compile(r'name="seen_version" value="(\d+)"')


def shown_version(client: Client, page: str) -> str:
    """The version the page's edit form carries (core.concurrency)."""
    found = VERSION.search(client.get(page).content.decode())
    assert found, f"{page} shows no version"
    return found.group(1)


def post_shown(client: Client, url: str, data=None, *, page: str | None = None, **kwargs):
    """Post `data` to `url` with the version the form showed on `page` (by default `url`)."""
    data = {**(data or {}), "seen_version": shown_version(client, page or url)}
    return client.post(url, data, **kwargs)
