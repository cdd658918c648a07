"""Volunteer.has_driving_licence becomes a declared `driving-licence` qualification, granted by themselves."""

from django.db import migrations
from django.utils import timezone

DRIVING_LICENCE = {"name": "Driving licence", "name_fr": "Permis de conduire", "needs_check": False, "position": 3}


def forwards(apps, schema_editor):
    Qualification = apps.get_model("volunteers", "Qualification")
    QualificationGrant = apps.get_model("volunteers", "QualificationGrant")
    Volunteer = apps.get_model("volunteers", "Volunteer")
    licence, _ = Qualification.objects.get_or_create(slug="driving-licence", defaults=DRIVING_LICENCE)
    today = timezone.localdate()
    drivers = Volunteer.objects.filter(has_driving_licence=True).exclude(
        qualification_grants__qualification=licence, qualification_grants__revoked_at=None
    )
    QualificationGrant.objects.bulk_create(
        [
            QualificationGrant(
                volunteer_id=pk,
                qualification=licence,
                granted_by_id=pk,
                granted_on=today,
                note="Declared on the profile (moved from the former checkbox).",
            )
            for pk in drivers.values_list("pk", flat=True)
        ],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    Volunteer = apps.get_model("volunteers", "Volunteer")
    Volunteer.objects.filter(
        qualification_grants__qualification__slug="driving-licence", qualification_grants__revoked_at=None
    ).update(has_driving_licence=True)


class Migration(migrations.Migration):
    atomic = False  # see sites.0008: the rows are written and committed before the column goes

    dependencies = [
        ("volunteers", "0003_qualifications"),
        ("sites", "0008_driving_licence_qualification"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, atomic=True),
        migrations.RemoveField(model_name="volunteer", name="has_driving_licence"),
    ]
