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
        self._stamp_definitions_on_change()

    def _stamp_definitions_on_change(self) -> None:
        """Every save or delete of what a form's definition is made of writes a fresh
        definitions token (``synthesis.stamp_definitions``): reads derived from it are
        then computed afresh."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from thidua.reporting import models
        from thidua.reporting.synthesis import stamp_definitions

        for model in (
            models.Indicator,
            models.Dimension,
            models.ReportForm,
            models.FormSection,
            models.FormItem,
            models.ValidationRule,
        ):
            for signal in (post_save, post_delete):
                signal.connect(stamp_definitions, sender=model, dispatch_uid=f"stamp-{model}")
        m2m_changed.connect(
            stamp_definitions,
            sender=models.Indicator.dimensions.through,
            dispatch_uid="stamp-indicator-dimensions",
        )
