"""Mission.requires_driving_licence becomes the `driving-licence` qualification, required by the same missions."""

from django.db import migrations

DRIVING_LICENCE = {"name": "Driving licence", "name_fr": "Permis de conduire", "needs_check": False, "position": 3}


def forwards(apps, schema_editor):
    Qualification = apps.get_model("volunteers", "Qualification")
    Mission = apps.get_model("sites", "Mission")
    licence, _ = Qualification.objects.get_or_create(slug="driving-licence", defaults=DRIVING_LICENCE)
    for mission in Mission.objects.filter(requires_driving_licence=True):
        mission.required_qualifications.add(licence)


def backwards(apps, schema_editor):
    Mission = apps.get_model("sites", "Mission")
    Mission.objects.filter(required_qualifications__slug="driving-licence").update(requires_driving_licence=True)


class Migration(migrations.Migration):
    # Data first, then the column goes: not in one transaction, so PostgreSQL never alters a table with
    # pending trigger events from the rows just written.
    atomic = False

    dependencies = [
        ("sites", "0007_team_rules"),
        ("volunteers", "0003_qualifications"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, atomic=True),
        migrations.RemoveField(model_name="mission", name="requires_driving_licence"),
    ]
