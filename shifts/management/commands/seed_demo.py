import random
from datetime import date, time, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from shifts.models import Notification, Shift, ShiftTemplate, Signup
from shifts.roster.planning import generate_shifts
from shifts.services import SignupRefused, sign_up, sign_up_with_briefing
from sites.models import CollectionPoint, Mission, Site
from volunteers.charter import accept_charter, current_charter
from volunteers.models import Qualification, QualificationGrant
from volunteers.services import grant_qualification

Volunteer = get_user_model()

HISTORY_DAYS = 90
DEMO_PASSWORD = "utopia-demo"  # noqa: S105  # nosec B105  # demo only; the command refuses to run without DEBUG
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "utopia-admin"  # noqa: S105  # nosec B105  # demo only

# (mission slug, [(start, end, capacity)]): about thirty volunteer slots a day per site between
# 08:00 and 21:00, plus night maraudes in Calais and a night welcome desk at Grande-Synthe.
WEEKLY_PATTERN = {
    "calais": [
        ("warehouse-sorting", [(time(8), time(12), 6), (time(13), time(17), 6), (time(17), time(21), 3)]),
        ("day-maraude", [(time(10), time(14), 4), (time(14), time(18), 4), (time(18), time(21), 3)]),
        ("night-maraude", [(time(21), time(1), 4)]),
    ],
    "porte-de-la-chapelle": [
        ("queue-management", [(time(8), time(12), 3), (time(12), time(16), 3), (time(16), time(21), 3)]),
        ("collection-points", [(time(9), time(13), 3), (time(14), time(18), 2)]),
        ("minors-accompaniment", [(time(9), time(13), 2)]),
        ("donation-sorting", [(time(10), time(14), 4), (time(14), time(18), 3)]),
        ("clothing-distribution", [(time(14), time(17), 4)]),
        ("store", [(time(10), time(13), 2), (time(17), time(21), 2)]),
    ],
    "grande-synthe": [
        ("welcome-desk", [(time(8), time(14), 3), (time(14), time(21), 3), (time(21), time(8), 2)]),
        ("community-kitchen", [(time(10), time(14), 4), (time(17), time(21), 4)]),
        ("laundry", [(time(8), time(14), 3), (time(14), time(21), 3)]),
        ("shuttles", [(time(9), time(13), 2), (time(14), time(18), 2)]),
        ("language-lessons", [(time(14), time(16), 3)]),
    ],
}

# Collection points in Paris (demo places; the real ones are entered in admin), each open on Wednesday evening
# and Saturday morning, and the van's round on the same days.
PARIS = "porte-de-la-chapelle"
COLLECTION_POINTS = [
    (10, "Jardin Villemin", "14 rue des Récollets, 75010 Paris", "48.874300", "2.360000", "By the gate."),
    (11, "Place Léon-Blum", "Place Léon-Blum, 75011 Paris", "48.857500", "2.380000", "In front of the town hall."),
    (14, "Place Denfert-Rochereau", "Place Denfert-Rochereau, 75014 Paris", "48.833800", "2.332400", ""),
    (18, "Square Léon", "Rue Léon, 75018 Paris", "48.888000", "2.353000", "Step-free entrance on rue Polonceau."),
    (20, "Place Gambetta", "Place Gambetta, 75020 Paris", "48.865000", "2.398500", ""),
]
POINT_SLOTS = [(2, time(17), time(19, 30), 2), (5, time(10), time(13), 3)]  # (weekday, start, end, capacity)
ROUND_SLOTS = [(2, time(19, 30), time(21), 2), (5, time(13, 30), time(17), 2)]

FIRST_NAMES = [
    "Amina",
    "Lucas",
    "Chloé",
    "Yusuf",
    "Emma",
    "Hugo",
    "Léa",
    "Omar",
    "Sofia",
    "Tom",
    "Inès",
    "Nathan",
    "Maya",
    "Karim",
    "Zoé",
    "Jonas",
    "Nour",
    "Paul",
    "Clara",
    "Samir",
    "Alice",
    "Mehdi",
    "Julia",
    "Ben",
    "Fatou",
    "Louis",
    "Sarah",
    "Elif",
    "Marco",
    "Hanna",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Haddad",
    "Dubois",
    "Schmidt",
    "Rossi",
    "Diallo",
    "Moreau",
    "Kowalski",
    "Garcia",
    "Lefebvre",
    "Nguyen",
    "Petit",
    "Brown",
    "Mercier",
    "Yilmaz",
    "Fontaine",
    "Costa",
    "Lambert",
    "Meyer",
]
# Each demo site's coordinator has a name of their own, so a page that names "the coordinator" is readable.
COORDINATOR_NAMES = {
    "calais": ("Camille", "Roux"),
    "porte-de-la-chapelle": ("Nadia", "Benali"),
    "grande-synthe": ("Thomas", "Leroy"),
}
# Demo numbers from the range France keeps for fiction (01 99 00 ...): a tap on one calls nobody.
SITE_PHONES = {
    "calais": ("+33 1 99 00 01 01", "+33 1 99 00 01 99", "calais@example.org"),
    "porte-de-la-chapelle": ("+33 1 99 00 02 01", "+33 1 99 00 02 99", "paris@example.org"),
    "grande-synthe": ("+33 1 99 00 03 01", "+33 1 99 00 03 99", "grande-synthe@example.org"),
}
LANGUAGE_SETS = [["fr"], ["en"], ["fr", "en"], ["en", "de"], ["fr", "ar"], ["en", "es"], ["fr", "en", "fa"]]


