"""The donation models now belong to the `donations` app (donations/migrations/0001): forget them here, in the
state only. Their tables stay where they are, with their rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0010_rest_rules_and_store"),
        ("donations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OfferMessage"),
                migrations.DeleteModel(name="DonationOffer"),
                migrations.DeleteModel(name="Need"),
                migrations.DeleteModel(name="OfferReply"),
            ],
        ),
    ]
