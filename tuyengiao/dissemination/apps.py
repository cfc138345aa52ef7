from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "tuyengiao.dissemination"
    verbose_name = _("Học tập, quán triệt")

    def ready(self) -> None:
        from tuyengiao.dissemination import sources  # noqa: F401 - registers the report indicator sources
