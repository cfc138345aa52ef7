from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _lineage_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A new or removed lineage link changes what a unit's year includes from its predecessors."""
    from tuyengiao.reports import rollups

    rollups.refresh_lineage(instance.successor_id)


def _tree_loaded(sender: Any, **kwargs: Any) -> None:
    """A tree loaded anew (a reform): the country's pivot rows are computed again in its structure."""
    from tuyengiao.reports import grouprollups

    grouprollups.rebuild()


class ReportsConfig(AppConfig):
    name = "tuyengiao.reports"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from tuyengiao.units.loader import tree_loaded
        from tuyengiao.units.models import UnitLink

        tree_loaded.connect(_tree_loaded, dispatch_uid="reports-group-rollups-tree-loaded")
        post_save.connect(_lineage_changed, sender=UnitLink, dispatch_uid="reports-rollups-link-saved")
        post_delete.connect(_lineage_changed, sender=UnitLink, dispatch_uid="reports-rollups-link-deleted")
