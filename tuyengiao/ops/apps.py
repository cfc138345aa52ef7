from django.apps import AppConfig


class OpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tuyengiao.ops"
    verbose_name = "Vận hành"
