from django.apps import AppConfig


class TextimportConfig(AppConfig):
    name = "thidua.textimport"
    label = "textimport"
    default_auto_field = "django.db.models.BigAutoField"
