from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "tuyengiao.awards"
    verbose_name = _("Thi đua, khen thưởng")
