"""Extension points that apps fill from their AppConfig.ready().

- ``nav``: entries of the main navigation (label, URL name, order).
- ``attention``: providers of "what needs your attention" items for a user's home page
  (tasks due, reports to approve, nominations to review…).
- ``demo``: loaders of demo data, run in order by ``manage.py load_demo``.
- ``reminders``: providers of the daily reminder run (``thidua.core.reminders``):
  ``provider(today, due_soon_days) -> list[Notice]`` (tasks due or overdue, answers due…).
- ``attachment_readers``: by model label, ``reader(user, parent) -> bool``, for parents
  whose files fewer people may read than may see the parent (a progress update's evidence:
  its unit and the plan's followers, not the other units of the task). The one read guard,
  ``thidua.core.attachments.attachment_visible_to``, asks it after the parent's restriction.
- ``word_sources``: by name (``"plans.follow_up_report"``), ``build(user, params) ->
  (file stem, docx bytes)``: a Word export that ``thidua.core.pdfs`` prints to PDF in a
  background job. ``build`` reads its objects afresh through the user's scoped selectors
  and rules, as the Word download does, so that a job never reads beyond the user's reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavEntry:
    label: Any  # a lazy translation
    url_name: str
    order: int = 50
    icon: str = ""


@dataclass(frozen=True)
class AttentionItem:
    """One line on the home page: something a user should look at."""

    title: str
    url: str
    kind: str  # a translated badge: _("report returned"), _("nomination")…, never a code
    severity: str = "info"  # "danger" (overdue, returned) | "warning" (soon) | "info"
    when: Any = None  # a date or datetime shown beside the title ("since")
    detail: str = ""  # a reason, a unit, a progress… (a sentence in the reader's language)
    due: Any = None  # the deadline (a date): shown as dd/mm/yyyy, the soonest first


@dataclass
class Registry:
    nav: list[NavEntry] = field(default_factory=list)
    attention: list[Callable[[Any], list[AttentionItem]]] = field(default_factory=list)
    demo: list[tuple[int, str, Callable[..., None]]] = field(default_factory=list)
    reminders: list[Callable[..., list[Any]]] = field(default_factory=list)
    attachment_readers: dict[str, Callable[[Any, Any], bool]] = field(default_factory=dict)
    word_sources: dict[str, Callable[[Any, dict[str, Any]], tuple[str, bytes]]] = field(
        default_factory=dict
    )
    offline_pages: list[Callable[[Any], list[str]]] = field(default_factory=list)

    def add_nav(self, label: Any, url_name: str, order: int = 50, icon: str = "") -> None:
        if all(e.url_name != url_name for e in self.nav):
            self.nav.append(NavEntry(label, url_name, order, icon))
            self.nav.sort(key=lambda e: e.order)

    def add_attention(self, provider: Callable[[Any], list[AttentionItem]]) -> None:
        if provider not in self.attention:
            self.attention.append(provider)

    def add_demo(self, order: int, name: str, loader: Callable[..., None]) -> None:
        if all(n != name for _, n, _ in self.demo):
            self.demo.append((order, name, loader))
            self.demo.sort(key=lambda t: t[0])

    def add_reminders(self, provider: Callable[..., list[Any]]) -> None:
        if provider not in self.reminders:
            self.reminders.append(provider)

    def add_attachment_reader(self, model_label: str, reader: Callable[[Any, Any], bool]) -> None:
        """``reader(user, parent)`` narrows who reads the files of ``model_label``'s rows."""
        self.attachment_readers[model_label] = reader

    def add_word_source(
        self, name: str, build: Callable[[Any, dict[str, Any]], tuple[str, bytes]]
    ) -> None:
        """``build(user, params) -> (file stem, docx)``: a Word export printable to PDF."""
        self.word_sources[name] = build

    def add_offline_pages(self, provider: Callable[[Any], list[str]]) -> None:
        """``provider(user) -> [path]``: pages of the user's own scope that the browser
        keeps for working offline (``core.offline``)."""
        if provider not in self.offline_pages:
            self.offline_pages.append(provider)


registry = Registry()
