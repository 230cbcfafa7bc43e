"""Every page and endpoint refuses an outsider and an anonymous caller, or shows them nothing.

A safety net over the per-app permission tests: it walks the whole URL map with all the
demo data loaded and requests every route, with every method a route may take, as a
signed-in user who holds no role and as an anonymous caller (that walk is in
``test_anonymous_everywhere.py``).

What fills a route's parameters: the primary keys of real rows of *every* concrete model
(``_sample_ids``: the first, a middle and the last row of each model, by primary key),
all of them tried on every numeric parameter, since refusing must hold for any id and
whatever model the view loads. The demo has no file, job or import session, so a few
are made first by the real services (``everything``). Routes with several parameters also
get real parent-and-child combinations (``RELATED``), and word parameters the words their
view acts on (``WORDS``); a route with such parameters that is missing from those tables
fails the test, so that a new route cannot slip past with made-up values.

What counts as refused: 403, 404 or 405 (and 401 for an anonymous API caller). An
anonymous caller may also be sent to the sign-in page. A signed-in outsider may get 200
only from the routes in ``OPEN_TO_MEMBERS``, and a redirect only from the routes in
``HARMLESS_REDIRECTS``; that redirect is followed and its target judged by the same rules.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

# The API's description: the shape of the endpoints, no data (drf-spectacular's default).
API_DESCRIPTION = {"api-schema", "api-docs", "api-redoc"}
# What a signed-in person without roles may open: their own account and the API's docs.
# Asking for a new password (and following a reset link, here an invalid one) is open to
# anyone: it shows nothing but a form.
PASSWORD_RESET = {
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}
# The offline web app's shell holds nobody's data: the worker's script, the manifest and
# the page shown for a page not kept (``core.offline``).
OFFLINE_SHELL = {"core:service-worker", "core:manifest", "core:offline"}
OPEN_TO_MEMBERS = {
    "core:home",
    "core:offline-pages",  # the member's own list of pages to keep: their home at least
    *OFFLINE_SHELL,
    "core:notifications",
    "accounts:profile",
    "accounts:password_change",
    "api-me",
    *PASSWORD_RESET,
    *API_DESCRIPTION,
}
# What anyone may open without signing in.
OPEN_TO_ANONYMOUS = {"accounts:login", *PASSWORD_RESET, *API_DESCRIPTION, *OFFLINE_SHELL}
# Routes that answer a signed-in outsider with a redirect, and why that is harmless; the
# target is requested in turn and must itself refuse or be open to members.
HARMLESS_REDIRECTS = {
    "set_language": "stores the language and goes back to the page it came from",
    "core:notifications-read": "marks the user's own notifications read, back to the list",
    "accounts:token-create": "an empty form makes no token, back to the user's profile",
    "accounts:login": "a user already signed in is sent to the home page",
    "accounts:login-code": "no password was given in this session: back to sign-in",
}
# "api-not-found" answers 404 to everyone by design: the API's JSON 404 for no route.
SKIP_PREFIXES = ("admin:", "accounts:logout", "djdt", "api-not-found")
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>(?P<rx>[^)]*)\)")
REFUSED = {403, 404, 405}
REDIRECTS = {301, 302, 303, 307, 308}
ANY_ID = "any"  # marks a numeric parameter in a route's signature


def _walk(patterns, prefix="", ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            new_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), new_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{ns}{p.name}" if p.name else ""


def _routes() -> list[tuple[str, str]]:
    routes = []
    for route, name in _walk(get_resolver().url_patterns):
        if "(?P<format>" in route or "<drf_format_suffix:" in route:
            continue
        if name.startswith(SKIP_PREFIXES) or route.startswith(("admin/", "static/", "media/")):
            continue
        routes.append((route, name))
    return routes


def _params(route: str) -> list[tuple[str, str]]:
    """(name, kind) of each parameter in order; kind is "int", "word" or "uuid"."""
    out = []
    for m in PARAM.finditer(route):
        if m.group("rname"):  # a DRF router's regex: [0-9]+ or [^/.]+ — a primary key
            out.append((m.group("rname"), "int"))
        else:
            conv = m.group("conv") or "str"
            out.append(
                (m.group("name"), {"slug": "word", "str": "word", "id": "int"}.get(conv, conv))
            )
    return out


def _fill(route: str, values: tuple[str, ...]) -> str:
    it = iter(values)
    path = PARAM.sub(lambda m: next(it), route.replace("^", "").replace("$", ""))
    return "/" + path.lstrip("/").replace("\\", "")


def _sample_ids() -> dict[str, list[int]]:
    """The first, a middle and the last primary key of every concrete model with rows."""
    samples = {}
    for model in apps.get_models():
        if model._meta.proxy or not isinstance(
            model._meta.pk, models.AutoField | models.BigAutoField
        ):
            continue
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        if pks:
            samples[model._meta.label] = sorted({pks[0], pks[len(pks) // 2], pks[-1]})
    return samples


def _related() -> dict[str, Callable[[], list[tuple[object, ...]]]]:
    """Real combinations for the routes with several parameters, by route name."""
    from thidua.accounts.models import RoleAssignment
    from thidua.awards.models import PersonYear
    from thidua.documents.models import DocumentRelation
    from thidua.emulation.models import Criterion, Entry, MovementContent, MovementGroup, RoundTally
    from thidua.plans.models import PlanDocument, TaskAssignment

    def rows(qs, *fields):
        return lambda: list(qs.values_list(*fields))

    plan_docs = rows(PlanDocument.objects.all(), "plan_id", "document_id")
    return {
        "documents:relation-delete": rows(DocumentRelation.objects.all(), "source_id", "pk"),
        "plans:document_unlink": plan_docs,
        "plans-plan-unlink-document": plan_docs,
        "plans:task_urge": rows(TaskAssignment.objects.all(), "task_id", "pk"),
        "emulation:content": rows(MovementContent.objects.all(), "movement_id", "pk"),
        "emulation:group": rows(MovementGroup.objects.all(), "movement_id", "pk"),
        "emulation:criterion-new": rows(MovementGroup.objects.all(), "movement_id", "pk"),
        "emulation:criterion": rows(
            Criterion.objects.all(), "group__movement_id", "group_id", "pk"
        ),
        "emulation:entry": rows(Entry.objects.all(), "contest_id", "pk"),
        "emulation:tally": rows(RoundTally.objects.all(), "round__contest_id", "pk"),
        "awards:person-year": rows(PersonYear.objects.all(), "person_id", "year"),
        "accounts:role-withdraw": rows(RoleAssignment.objects.all(), "user_id", "pk"),
    }


def _words() -> dict[str, list[str]]:
    """The words each route with a word parameter acts on, read off its view."""
    from thidua.accounts.views import _PERSON_STEPS
    from thidua.awards.services import NOMINATION_STEPS
    from thidua.concerns.views import _CONCERN_STEPS

    return {
        "concerns:step": sorted(_CONCERN_STEPS),
        "concerns_moved_step": sorted(_CONCERN_STEPS),
        "reporting:submission_action": ["approve", "correct", "return", "submit"],
        "awards:nomination-action": sorted([*NOMINATION_STEPS, "attach"]),
        "accounts:person-action": sorted(_PERSON_STEPS),
        # A user id and a token as a reset link carries them: the first user's, made up.
        "accounts:password_reset_confirm": ["MQ", "set-password"],
    }


def _candidates(
    route: str, name: str, ids: list[int], related: dict, words: dict
) -> Iterator[tuple[str, ...]]:
    params = _params(route)
    if not params:
        yield ()
        return
    kinds = [kind for _, kind in params]
    if len(params) > 1 and kinds.count("int") > 1:
        assert name in related, f"{name} ({route}): add its real combinations to RELATED"
        for combination in related[name]():
            yield tuple(str(v) for v in combination)
    choices = []
    for param, kind in params:
        if kind == "int":
            choices.append([str(i) for i in ids])
        elif kind == "word":
            assert name in words, f"{name} ({route}): add the words of <{param}> to WORDS"
            choices.append(words[name])
        else:
            choices.append(["00000000-0000-0000-0000-000000000000"])
    if kinds.count("int") > 1:  # every id in every numeric parameter at once
        for i in ids:
            yield tuple(str(i) if k == "int" else c[0] for k, c in zip(kinds, choices, strict=True))
    else:
        yield from itertools.product(*choices)


def _methods(route: str) -> tuple[str, ...]:
    return ("get", "post", "patch", "delete") if route.startswith("api/") else ("get", "post")


@pytest.fixture
def everything(db, user_named, unit):
    """All demo data (every scenario), plus a file, a job and an import session, which the
    demo does not make; rolled back after the test."""
    from thidua.core.models import Job
    from thidua.documents.models import Document
    from thidua.documents.services import document_attach
    from thidua.plans.models import TaskAssignment
    from thidua.plans.services import progress_update_create
    from thidua.textimport.services import import_session_create

    call_command("load_demo", verbosity=0)
    luc_ngan = user_named("bg.luc-ngan")
    part = TaskAssignment.objects.filter(unit__code="H-BG-D-LN").first()
    evidence = SimpleUploadedFile("bao-cao.txt", b"Da treo 20 bang ron.", "text/plain")
    progress_update_create(user=luc_ngan, assignment=part, text="x", percent=50, files=[evidence])
    btg = user_named("ht.btg")
    document = Document.objects.filter(issuing_units=unit("P42-BTGTU")).first()
    document_attach(
        user=btg, document=document, upload=SimpleUploadedFile("kh.txt", b"Ke hoach", "text/plain")
    )
    Job.objects.create(kind="export", created_by=user_named("hg.police"))
    import_session_create(user=btg, text="Kế hoạch số 84-KH/HDND-BTGTU", source_name="kh.txt")


# Models that some route loads: the sample must hold real rows of each of them.
MODELS_BEHIND_ROUTES = (
    "orgunits.OrgUnit",
    "documents.Document",
    "documents.DocumentRelation",
    "plans.Plan",
    "plans.Task",
    "plans.TaskAssignment",
    "plans.ProgressUpdate",
    "concerns.ConcernIssue",
    "reporting.ReportForm",
    "reporting.Period",
    "reporting.Submission",
    "emulation.Movement",
    "emulation.MovementContent",
    "emulation.MovementGroup",
    "emulation.Criterion",
    "emulation.Pledge",
    "emulation.Evaluation",
    "emulation.Contest",
    "emulation.Entry",
    "emulation.RoundTally",
    "awards.AwardType",
    "awards.Person",
    "awards.Nomination",
    "awards.AwardDecision",
    "awards.Award",
    "reviews.Review",
    "core.Notification",
    "core.Attachment",
    "core.Job",
    "textimport.ImportSession",
)


def _judge(client, method, url, name, *, anonymous, hops=0) -> str | None:
    """None if the answer refuses or is allowed; else a line saying what got through."""
    response = getattr(client, method)(url, HTTP_ACCEPT_LANGUAGE="en")
    status = response.status_code
    where = f"{method.upper()} {url} ({name})"
    if status in REFUSED or (anonymous and status == 401):
        return None
    open_ = OPEN_TO_ANONYMOUS if anonymous else OPEN_TO_MEMBERS
    if status == 200 and name in open_:
        return None
    if status in REDIRECTS:
        target = response["Location"]
        if anonymous and urlsplit(target).path == resolve_url("accounts:login"):
            return None
        if name not in HARMLESS_REDIRECTS:
            return f"{where} → {status} to {target}: not a known harmless redirect"
        if hops >= 3:
            return f"{where} → {status} to {target}: too many redirects"
        resolved = _name_of(target)
        return _judge(client, "get", target, resolved, anonymous=anonymous, hops=hops + 1)
    return f"{where} → {status}"


def _name_of(url: str) -> str:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return ""
    return match.view_name


def _walk_as(client, *, anonymous: bool) -> tuple[int, list[str]]:
    samples = _sample_ids()
    ids = sorted({i for pks in samples.values() for i in pks})
    related, words = _related(), _words()
    problems, checked = [], 0
    for route, name in _routes():
        for values in _candidates(route, name, ids, related, words):
            url = _fill(route, values)
            for method in _methods(route):
                checked += 1
                problem = _judge(client, method, url, name, anonymous=anonymous)
                if problem:
                    problems.append(problem)
    return checked, problems


def test_an_outsider_is_refused_by_every_page_and_endpoint(everything, outsider):
    samples = _sample_ids()
    for label in MODELS_BEHIND_ROUTES:
        pks = samples[apps.get_model(label)._meta.label]
        assert apps.get_model(label)._default_manager.filter(pk__in=pks).count() == len(pks)
    client = APIClient(raise_request_exception=False)
    client.force_login(outsider)
    client.force_authenticate(outsider)
    checked, problems = _walk_as(client, anonymous=False)
    assert checked > 10_000
    assert not problems, "An outsider got through:\n" + "\n".join(problems)
