from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "thidua.reporting"
    label = "reporting"
    verbose_name = _("Reporting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.core.registry import registry
        from thidua.reporting import demo, views
        from thidua.reporting.attention import offline_pages, reports_attention

        registry.add_nav(_("Reports"), "reporting:home", order=40)
        registry.add_attention(reports_attention)
        registry.add_demo(50, "reporting", demo.load)
        registry.add_word_source("reporting.synthesis", views.synthesis_word)
        registry.add_offline_pages(offline_pages)
