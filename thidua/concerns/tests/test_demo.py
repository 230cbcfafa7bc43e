from thidua.concerns import demo
from thidua.concerns.models import ConcernIssue


def test_s3_demo_has_concerns_in_every_state_under_the_2024_plan(s3):
    states = set(ConcernIssue.objects.values_list("state", flat=True))
    assert states == set(ConcernIssue.State.values)
    assert ConcernIssue.objects.filter(reopen_count=1, state="forwarded").exists()
    assert {c.plan.title for c in ConcernIssue.objects.select_related("plan")} == {demo.PLAN_TITLE}


def test_loading_the_demo_twice_changes_nothing(s3):
    count = ConcernIssue.objects.count()
    demo.load()
    assert ConcernIssue.objects.count() == count
