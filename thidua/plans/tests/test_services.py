import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import ChangeRecord, Notification
from thidua.core.services import ConflictError
from thidua.orgunits.models import OrgUnit
from thidua.plans import services
from thidua.plans.models import Plan, ProgressUpdate, TaskAssignment

D = dt.date


def _plan(user, unit, **kw):
    return services.plan_create(
        user=user,
        kind=kw.pop("kind", Plan.Kind.PLAN),
        title=kw.pop("title", "Kế hoạch thử"),
        issuing_units=[unit],
        period_start=kw.pop("period_start", D(2026, 1, 1)),
        period_end=kw.pop("period_end", D(2026, 12, 31)),
        **kw,
    )


def test_a_plan_is_created_only_by_a_manager_of_an_issuing_unit(unit, user_named, outsider):
    plan = _plan(user_named("ht.btg"), unit("P42-BTGTU"))
    assert plan.issuing_units.get().code == "P42-BTGTU"
    with pytest.raises(PermissionDenied):
        _plan(outsider, unit("P42-BTGTU"))
    with pytest.raises(PermissionDenied):
        _plan(user_named("ht.stp"), unit("P42-STP"))  # a reporter, not a manager


def test_bad_plan_input_is_refused_and_nothing_is_written(unit, user_named):
    before = Plan.objects.count()
    with pytest.raises(ValidationError) as exc:
        _plan(
            user_named("ht.btg"),
            unit("P42-BTGTU"),
            period_start=D(2026, 5, 1),
            period_end=D(2026, 1, 1),
        )
    assert "period_end" in exc.value.message_dict
    assert Plan.objects.count() == before


def test_a_child_plan_must_lie_within_its_programme(s3, user_named):
    with pytest.raises(ValidationError):
        _plan(
            user_named("ht.btg"),
            s3.issuing_units.first(),
            parent=s3,
            period_start=D(2026, 1, 1),
            period_end=D(2026, 12, 31),
        )


def test_assigning_a_task_notifies_the_officers_of_each_unit_once(
    s1, user_named, province_supervisor
):
    police = user_named("bg.police")
    before = Notification.objects.filter(user=police).count()
    task = services.task_create(
        user=province_supervisor,
        plan=s1,
        title="Nhiệm vụ mới",
        due_date=D(2023, 12, 20),
        lead_units=[OrgUnit.objects.get(code="H-BG-CA")],
    )
    assert Notification.objects.filter(user=police).count() == before + 1
    services.task_assign(
        user=province_supervisor, task=task, units=[OrgUnit.objects.get(code="H-BG-CA")]
    )
    assert Notification.objects.filter(user=police).count() == before + 1


def test_bulk_assignment_reaches_every_commune_of_a_province_in_one_action(unit, superuser):
    province = unit("P08")
    communes = (
        OrgUnit.objects.subtree_of(province).filter(kind__code__in=["commune", "ward"]).count()
    )
    assert communes > 50
    plan = _plan(superuser, province)
    task = services.task_create(
        user=superuser, plan=plan, title="Báo cáo", due_date=D(2026, 11, 30)
    )
    new = services.task_assign_bulk(
        user=superuser, task=task, under=province, kinds=["commune", "ward"]
    )
    assert len(new) == communes == task.assignments.count()
    assert ChangeRecord.objects.filter(event="assigned", object_id=str(task.pk)).count() == 1
    again = services.task_assign_bulk(
        user=superuser, task=task, under=province, kinds=["commune", "ward"]
    )
    assert again == [] and task.assignments.count() == communes


def test_every_province_in_one_action(unit, superuser):
    nation = unit("VN")
    plan = _plan(superuser, nation)
    task = services.task_create(user=superuser, plan=plan, title="Sơ kết", due_date=D(2026, 11, 30))
    new = services.task_assign_bulk(
        user=superuser,
        task=task,
        under=nation,
        kinds=["province", "central_city"],
        whole_subtree=False,
    )
    assert len(new) == 34


def test_a_unit_outside_the_plans_reach_cannot_be_assigned(
    s1, unit, province_supervisor, police_task
):
    with pytest.raises(ValidationError):
        services.task_assign(user=province_supervisor, task=police_task, units=[unit("P42-STP")])


