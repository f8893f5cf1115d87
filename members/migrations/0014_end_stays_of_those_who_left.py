"""End the open cell stays of people who left the unit or the Party before stays were ended.

Until now a graduate's or a withdrawn cadet's stay stayed open, so the cell's official members
on any later meeting day still counted them. Each stay ends on the best date the records hold:
the striking-off step's date; a graduate's expected graduation date once passed; otherwise the
day the change history first shows the person as no longer studying; failing all, today.
Every ended stay gets a history entry like the application's own changes.
"""


from django.db import migrations
from django.utils import timezone

REASON = "Kết thúc sinh hoạt chi bộ của người đã rời đơn vị (chuyển đổi dữ liệu)"


def _left_on(person, struck_off_on, history_dates, today):
    if struck_off_on is not None:
        return struck_off_on
    graduated = person.expected_graduation_date
    if person.study_status == "graduated" and graduated and graduated <= today:
        return graduated
    return history_dates.get(person.pk, today)


def end_stays(apps, schema_editor):
    Person = apps.get_model("members", "Person")
    CellMembership = apps.get_model("members", "CellMembership")
    HistoricalCellMembership = apps.get_model("members", "HistoricalCellMembership")
    HistoricalPerson = apps.get_model("members", "HistoricalPerson")
    AdmissionStep = apps.get_model("members", "AdmissionStep")
    today = timezone.localdate()
    struck_off = dict(
        AdmissionStep.objects.filter(kind="struck_off").values_list("person_id", "date")
    )
    left = set(Person.objects.exclude(study_status="studying").values_list("pk", flat=True))
    stays = list(
        CellMembership.objects.filter(end_date__isnull=True, person_id__in=left | set(struck_off))
        .select_related("person")
        .order_by("pk")
    )
    history_dates = {}
    for person_id, moment in (
        HistoricalPerson.objects.exclude(study_status="studying")
        .filter(id__in=left)
        .order_by("-history_date")
        .values_list("id", "history_date")
    ):
        history_dates[person_id] = timezone.localtime(moment).date()
    now = timezone.now()
    for stay in stays:
        on = _left_on(stay.person, struck_off.get(stay.person_id), history_dates, today)
        stay.end_date = max(on, stay.start_date)
    CellMembership.objects.bulk_update(stays, ["end_date"], batch_size=2000)
    HistoricalCellMembership.objects.bulk_create(
        [
            HistoricalCellMembership(
                id=stay.pk,
                person_id=stay.person_id,
                cell_id=stay.cell_id,
                start_date=stay.start_date,
                end_date=stay.end_date,
                history_date=now,
                history_type="~",
                history_change_reason=REASON[:100],
            )
            for stay in stays
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0013_stays_end_and_vote_reason")]

    operations = [migrations.RunPython(end_stays, migrations.RunPython.noop)]
