from django.db import migrations

# The conversion file's last two forms are 14-KNĐ (the grassroots committee's resolution) and
# 15-KNĐ (the decision), as DOMAIN.md and issue 15 number them; steps recorded with the codes the
# app used before (15-KNĐ, 16-KNĐ) are renumbered. A code typed by hand stays. The committee's
# codes move first so that no decision's new code is taken for a committee's old one.
RENUMBERED = [
    ("conversion_committee", "15-KNĐ", "14-KNĐ"),
    ("conversion_decision", "16-KNĐ", "15-KNĐ"),
]


def renumber(apps, schema_editor):
    AdmissionStep = apps.get_model("members", "AdmissionStep")
    for kind, before, after in RENUMBERED:
        AdmissionStep.objects.filter(kind=kind, form_code=before).update(form_code=after)


def number_back(apps, schema_editor):
    AdmissionStep = apps.get_model("members", "AdmissionStep")
    for kind, before, after in reversed(RENUMBERED):
        AdmissionStep.objects.filter(kind=kind, form_code=after).update(form_code=before)


class Migration(migrations.Migration):
    dependencies = [("members", "0023_new_member_course")]

    operations = [migrations.RunPython(renumber, number_back)]
