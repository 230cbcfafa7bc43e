from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    default_auto_field = "django.db.models.BigAutoField"
