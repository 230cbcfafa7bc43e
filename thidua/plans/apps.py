from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "thidua.plans"
    label = "plans"
    verbose_name = _("Plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.core.registry import registry
        from thidua.plans import demo, selectors, views
        from thidua.plans.permissions import evidence_reader
        from thidua.plans.reminders import task_notices

        registry.add_nav(_("Plans"), "plans:list", order=30)
        registry.add_nav(_("My tasks"), "plans:my_tasks", order=31)
        registry.add_attention(selectors.attention_items)
        registry.add_reminders(task_notices)
        registry.add_demo(40, "plans", demo.load)
        # Evidence files: the update's unit and the plan's followers, not every task unit.
        registry.add_attachment_reader("plans.ProgressUpdate", evidence_reader)
        registry.add_word_source("plans.follow_up_report", views.follow_up_report_word)
        registry.add_offline_pages(selectors.offline_pages)
