from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from store.seed import seed_catalogue, seed_demo_stock


class Command(BaseCommand):
    help = "Create the store's catalogue (safe on every deploy); with --demo, a demo stock at Porte de la Chapelle."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Also a month of demo movements (needs an admin).")

    def handle(self, *args, demo=False, **options):
        self.stdout.write(f"Store: {seed_catalogue()} products created.")
        if demo:
            admin = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if admin is None:
                raise CommandError("The demo stock is recorded by an admin: create one first.")
            self.stdout.write(f"Store: {seed_demo_stock(by=admin)} demo movements.")
