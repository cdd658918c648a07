from django.core.management.base import BaseCommand

from sites.seed import seed_sites


class Command(BaseCommand):
    help = "Create or update the organisation's sites and missions (safe to run on every deploy)."

    def handle(self, *args, **options):
        sites, missions = seed_sites()
        self.stdout.write(f"Sites: {sites} created. Missions: {missions} created. Existing ones updated.")
