from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from tuyengiao.awards.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model("awards", "AwardForm"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
