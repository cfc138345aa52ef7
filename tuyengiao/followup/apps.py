from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tuyengiao.followup"
    verbose_name = _("Nhiệm vụ, kiểm tra")

    def ready(self) -> None:
        from tuyengiao.followup import sources  # noqa: F401 - registers the report indicator sources
