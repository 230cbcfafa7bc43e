"""The ``<id:…>`` path converter: an object id in a page's address.

Django's ``<int:…>`` takes any number of digits, and a number longer than a 64-bit
integer reached the database, which refused it with a server error ("bigint out of
range" on PostgreSQL, an overflow on SQLite). An id here is 1 to 18 digits, in pages and
in the API alike (``thidua.core.api.routers``); anything else matches no route: a 404.
"""

from __future__ import annotations

ID = r"[0-9]{1,18}"


class IdConverter:
    regex = ID

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


def as_id(value: object) -> int | None:
    """``value`` as an object id when it is one (1 to 18 digits), else ``None``: for ids
    read from a query or a form, where a longer number must not reach the database."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
