from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "thidua.concerns"
    label = "concerns"
    verbose_name = _("Issues of public concern")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.concerns import demo, selectors
        from thidua.concerns.reminders import concern_notices
        from thidua.core.registry import registry

        registry.add_nav(_("Public concerns"), "concerns:list", order=32)
        registry.add_attention(selectors.attention_items)
        registry.add_reminders(concern_notices)
        # After plans (40): the issues are recorded under an S3 plan when it is there.
        registry.add_demo(45, "concerns", demo.load)
