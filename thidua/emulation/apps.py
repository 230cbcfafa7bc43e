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

        registry.add_nav(_("Emulation"), "emulation:list", order=50)
        registry.add_attention(attention)
        registry.add_demo(60, "emulation", demo.load)
