"""Document numbers are unique per registry (each province keeps its own), no longer nationally.

Adds ``Document.registry_key`` (``documents/registry.py``: the province-level unit the owner is or lies under on the
issue date, or "central"), replaces the two numbering constraints by the same ones within a registry, then fills
the key of every stored document with the rule ``Document.derive`` applies, walking the historical unit versions.

The new constraints hold as soon as they are added (every key is still "" and the old constraints held), and
filling the keys only splits groups, so the data changes come last, after every schema change (PostgreSQL refuses
an ALTER TABLE after updates in the same transaction when triggers are pending). Going back restores the national
constraints, which fails if two registries now hold the same number.
"""

from django.db import migrations, models


def fill_registry_keys(apps, schema_editor):
    from django.utils import timezone

    from tuyengiao.documents.registry import Walker

    Document = apps.get_model("documents", "Document")
    UnitVersion = apps.get_model("units", "UnitVersion")
    walker = Walker(UnitVersion.objects.values_list("unit_id", "parent_id", "valid_from", "valid_to", "unit__level"))
    today = timezone.localdate()
    by_key = {}
    for pk, owner_id, issue_date in Document.objects.values_list("pk", "owner_id", "issue_date"):
        by_key.setdefault(walker.key(owner_id, issue_date or today), []).append(pk)
    for key, pks in by_key.items():
        for start in range(0, len(pks), 500):
            Document.objects.filter(pk__in=pks[start : start + 500]).update(registry_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_recode_document_numbers"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="registry_key",
            field=models.CharField(default="", editable=False, max_length=32, verbose_name="sổ đăng ký"),
        ),
        migrations.RemoveConstraint(model_name="document", name="party_number_unique_per_term"),
        migrations.RemoveConstraint(model_name="document", name="state_number_unique_per_year"),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("system", "party")),
                fields=("registry_key", "issuer_key", "type_code", "number", "term"),
                name="party_number_unique_per_registry_term",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("system", "state")),
                fields=("registry_key", "issuer_key", "type_code", "number", "year"),
                name="state_number_unique_per_registry_year",
            ),
        ),
        migrations.RunPython(fill_registry_keys, migrations.RunPython.noop),
    ]
