from django.core.management.base import BaseCommand
from django.db import transaction

from shifts.models import ShiftTemplate
from sites.models import Mission
from sites.onboarding_seed import BRIEFING_CAPACITY, BRIEFING_END, BRIEFING_START
from sites.seed import seed_sites


def give_daily_slots(briefing: Mission) -> None:
    """A new briefing runs every day (only when the mission is created: an admin's later changes stay)."""
    ShiftTemplate.objects.bulk_create(
        ShiftTemplate(
            mission=briefing,
            weekday=weekday,
            start_time=BRIEFING_START,
            end_time=BRIEFING_END,
            capacity=BRIEFING_CAPACITY,
        )
        for weekday in range(7)
    )


class Command(BaseCommand):
    help = "Create or update the organisation's sites and missions (safe to run on every deploy)."

    @transaction.atomic
    def handle(self, *args, **options):
        sites, missions = seed_sites(new_briefing=give_daily_slots)
        self.stdout.write(f"Sites: {sites} created. Missions: {missions} created. Existing ones updated.")
