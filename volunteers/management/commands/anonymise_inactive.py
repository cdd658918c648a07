from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from volunteers import services


class Command(BaseCommand):
    help = (
        "Erase the personal data of volunteers with no activity (login, sign-up, shift) for N years. "
        "Never staff, never site coordinators. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=settings.UTOPIA_INACTIVITY_YEARS,
            help="Inactivity period in years (default: UTOPIA_INACTIVITY_YEARS, %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count; change nothing.")

    def handle(self, *args, years, dry_run, **options):
        if years < 1:
            raise CommandError("--years must be at least 1.")
        result = services.anonymise_inactive(years=years, dry_run=dry_run)
        verb = "would anonymise" if dry_run else "anonymised"
        # Ids only: never names, emails or phone numbers.
        self.stdout.write(
            f"{verb} {len(result.ids)} volunteers inactive since {result.cutoff.date().isoformat()}: ids {result.ids}"
        )