class Command(BaseCommand):
    help = "Fill a development database with demo people, templates, two weeks of shifts and sign-ups."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates accounts with known passwords.")
        call_command("seed_sites", stdout=self.stdout)
        with transaction.atomic():
            admin = self._person(ADMIN_EMAIL, "Ada", "Admin", ADMIN_PASSWORD, is_staff=True, is_superuser=True)
            coordinators = {}
            for site in Site.objects.all():
                first_name, last_name = COORDINATOR_NAMES.get(site.slug, ("Camille", f"Coordinator {site.name}"))
                coordinators[site.slug] = self._person(
                    f"coordinator.{site.slug}@example.org", first_name, last_name, DEMO_PASSWORD
                )
                site.coordinators.add(coordinators[site.slug])
            self._site_phones()
            volunteers = [
                self._person(
                    f"volunteer{n:02d}@example.org",
                    FIRST_NAMES[n % len(FIRST_NAMES)],
                    LAST_NAMES[n % len(LAST_NAMES)],
                    DEMO_PASSWORD,
                    languages=LANGUAGE_SETS[n % len(LANGUAGE_SETS)],
                    urgent_calls=n % 4 == 0,
                    preferred_language="fr" if n % 2 else "en",
                )
                for n in range(1, 61)
            ]
            self._templates()
            self._qualifications(admin, volunteers)
            self._collection_points()
        today = timezone.localdate()
        created = sum(generate_shifts(site=site, start=today, days=14).created for site in Site.objects.all())
        # History first: a few missions ask for experience that the past shifts give.
        history = self._history(random.Random(57), volunteers, today)  # nosec B311  # repeatable demo data
        booked = self._signups(volunteers, today)
        self._apps_above()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {created} new shifts, {booked} new sign-ups, {history} past sign-ups for the numbers."
            )
        )
        self.stdout.write(f"  admin:        {admin.email} / {ADMIN_PASSWORD}")
        for slug, person in coordinators.items():
            self.stdout.write(f"  coordinator:  {person.email} / {DEMO_PASSWORD}  ({slug})")
        self.stdout.write(f"  volunteers:   volunteer01@example.org ... volunteer60@example.org / {DEMO_PASSWORD}")

    def _apps_above(self):
        """Apps built above this one (donations, the store) add their demo data through a `demo_seed` module with a
        `seed(stdout=...)` function, found here by name: this command imports none of them."""
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "demo_seed"):
                import_module(f"{config.name}.demo_seed").seed(stdout=self.stdout)

    @transaction.atomic
    def _history(self, rng, volunteers, today) -> int:
        """Three months of past shifts with attendance, so the coordinators' numbers have something to show.

        The rules refuse sign-ups for shifts that have started, so history is written directly: each
        person at most once a day (no overlaps), never above capacity, confirmed_count kept equal to the
        confirmed rows. Only done once: an existing history is left as it is.
        """
        start = today - timedelta(days=HISTORY_DAYS)
        if Signup.objects.filter(shift__starts_at__date__lt=today).exists():
            return 0
        for site in Site.objects.all():
            generate_shifts(site=site, start=start, days=HISTORY_DAYS)
        past = list(
            Shift.objects.filter(starts_at__lt=timezone.now(), signups__isnull=True).order_by("starts_at", "pk")
        )
        rows, booked_on = [], {}
        for shift in past:
            day_pool = booked_on.setdefault(shift.starts_at.date(), set())
            free = [v for v in volunteers if v.pk not in day_pool]
            people = rng.sample(free, min(len(free), rng.randint(shift.capacity // 2, shift.capacity)))
            for person in people:
                day_pool.add(person.pk)
                rows.append(
                    Signup(
                        shift=shift,
                        volunteer=person,
                        status=Signup.Status.CONFIRMED,
                        created_at=shift.starts_at - timedelta(days=rng.randint(1, 10)),
                        attendance=Signup.Attendance.NO_SHOW if rng.random() < 0.08 else Signup.Attendance.PRESENT,
                    )
                )
            shift.confirmed_count = len(people)
        Signup.objects.bulk_create(rows, batch_size=500)
        Shift.objects.bulk_update(past, ["confirmed_count"], batch_size=500)
        return len(rows)

    def _person(self, email, first_name, last_name, password, **extra):
        person = Volunteer.objects.filter(email=email).first()
        if person is None:
            person = Volunteer.objects.create_user(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                birth_date=date(1990, 1, 1) + timedelta(days=len(email) * 97),
                phone="+33612345678",
                emergency_contact_name="Dominique",
                emergency_contact_phone="+33698765432",
                languages=extra.pop("languages", ["fr", "en"]),
                **extra,
            )
        charter = current_charter()
        if charter is not None:
            accept_charter(volunteer=person, charter=charter)
        return person

    def _site_phones(self):
        """The coordinators' phone and email and the emergency line, where admin has not set them."""
        for site in Site.objects.filter(slug__in=SITE_PHONES):
            phone, emergency, email = SITE_PHONES[site.slug]
            site.contact_phone = site.contact_phone or phone
            site.emergency_phone = site.emergency_phone or emergency
            site.contact_email = site.contact_email or email
            site.save(update_fields=["contact_phone", "emergency_phone", "contact_email"])

    def _qualifications(self, admin, volunteers):
        """Drivers, first-aiders, checked people for the minors and team leads for the night, through the rules."""
        held = {
            "driving-licence": lambda n: n % 3 == 0,
            "first-aid": lambda n: n % 6 == 1,
            "safeguarding": lambda n: n % 4 == 0,
            "team-lead": lambda n: n % 5 == 0,
        }
        for qualification in Qualification.objects.filter(slug__in=held):
            for n, person in enumerate(volunteers, start=1):
                if not held[qualification.slug](n):
                    continue
                if QualificationGrant.objects.active().filter(volunteer=person, qualification=qualification).exists():
                    continue
                by = admin if qualification.needs_check else person
                grant_qualification(volunteer=person, qualification=qualification, by=by, note="demo")

    def _templates(self):
        for site_slug, missions in WEEKLY_PATTERN.items():
            for mission_slug, slots in missions:
                mission = Mission.objects.get(site__slug=site_slug, slug=mission_slug)
                for weekday in range(7):
                    for start, end, capacity in slots:
                        ShiftTemplate.objects.get_or_create(
                            mission=mission,
                            weekday=weekday,
                            start_time=start,
                            defaults={"end_time": end, "capacity": capacity},
                        )

    def _collection_points(self):
        paris = Site.objects.get(slug=PARIS)
        for arrondissement, name, address, latitude, longitude, notes in COLLECTION_POINTS:
            point, _ = CollectionPoint.objects.get_or_create(
                site=paris,
                name=name,
                defaults={
                    "arrondissement": arrondissement,
                    "address": address,
                    "latitude": latitude,
                    "longitude": longitude,
                    "access_notes": notes,
                },
            )
            mission, _ = Mission.objects.get_or_create(
                site=paris,
                slug=f"collection-point-{arrondissement}",
                defaults={
                    "name": f"Collection point: {name}",
                    "name_fr": f"Point de collecte : {name}",
                    "description": "Welcome people bringing donations, sort them roughly into bags and boxes for "
                    "the van.",
                    "description_fr": "Accueillir les personnes qui apportent des dons et les répartir en sacs et "
                    "cartons pour le camion.",
                    "collection_point": point,
                },
            )
            self._weekly(mission, POINT_SLOTS)
        self._weekly(Mission.objects.get(site=paris, slug="collection-round"), ROUND_SLOTS)

    def _weekly(self, mission, slots):
        for weekday, start, end, capacity in slots:
            ShiftTemplate.objects.get_or_create(
                mission=mission, weekday=weekday, start_time=start, defaults={"end_time": end, "capacity": capacity}
            )

    @transaction.atomic
    def _signups(self, volunteers, today) -> int:
        """Demo bookings through the rules. Nobody is told about them: their confirmations are dropped before
        the transaction commits, so the queued messages find no row to send.

        Run again, it leaves the demo as it was: a shift someone is on is left alone, and each shift draws its
        people from a generator seeded by the shift itself, so one left empty stays empty."""
        booked, made = 0, []
        shifts = Shift.objects.upcoming().filter(starts_at__date__lt=today + timedelta(days=14), signups__isnull=True)
        for shift in shifts.select_related("mission__site").order_by("starts_at", "pk"):
            shift_rng = random.Random(f"56-{shift.mission_id}-{shift.starts_at.isoformat()}")  # nosec B311
            # Fuller in the next days, with gaps; a few shifts overflow onto the waiting list.
            wanted = shift_rng.randint(0, shift.capacity + (1 if shift_rng.random() < 0.1 else 0))
            for volunteer in shift_rng.sample(volunteers, wanted):
                try:
                    made.append(sign_up(volunteer=volunteer, shift=shift).pk)
                    booked += 1
                except SignupRefused as refusal:
                    if refusal.code != "briefing":
                        continue
                    # A newcomer at this site: the briefing and the shift together, as the shift page offers.
                    try:
                        made.extend(signup.pk for signup in sign_up_with_briefing(volunteer=volunteer, shift=shift))
                        booked += 2
                    except SignupRefused:
                        pass
        # A first booking at a site is confirmed by the site's welcome instead: dropped too.
        Notification.objects.filter(kind__in=["own_signup", "welcome"], signup_id__in=made).delete()
        return booked
