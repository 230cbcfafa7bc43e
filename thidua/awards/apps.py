from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Awards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.awards import demo, views
        from thidua.awards.attention import attention
        from thidua.core.registry import registry

        registry.add_nav(_("Commendations"), "awards:home", order=60)
        registry.add_attention(attention)
        registry.add_demo(70, "awards", demo.load)
        registry.add_word_source("awards.decision", views.decision_word)
