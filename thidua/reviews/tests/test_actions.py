"""Every workflow action of the reviews app: a button that is shown is one the service
accepts (``thidua.core.testing.WorkflowActionTests``).

The reviews are written by the Hà Giang police (``hg.police``, its manager) over the
province; the provincial chair (``hg.chair``, an approver of the province) reads them but
writes none of the police's; Hà Tĩnh's ``ht.bcd35`` sees none of them.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from thidua.core.testing import WorkflowActionTests
from thidua.reviews import demo, services
from thidua.reviews.models import Review

pytestmark = pytest.mark.django_db


def police_review(admin, unit, *, finalised: bool = False, title: str = "Sơ kết thử") -> Review:
    """A review of programme 09 by the provincial police over Hà Giang (base demo only)."""
    review = services.review_create(
        user=admin,
        kind="preliminary",
        title=title,
        start_year=2019,
        end_year=2023,
        unit=unit("H-HG-CA"),
        area=unit("H-HG"),
        document=demo._programme_09(),
    )
    if finalised:
        review = services.review_finalise(user=admin, review=review, expected_version=None)
    return review


class _PoliceReview(WorkflowActionTests):
    granted = "hg.police"
    refused = "hg.chair"
    outsider = "ht.bcd35"

    def review(self, **kwargs) -> Review:
        return police_review(self.user("admin"), self.fixture("unit"), **kwargs)

    def page_url(self, obj: Review) -> str:
        return f"/reviews/{obj.pk}/"


class TestFinaliseReview(_PoliceReview):
    action = "finalise"

    def make(self) -> Review:
        return self.review()

    def make_in_wrong_state(self) -> Review:
        return self.review(finalised=True)

    def perform(self, user, obj):
        services.review_finalise(user=user, review=obj, expected_version=obj.version)


class TestReviseReview(_PoliceReview):
    """Correct a finalised review: a new edition (of the current one only)."""

    action = "revise"

    def make(self) -> Review:
        return self.review(finalised=True)

    def make_in_wrong_state(self) -> Review:
        return self.review()

    def perform(self, user, obj):
        services.review_revise(user=user, review=obj, expected_version=obj.version)


class TestOpenReview(WorkflowActionTests):
    """Opening a review has no object yet: the button is on the list of reviews."""

    action = "create"
    granted = "hg.police"
    refused = "hg.lungcu"  # a commune reporter reads reviews, writes none
    outsider = "outsider"

    def make(self):
        return self.fixture("unit")

    def page_url(self, obj) -> str:
        return "/reviews/"

    def perform(self, user, obj):
        services.review_create(
            user=user,
            kind="final",
            title="Tổng kết thử",
            start_year=2013,
            end_year=2023,
            unit=obj("H-HG-CA"),
            area=obj("H-HG"),
            document=demo._programme_09(),
        )


def test_an_older_edition_offers_no_correction_and_refuses_one(client_for, user_named, unit):
    police = user_named("hg.police")
    first = police_review(user_named("admin"), unit, finalised=True)
    second = services.review_revise(user=police, review=first, expected_version=first.version)
    services.review_finalise(user=police, review=second, expected_version=second.version)
    first.refresh_from_db()
    page = client_for(police).get(f"/reviews/{first.pk}/").content.decode()
    assert 'data-action="revise"' not in page and 'data-action="finalise"' not in page
    with pytest.raises(ValidationError, match="newer edition"):
        services.review_revise(user=police, review=first, expected_version=first.version)
