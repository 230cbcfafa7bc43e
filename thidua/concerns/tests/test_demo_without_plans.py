"""The concerns demo alone, in a module of its own: the S3 plans that the other demo tests
load once per module must not be there."""

from thidua.concerns import demo
from thidua.concerns.models import ConcernIssue


def test_without_the_plans_demo_the_issues_are_under_no_plan(db):
    demo.load()
    assert ConcernIssue.objects.count() == 7
    assert not ConcernIssue.objects.filter(plan__isnull=False).exists()
