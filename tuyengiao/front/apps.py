from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    name = "tuyengiao.front"
    verbose_name = _("Giao diện chung")
