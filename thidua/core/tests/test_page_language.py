"""Every page a persona reaches speaks their language and names things, never codes.

A crawl, as each scenario's people would walk the site: from the home page, follow every
link of the site (GET, HTML answers only), each route at most a few times, in Vietnamese
and in Thai. On every page, no text a person reads (text, and the ``title``,
``placeholder``, ``aria-label`` and ``value`` of buttons) may be

- a source message of the catalogue left in English (it has a translation, so the page
  showed the msgid instead of it: a string not passed through gettext, or built before
  the language was set), or
- an internal code of a report form, an indicator, a movement or an award type (people
  know them by name). A page that shows a code on purpose, beside the name, for the
  officers who define forms, marks it ``<code>``; the API may carry codes.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db

# Every login of the README tour but the administrator and the outsider (who sees nothing):
# each scenario's people at every level (province, district, commune, ministry, council).
PERSONAS = [
    "bg.supervisor",
    "bg.police",
    "bg.foreign",
    "bg.luc-ngan",
    "bn.archive",
    "ht.bcd35",
    "ht.huongson",
    "ht.btg",
    "ht.hdnd",
    "ht.ubnd",
    "ht.stp",
    "hg.police",
    "hg.chair",
    "hg.front",
    "hg.dongvan",
    "hg.lungcu",
    "bca.movement",
    "hdtdkt.secretary",
    "moet.reporter",
    "hanoi.reporter",
    "vn.approver",
]
LANGUAGES = ["vi", "th"]
PER_ROUTE = 2  # visits per route name and persona: breadth over depth
MAX_PAGES = 120  # per persona and language
NEVER = ("/accounts/logout", "/i18n/", "/admin/", "/api/", "/static/", "/media/", "/files/")
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Words that are the same in every language (names of products, formats, units of measure).
SAME_EVERYWHERE = {"thidua", "Excel", "Word", "PDF", "API", "ID", "OK", "%", "CSV", "DOCX"}


class _Reader(HTMLParser):
    """The text a person reads on a page, and the links it offers. Text an element
    declares English (``lang="en"``: a unit's English name) is English on purpose."""

    def __init__(self) -> None:
        super().__init__()
        self._english: list[str] = []
        self.texts: list[str] = []
        self.coded: list[str] = []  # inside <code>: a code shown on purpose
        self.links: list[str] = []
        self._skip = 0
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if self._english or (a.get("lang") or "").startswith("en"):
            self._english.append(tag)
        if tag == "code":
            self._code += 1
        if tag == "a" and a.get("href") and "download" not in a:
            self.links.append(a["href"] or "")
        for name in READ_ATTRIBUTES:
            if a.get(name):
                self.texts.append(a[name] or "")
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.texts.append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._english and self._english[-1] == tag:
            self._english.pop()
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "code" and self._code:
            self._code -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._english and data.strip():
            (self.coded if self._code else self.texts).append(data)


def _untranslated_sources(language: str) -> set[str]:
    """Messages whose translation differs from the English: seeing one means it was left
    in English. Single words shorter than four letters are left out (too often data)."""
    path = settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"
    out = set()
    for e in polib.pofile(str(path)):
        if e.obsolete or not e.msgstr or e.msgstr == e.msgid or "%" in e.msgid:
            continue
        text = " ".join(e.msgid.split())
        if text in SAME_EVERYWHERE or (" " not in text and len(text) < 4):
            continue
        out.add(text)
    return out


def _codes() -> set[str]:
    from thidua.awards.models import AwardType
    from thidua.emulation.models import Movement
    from thidua.reporting.models import Indicator, ReportForm

    codes = set()
    for model in (ReportForm, Indicator, Movement, AwardType):
        codes.update(c for c in model.objects.values_list("code", flat=True) if "-" in c)
    return codes


BAD_TITLE = "(check) the page's <title> is missing or holds markup"


def _route(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _crawl(client: Client, language: str) -> dict[str, list[str]]:
    """Page path → the texts read on it."""
    pages: dict[str, list[str]] = {}
    seen_routes: Counter[str] = Counter()
    queue, queued = deque(["/"]), {"/"}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        reader = _Reader()
        reader.feed(body)
        pages[path] = [" ".join(t.split()) for t in reader.texts]
        title = re.search(r"<title>(.*?)</title>", body, re.S)
        if title is None or "<" in title.group(1):
            pages[path].append(BAD_TITLE)
        for href in reader.links:
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(NEVER) or link in queued:
                continue
            name = _route(parts.path)
            if name is None or seen_routes[name] >= PER_ROUTE:
                continue
            seen_routes[name] += 1
            queued.add(link)
            queue.append(link)
    return pages


# A field or variable name (return_reason, urge_count): never words for a person.
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _english(text: str) -> bool:
    """Text in English that no catalogue knows (never passed through gettext): Latin
    letters only, several words, at least two of them common English words."""
    if not ENGLISH_SHAPE.match(text):
        return False
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) >= 3 and sum(w in ENGLISH_WORDS for w in words) >= 2


ENGLISH_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'’:;!?()/-]*$")
ENGLISH_WORDS = {
    "the",
    "of",
    "a",
    "an",
    "to",
    "and",
    "for",
    "in",
    "is",
    "are",
    "not",
    "no",
    "by",
    "on",
    "at",
    "with",
    "from",
    "this",
    "that",
    "your",
    "you",
    "be",
    "has",
    "have",
    "was",
    "were",
    "it",
    "its",
    "or",
    "as",
    "all",
    "any",
    "each",
    "every",
    "which",
    "who",
    "what",
    "when",
    "where",
}


def test_every_page_a_persona_reaches_is_in_their_language_and_shows_no_codes(user_named):
    call_command("load_demo", verbosity=0)  # every scenario's data
    codes = _codes()
    problems: list[str] = []
    visited = 0
    for language, username in [(lang, u) for lang in LANGUAGES for u in PERSONAS]:
        sources = _untranslated_sources(language)
        client = Client()
        client.force_login(user_named(username))
        # The language is the person's choice, stored as the session's cookie would.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for path, texts in _crawl(client, language).items():
            visited += 1
            for text in texts:
                if text == BAD_TITLE:
                    problems.append(f"{username} {path}: {text}")
                elif text in sources:
                    problems.append(f"{username} {path}: “{text}” left in English")
                elif _english(text):
                    problems.append(f"{username} {path}: “{text}” in English (not translatable)")
                for code in codes & set(re.split(r"[\s,;:()“”\"']+", text)):
                    problems.append(f"{username} {path}: code “{code}” shown")
                for name in SNAKE.findall(text):
                    problems.append(f"{username} {path}: internal name “{name}” shown")
    assert visited > 300, f"the crawl reached only {visited} pages"
    unique = sorted(set(problems))
    assert not unique, f"{len(unique)} problems:\n" + "\n".join(unique[:400])
