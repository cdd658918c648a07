"""A few prepared replies to donation offers to start with; admins edit them or add others."""

from django.db import migrations

REPLIES = [
    {
        "name": "Yes: we will arrange it",
        "name_fr": "Oui : nous organisons la remise",
        "subject": "Your donation offer",
        "subject_fr": "Votre proposition de don",
        "body": "Hello {name},\n\nThank you for your offer: yes, it is welcome. We will contact you shortly to agree "
        "on a day and a place to receive it.",
        "body_fr": "Bonjour {name},\n\nMerci pour votre proposition : oui, elle est la bienvenue. Nous vous "
        "recontactons très vite pour convenir d'un jour et d'un lieu de remise.",
        "sets_status": "accepted",
        "position": 0,
    },
    {
        "name": "Yes: bring it to a collection point",
        "name_fr": "Oui : à déposer à un point de collecte",
        "subject": "Your donation offer",
        "subject_fr": "Votre proposition de don",
        "body": "Hello {name},\n\nThank you for your offer: yes, it is welcome. You can bring it to one of our "
        "collection points while volunteers are there; the places and times are on our donations page.",
        "body_fr": "Bonjour {name},\n\nMerci pour votre proposition : oui, elle est la bienvenue. Vous pouvez la "
        "déposer à l'un de nos points de collecte pendant que des bénévoles y sont ; les lieux et horaires sont "
        "sur notre page des dons.",
        "sets_status": "accepted",
        "position": 1,
    },
    {
        "name": "No thanks: we have enough",
        "name_fr": "Non merci : nous en avons assez",
        "subject": "Your donation offer",
        "subject_fr": "Votre proposition de don",
        "body": "Hello {name},\n\nThank you very much for thinking of us. We already have enough of what you "
        "offer and cannot store more for now. Our donations page shows what is needed today.",
        "body_fr": "Bonjour {name},\n\nMerci beaucoup d'avoir pensé à nous. Nous avons déjà assez de ce que vous "
        "proposez et ne pouvons pas en stocker davantage pour le moment. Notre page des dons indique ce qui "
        "manque aujourd'hui.",
        "sets_status": "declined",
        "position": 2,
    },
]


def add_replies(apps, schema_editor):
    OfferReply = apps.get_model("sites", "OfferReply")
    for reply in REPLIES:
        OfferReply.objects.get_or_create(name=reply["name"], defaults=reply)


class Migration(migrations.Migration):
    dependencies = [("sites", "0004_donations")]

    operations = [migrations.RunPython(add_replies, migrations.RunPython.noop)]
