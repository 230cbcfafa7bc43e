"""Every page and endpoint sends an anonymous caller to sign in, or refuses them: the walk
of ``test_outsider_everywhere`` (same routes, ids and rules) without signing in. A file of
its own, so that the two walks, the longest tests, run in parallel test processes."""

import pytest
from rest_framework.test import APIClient

from thidua.core.tests.test_outsider_everywhere import _walk_as, everything  # noqa: F401

pytestmark = pytest.mark.django_db


def test_an_anonymous_caller_is_sent_to_sign_in_or_refused_everywhere(everything):  # noqa: F811
    client = APIClient(raise_request_exception=False)
    checked, problems = _walk_as(client, anonymous=True)
    assert checked > 10_000
    assert not problems, "An anonymous caller got through:\n" + "\n".join(problems)
