from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "tuyengiao.networks"
    verbose_name = _("Mạng lưới báo cáo viên, cộng tác viên, mô hình")

    def ready(self) -> None:
        from tuyengiao.networks import sources  # noqa: F401 - registers the report indicator sources
