from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tuyengiao.people"
    verbose_name = _("Đội ngũ cán bộ")

    def ready(self) -> None:
        from tuyengiao.people import sources  # noqa: F401 - registers the report indicator sources