def test_abolished_units_cannot_receive_a_new_plans_task(unit, superuser):
    plan = _plan(superuser, unit("VN"))
    task = services.task_create(user=superuser, plan=plan, title="x", due_date=D(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.task_assign(user=superuser, task=task, units=[unit("H-BG-D-LN")])


def test_a_unit_posts_progress_and_100_percent_completes_its_part(police_task, user_named):
    a = police_task.assignments.get(unit__code="H-BG-CA")
    assert a.completed_on == D(2023, 12, 1)
    services.progress_update_create(
        user=user_named("bg.police"), assignment=a, text="bổ sung", percent=90
    )
    a.refresh_from_db()
    assert a.completed_on is None and a.percent == 90


def test_a_coordinating_unit_cannot_post_or_edit_the_lead_units_updates(police_task, user_named):
    # Sở TT&TT coordinates on the police task; bg.foreign reports for Sở Ngoại vụ (elsewhere).
    lead = police_task.assignments.get(unit__code="H-BG-CA")
    other = user_named("bg.foreign")
    with pytest.raises(PermissionDenied):
        services.progress_update_create(user=other, assignment=lead, text="x", percent=50)
    update = lead.updates.first()
    with pytest.raises(PermissionDenied):
        services.progress_update_edit(
            user=other, update=update, expected_version=update.version, text="y"
        )


def test_a_coordinating_units_officer_sees_the_task_but_cannot_report_for_the_lead(s1, user_named):
    from thidua.plans import selectors

    foreign = user_named("bg.foreign")  # H-BG-SNGV leads one task only
    police = user_named("bg.police")  # H-BG-CA coordinates the banner and foreign tasks
    visible = set(
        selectors.visible_tasks(user=police).filter(plan=s1).values_list("title", flat=True)
    )
    assert any(t.startswith("Treo băng rôn") for t in visible)
    banner_lead = TaskAssignment.objects.get(task__plan=s1, unit__code="H-BG-D-TP")
    with pytest.raises(PermissionDenied):
        services.progress_update_create(user=police, assignment=banner_lead, text="x", percent=10)
    assert (
        not selectors.visible_tasks(user=foreign).filter(title__startswith="Treo băng rôn").exists()
    )


def test_a_concurrent_edit_of_a_task_is_refused(police_task, province_supervisor):
    v = police_task.version
    services.task_update(user=province_supervisor, task=police_task, expected_version=v, title="A")
    with pytest.raises(ConflictError):
        services.task_update(
            user=province_supervisor, task=police_task, expected_version=v, title="B"
        )


def test_editing_an_update_checks_its_version(police_task, user_named):
    update = ProgressUpdate.objects.filter(assignment__task=police_task).first()
    police = user_named("bg.police")
    services.progress_update_edit(
        user=police, update=update, expected_version=update.version, text="sửa"
    )
    with pytest.raises(ConflictError):
        services.progress_update_edit(
            user=police, update=update, expected_version=update.version, text="again"
        )


def test_moving_the_deadline_moves_units_still_on_it(police_task, province_supervisor):
    services.task_update(
        user=province_supervisor,
        task=police_task,
        expected_version=police_task.version,
        due_date=D(2023, 12, 9),
    )
    # The police had finished: its part keeps the deadline it was judged against.
    assert police_task.assignments.get(role="lead").due_date == D(2023, 12, 5)
    assert police_task.assignments.get(unit__code="H-BG-STTTT").due_date == D(2023, 12, 9)


def test_urging_is_recorded_and_notified_once_a_day(banners, province_supervisor, user_named):
    late = banners.assignments.get(unit__code="H-BG-D-LN")
    day = D(2026, 11, 22)
    assert services.task_urge(
        user=province_supervisor, assignment=late, message="Khẩn trương", today=day
    )
    assert not services.task_urge(user=province_supervisor, assignment=late, today=day)
    late.refresh_from_db()
    assert late.urge_count == 1
    assert (
        Notification.objects.filter(user=user_named("bg.luc-ngan"), kind="plans.urged").count() == 1
    )
    assert ChangeRecord.objects.filter(event="urged", object_id=str(banners.pk)).count() == 1
    assert services.task_urge(
        user=province_supervisor, assignment=late, today=day + dt.timedelta(days=1)
    )


def test_a_unit_officer_cannot_urge_and_a_done_unit_is_not_urged(
    banners, province_supervisor, user_named
):
    late = banners.assignments.get(unit__code="H-BG-D-LN")
    with pytest.raises(PermissionDenied):
        services.task_urge(user=user_named("bg.police"), assignment=late)
    done = banners.assignments.get(unit__code="H-BG-D-TP")
    with pytest.raises(ValidationError):
        services.task_urge(user=province_supervisor, assignment=done)


def test_evidence_files_are_stored_on_the_update(police_task, user_named, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.plans import selectors

    settings.MEDIA_ROOT = tmp_path
    a = police_task.assignments.get(unit__code="H-BG-CA")
    f = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.progress_update_create(
        user=user_named("bg.police"), assignment=a, text="x", percent=100, files=[f]
    )
    updates = selectors.task_updates(task=police_task)
    assert updates[0].evidence[0].name == "bien-ban.pdf"
    assert updates[0].evidence[0].size == len(b"%PDF-1.4 test")


def test_too_many_evidence_files_are_refused_before_anything_is_written(police_task, user_named):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = police_task.assignments.get(unit__code="H-BG-CA")
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(services.MAX_EVIDENCE_FILES + 1)]
    before = ProgressUpdate.objects.count()
    with pytest.raises(ValidationError):
        services.progress_update_create(
            user=user_named("bg.police"), assignment=a, text="x", percent=5, files=files
        )
    assert ProgressUpdate.objects.count() == before


def test_a_moved_deadline_is_in_the_history_of_each_unit_part_it_moved(
    police_task, province_supervisor
):
    services.task_update(
        user=province_supervisor,
        task=police_task,
        expected_version=police_task.version,
        due_date=D(2023, 12, 9),
    )
    moved = police_task.assignments.get(unit__code="H-BG-STTTT")
    events = ChangeRecord.objects.filter(
        event="deadline changed", content_type__model="taskassignment", object_id=str(moved.pk)
    )
    assert [(e.before, e.after) for e in events] == [
        ({"due_date": "2023-12-05"}, {"due_date": "2023-12-09"})
    ]
    kept = police_task.assignments.get(role="lead")  # done: judged against its deadline
    assert not ChangeRecord.objects.filter(
        event="deadline changed", content_type__model="taskassignment", object_id=str(kept.pk)
    ).exists()


def test_a_cancelled_task_takes_no_more_changes(police_task, province_supervisor, unit):
    services.task_cancel(user=province_supervisor, task=police_task, reason="Gộp nhiệm vụ")
    police_task.refresh_from_db()
    for call in [
        lambda: services.task_cancel(user=province_supervisor, task=police_task),
        lambda: services.task_update(
            user=province_supervisor, task=police_task, expected_version=None, title="x"
        ),
        lambda: services.task_assign(
            user=province_supervisor, task=police_task, units=[unit("H-BG-SNGV")]
        ),
    ]:
        with pytest.raises(ValidationError):
            call()
