"""Stored document numbers re-read by the parser after two corrections (no schema change).

* A law-shaped number (45/2019/QH14) was stored with type code QH14 and issuer code QH; its issuer is now QH14 (the
  Quốc hội of the 14th term) and its type code the one its type name gives ("" for a luật or bộ luật, NQ for a nghị
  quyết, PL for a pháp lệnh of the Standing Committee). Its canonical form and lookup key do not change.
* A number of a central State body whose symbol ends in TW (Ban / Hội đồng Thi đua - Khen thưởng Trung ương) was
  taken for the Party's: "12/HD-BTĐKTTW" was stored as 12-HD/BTĐKTTW. It is now a State number, so its canonical
  form and lookup key change, and so do those of the citations of it.

Only rows the parser now reads differently change, so running this again changes nothing. A document that would then
collide with another under the numbering rules is left as it was. Going back leaves the rows as they are.
"""

from django.db import IntegrityError, migrations, transaction


def recode(apps, schema_editor):
    from tuyengiao.documents.terms import term_for
    from tuyengiao.lib import doccode
    from tuyengiao.lib.text import fold

    Document = apps.get_model("documents", "Document")
    Citation = apps.get_model("documents", "Citation")

    def key(code):
        return fold(code.canonical).replace(" ", "")

    fields = ["code", "code_key", "type_code", "type_name", "issuer_code", "issuer_key", "system", "term"]
    # Whole lists, not iterator(): SQLite does not isolate a cursor from the updates made while reading it.
    for document in list(Document.objects.only(*fields, "issue_date", "search_text")):
        try:
            code = doccode.parse(document.code)
        except doccode.DocCodeError:
            continue
        if document.type_name:
            code = code.with_type_name(document.type_name)
        old = {name: getattr(document, name) for name in fields}
        document.code, document.code_key = code.canonical, key(code)
        document.type_code, document.issuer_code, document.system = code.type, code.issuer, code.system
        if old["issuer_key"] == f"code:{old['issuer_code'].upper()}":
            document.issuer_key = f"code:{code.issuer.upper()}"
        if code.system != old["system"]:
            party = code.system == "party"
            document.term = term_for(code.issuer, document.issue_date) if party and document.issue_date else ""
        if all(getattr(document, name) == value for name, value in old.items()):
            continue
        # The search text starts with the folded code and lookup key (Document.derive).
        before = f"{fold(old['code'])} {old['code_key']}"
        if document.search_text.startswith(before):
            document.search_text = f"{fold(document.code)} {document.code_key}{document.search_text[len(before) :]}"
        try:
            with transaction.atomic():
                document.save(update_fields=[*fields, "search_text"])
        except IntegrityError:
            continue

    for citation in list(Citation.objects.only("raw", "code", "code_key", "document_id")):
        try:
            code = doccode.parse(citation.raw)
        except doccode.DocCodeError:
            continue
        if (code.canonical, key(code)) == (citation.code, citation.code_key):
            continue
        citation.code, citation.code_key = code.canonical, key(code)
        # Still linked to its document if that one moved with it, else to the only document with the new key.
        matches = list(Document.objects.filter(code_key=citation.code_key).values_list("pk", flat=True)[:10])
        if citation.document_id not in matches:
            citation.document_id = matches[0] if len(matches) == 1 else None
        citation.save(update_fields=["code", "code_key", "document"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_subject_sort_key")]
    operations = [migrations.RunPython(recode, migrations.RunPython.noop)]
