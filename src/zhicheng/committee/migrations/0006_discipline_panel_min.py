"""The minimum size of a discipline panel (评议组) as a parameter an administrator edits; existing meetings
get their seats from the draws made so far."""

from django.db import migrations


def load(apps, schema_editor):
    from zhicheng.committee.agenda import AGENDA_PARAMETERS

    Parameter = apps.get_model("codes", "Parameter")
    for key, (name, value, unit, source) in AGENDA_PARAMETERS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


def seats(apps, schema_editor):
    PanelDraw = apps.get_model("committee", "PanelDraw")
    MeetingSeat = apps.get_model("committee", "MeetingSeat")
    members: dict[int, list[int]] = {}
    for d in PanelDraw.objects.order_by("pk"):
        gone = set(d.replaced_ids)
        members[d.meeting_id] = [e for e in members.get(d.meeting_id, []) if e not in gone] + list(d.drawn_ids)
    MeetingSeat.objects.bulk_create([MeetingSeat(meeting_id=m, expert_id=e) for m, ids in members.items()
                                     for e in ids])


class Migration(migrations.Migration):
    dependencies = [("committee", "0005_panels"), ("codes", "0002_load_code_tables")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop),
                  migrations.RunPython(seats, migrations.RunPython.noop)]
