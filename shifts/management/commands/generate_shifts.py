from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shifts.roster.planning import check_in_window, generate_shifts
from sites.models import Site


class Command(BaseCommand):
    help = "Create a site's shifts from its weekly templates. Running it twice creates nothing twice."

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="site slug, e.g. calais")
        parser.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--days", type=int, default=14, help="number of days (1-366)")

    def handle(self, *args, site, start, days, **options):
        try:
            site_obj = Site.objects.get(slug=site)
        except Site.DoesNotExist:
            known = ", ".join(Site.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No site with slug {site!r}. Known sites: {known}.") from None
        try:
            start_day = date.fromisoformat(start)
        except ValueError:
            raise CommandError(f"--start {start!r} is not a date in the form YYYY-MM-DD.") from None
        if not 1 <= days <= 366:
            raise CommandError("--days must be between 1 and 366.")
        try:
            check_in_window(start_day, today=timezone.localdate())
        except ValidationError as error:
            raise CommandError(f"--start: {' '.join(error.messages)}") from None
        result = generate_shifts(site=site_obj, start=start_day, days=days)
        self.stdout.write(
            f"{site_obj.name}: {result.created} shifts created, {result.existing} already there, "
            f"{result.closed} skipped for closures."
        )
