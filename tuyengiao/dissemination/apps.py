from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "tuyengiao.dissemination"
    verbose_name = _("Học tập, quán triệt")
