from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tuyengiao.meetings"
    verbose_name = _("Hội nghị")
