"""Seed the fields of work (tuyengiao/documents/fields.py); idempotent."""

from django.db import migrations


def seed(apps, schema_editor):
    from tuyengiao.documents.fields import FIELDS_OF_WORK

    FieldOfWork = apps.get_model("documents", "FieldOfWork")
    for order, (code, name) in enumerate(FIELDS_OF_WORK, start=1):
        FieldOfWork.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
