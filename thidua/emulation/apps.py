from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = _("Emulation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.core.registry import registry
        from thidua.emulation import demo
        from thidua.emulation.attention import attention
        from thidua.emulation.receivers import figures_changed
        from thidua.reporting.signals import synthesis_changed

        registry.add_nav(_("Emulation"), "emulation:list", order=50)
        registry.add_attention(attention)
        registry.add_demo(60, "emulation", demo.load)
        # Scores computed from indicators follow the approved figures, in the same
        # transaction (the emulation app depends on reporting, never the reverse).
        synthesis_changed.connect(figures_changed, dispatch_uid="emulation-figures-changed")
