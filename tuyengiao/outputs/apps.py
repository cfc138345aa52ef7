from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    name = "tuyengiao.outputs"
    verbose_name = _("Định hướng tuyên truyền, bản tin")

    def ready(self) -> None:
        from tuyengiao.outputs import sources  # noqa: F401 - registers the report indicator sources
