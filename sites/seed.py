"""The organisation's three sites and their missions, as the organisation describes them.

`seed_sites` writes these idempotently (by slug); edits made in admin to other fields are kept. It also
publishes version 1 of the charter and gives each site a briefing and a practical guide (onboarding_seed).
"""

from collections.abc import Callable

from django.db import transaction

from volunteers.models import Qualification

from .models import Accommodation, Mission, Site, TeamNeed
from .onboarding_seed import seed_charter, seed_onboarding

# Checked ones are recorded by a coordinator who saw the documents (never kept); declared ones by the person.
QUALIFICATIONS = [
    {
        "slug": "safeguarding",
        "name": "Checked to accompany minors",
        "name_fr": "Vérifié pour accompagner des mineurs",
        "needs_check": True,
        "validity_days": 3 * 365,
    },
    {"slug": "team-lead", "name": "Team lead", "name_fr": "Responsable d'équipe", "needs_check": True},
    {"slug": "driving-licence", "name": "Driving licence", "name_fr": "Permis de conduire", "needs_check": False},
    {"slug": "first-aid", "name": "First aid", "name_fr": "Premiers secours", "needs_check": False},
]

# Where each site houses volunteers. Only Calais does (shared bungalows on a campsite); in Paris there is
# nothing for short stays, and Grande-Synthe has none. Created once: beds and rules edited in admin are kept.
ACCOMMODATIONS = {
    "calais": {
        "name": "Campsite bungalows",
        "address": "Municipal campsite, Calais (the coordinators give the bungalow on arrival)",
        "beds": 24,
        "price_per_night": "5.00",
        "house_rules": "Quiet from 22:00 to 07:00. No alcohol on the pitch. Keep the bungalow tidy and leave it "
        "as you found it. Tell the coordinators if you leave earlier than planned, so the bed goes to someone else.",
        "house_rules_fr": "Calme de 22 h à 7 h. Pas d'alcool sur l'emplacement. Gardez le bungalow en ordre et "
        "laissez-le comme vous l'avez trouvé. Prévenez les coordinateurs si vous partez plus tôt que prévu, pour "
        "que le lit profite à quelqu'un d'autre.",
    },
}

SITES = [
    {
        "slug": "calais",
        "name": "Calais",
        "address": "Help Refugees warehouse, Calais",
        "description": "Sorting donations at the warehouse and maraudes by day and by night to bring people "
        "living outside hot meals, tea, blankets and warm clothes. Volunteers can be housed.",
        "description_fr": "Tri des dons à l'entrepôt et maraudes de jour comme de nuit pour apporter repas "
        "chauds, thé, couvertures et vêtements chauds aux personnes à la rue. Hébergement possible.",
        "missions": [
            {
                "slug": "warehouse-sorting",
                "name": "Warehouse: sorting donations",
                "name_fr": "Entrepôt : tri des dons",
                "description": "Open the boxes people send, sort clothes, food and hygiene items by kind and size, "
                "and pack what the maraudes will hand out. No experience needed.",
                "description_fr": "Ouvrir les cartons reçus, trier vêtements, nourriture et produits d'hygiène par "
                "type et par taille, préparer ce que distribueront les maraudes. Aucune expérience requise.",
                "what_to_bring": "Closed shoes and clothes that can get dusty.",
                "what_to_bring_fr": "Chaussures fermées et vêtements qui peuvent se salir.",
            },
            {
                "slug": "day-maraude",
                "name": "Day maraude",
                "name_fr": "Maraude de jour",
                "description": "Go out in a small team to where people sleep rough: hand out hot meals, tea, "
                "blankets and warm clothes, listen and give information.",
                "description_fr": "Aller en petite équipe là où dorment les personnes : distribuer repas chauds, "
                "thé, couvertures et vêtements chauds, écouter et informer.",
                "what_to_bring": "Warm, waterproof clothes.",
                "what_to_bring_fr": "Vêtements chauds et imperméables.",
            },
            {
                "slug": "night-maraude",
                "name": "Night maraude",
                "name_fr": "Maraude de nuit",
                "description": "The same round at night, when it is coldest: tea, blankets and warm clothes. "
                "For volunteers who have already done a few shifts with us; a driver is needed in each team.",
                "description_fr": "La même tournée la nuit, quand il fait le plus froid : thé, couvertures et "
                "vêtements chauds. Pour les bénévoles ayant déjà fait quelques créneaux avec nous.",
                "what_to_bring": "Very warm clothes, a head torch, a charged phone.",
                "what_to_bring_fr": "Vêtements très chauds, une lampe frontale, un téléphone chargé.",
                "min_experience": 2,
                # Teams of three or four, a named team lead and a driver, and someone who knows when they are back.
                "min_to_run": 3,
                "team_needs": {"team-lead": 1, "driving-licence": 1},
                "needs_safe_return": True,
            },
        ],
    },
    {
        "slug": "porte-de-la-chapelle",
        "name": "Porte de la Chapelle (Paris)",
        "address": "Reception centre, Porte de la Chapelle, 75018 Paris",
        "description": "Beside the reception centre, about thirty volunteers a day welcome people, run collection "
        "points across Paris, accompany minors and keep the clothing store going.",
        "description_fr": "Aux côtés du centre d'accueil, une trentaine de bénévoles par jour accueillent, "
        "organisent les collectes dans Paris, accompagnent les mineurs et font tourner le vestiaire.",
        "missions": [
            {
                "slug": "queue-management",
                "name": "Queue and information at the reception bubble",
                "name_fr": "File d'attente et information à la bulle d'accueil",
                "description": "Keep the queue in front of the reception bubble calm and fair, explain how entry "
                "works and talk with the people who are waiting.",
                "description_fr": "Organiser la file devant la bulle d'accueil, expliquer comment se passe l'entrée "
                "et discuter avec les personnes qui attendent.",
                "what_to_bring": "Warm clothes; other languages you speak help a lot.",
                "what_to_bring_fr": "Vêtements chauds ; les langues que vous parlez sont précieuses.",
            },
            {
                "slug": "collection-points",
                "name": "Collection points across Paris",
                "name_fr": "Points de collecte dans Paris",
                "description": "Set up a collection point in one of the 20 arrondissements, receive donations and "
                "bring them to the centre for sorting. Drivers are especially welcome.",
                "description_fr": "Installer un point de collecte dans l'un des 20 arrondissements, recevoir les dons "
                "et les transporter au centre pour le tri.",
                "what_to_bring": "A driving licence if you can drive the van.",
                "what_to_bring_fr": "Votre permis si vous pouvez conduire le camion.",
            },
            {
                "slug": "collection-round",
                "name": "Collection round (driver)",
                "name_fr": "Tournée des points de collecte (chauffeur)",
                "description": "Drive the van from one collection point to the next and bring what people gave to "
                "the centre for sorting. A driving licence is required.",
                "description_fr": "Conduire le camion d'un point de collecte à l'autre et rapporter les dons au "
                "centre pour le tri. Permis de conduire obligatoire.",
                "what_to_bring": "Your driving licence.",
                "what_to_bring_fr": "Votre permis de conduire.",
                "required_qualifications": ["driving-licence"],
            },
            {
                "slug": "minors-accompaniment",
                "name": "Accompanying unaccompanied minors",
                "name_fr": "Accompagnement des mineurs isolés",
                "description": "Go with young people who arrived alone to the service that assesses their age and "
                "situation, and make sure they get there and are heard. For experienced volunteers.",
                "description_fr": "Accompagner des jeunes arrivés seuls jusqu'au service qui évalue leur situation, "
                "et veiller à ce qu'ils y arrivent et soient entendus. Pour bénévoles expérimentés.",
                "what_to_bring": "An identity document and a transport ticket.",
                "what_to_bring_fr": "Une pièce d'identité et un titre de transport.",
                "min_experience": 3,
                # A minor is never accompanied by one adult alone, and only by checked adults.
                "min_to_run": 2,
                "required_qualifications": ["safeguarding"],
            },
            {
                "slug": "donation-sorting",
                "name": "Sorting and storing donations",
                "name_fr": "Tri et stockage des dons",
                "description": "Sort, count and store donated clothing, underwear and bags inside the centre.",
                "description_fr": "Trier, inventorier et ranger les dons de vêtements, sous-vêtements et sacs dans "
                "le centre.",
                "what_to_bring": "Nothing special.",
                "what_to_bring_fr": "Rien de particulier.",
            },
            {
                "slug": "clothing-distribution",
                "name": "Clothing distribution",
                "name_fr": "Distribution de vêtements",
                "description": "Hand out clothes to the centre's residents, and send the surplus on to groups "
                "working in the street and to reception centres elsewhere in France.",
                "description_fr": "Distribuer des vêtements aux résidents du centre et faire suivre le surplus aux "
                "associations de rue et aux centres d'accueil en France.",
                "what_to_bring": "Nothing special.",
                "what_to_bring_fr": "Rien de particulier.",
            },
            {
                "slug": "store",
                # Its volunteers record stock on /store/porte-de-la-chapelle/ while their shift runs.
                "is_store": True,
                "name": "The store and its restocking",
                "name_fr": "Le magasin et son réassort",
                "description": "Keep the centre's store tidy and stocked with donated clothes, alongside the "
                "hygiene-kit and bedding stands.",
                "description_fr": "Tenir le magasin du centre rangé et réassorti en vêtements donnés, en lien avec "
                "les stands d'hygiène et de literie.",
                "what_to_bring": "Nothing special.",
                "what_to_bring_fr": "Rien de particulier.",
            },
        ],
    },
    {
        "slug": "grande-synthe",
        "name": "Grande-Synthe",
        "address": "Camp, Grande-Synthe (near Dunkirk)",
        "description": "Daily life of the camp: a welcome desk open round the clock, the community kitchen, the "
        "laundry, shuttles, and French and English lessons.",
        "description_fr": "La vie quotidienne du camp : un accueil ouvert jour et nuit, la cuisine "
        "communautaire, la laverie, les navettes et des cours de français et d'anglais.",
        "missions": [
            {
                "slug": "welcome-desk",
                "name": "Welcome desk (round the clock)",
                "name_fr": "Accueil (jour et nuit)",
                "description": "Welcome new arrivals, answer questions and direct people to what they need, day "
                "and night.",
                "description_fr": "Accueillir les nouveaux arrivants, répondre aux questions et orienter, de jour "
                "comme de nuit.",
                "what_to_bring": "Warm clothes.",
                "what_to_bring_fr": "Vêtements chauds.",
            },
            {
                "slug": "community-kitchen",
                "name": "Community kitchen",
                "name_fr": "Cuisine communautaire",
                "description": "Help residents cook: prepare ingredients, keep the kitchen clean and safe.",
                "description_fr": "Aider les résidents à cuisiner : préparer les ingrédients, garder la cuisine "
                "propre et sûre.",
                "what_to_bring": "Tied-back hair, closed shoes.",
                "what_to_bring_fr": "Cheveux attachés, chaussures fermées.",
            },
            {
                "slug": "laundry",
                "name": "Laundry",
                "name_fr": "Laverie",
                "description": "Run the machines, fold and hand back washing; the laundry stays open round the clock.",
                "description_fr": "Faire tourner les machines, plier et rendre le linge ; la laverie reste ouverte "
                "jour et nuit.",
                "what_to_bring": "Nothing special.",
                "what_to_bring_fr": "Rien de particulier.",
            },
            {
                "slug": "shuttles",
                "name": "Shuttles",
                "name_fr": "Navettes",
                "description": "Drive residents to appointments, shops and services. A driving licence is required.",
                "description_fr": "Conduire les résidents à leurs rendez-vous, aux commerces et aux services. Permis "
                "de conduire obligatoire.",
                "what_to_bring": "Your driving licence.",
                "what_to_bring_fr": "Votre permis de conduire.",
                "required_qualifications": ["driving-licence"],
            },
            {
                "slug": "language-lessons",
                "name": "French and English lessons",
                "name_fr": "Cours de français et d'anglais",
                "description": "Teach simple, everyday French or English to small groups of adults.",
                "description_fr": "Enseigner un français ou un anglais simple et quotidien à de petits groupes "
                "d'adultes.",
                "what_to_bring": "Nothing: materials are on site.",
                "what_to_bring_fr": "Rien : le matériel est sur place.",
                "required_languages": ["fr", "en"],
            },
        ],
    },
]


# The sign-up rules too_many_hours and rest (shifts.rules): each site's own settings once seeded; a site still at
# the model's "no limit" for both (created before these rules) gets them, a site a coordinator changed keeps its own.
REST_RULES = {"max_hours_per_day": 10, "rest_after_night_hours": 9}


@transaction.atomic
def seed_sites(*, new_briefing: Callable[[Mission], object] = lambda mission: None) -> tuple[int, int]:
    """Create or update the qualifications, the three sites and their missions. Returns (sites created, missions
    created). A mission's required qualifications and team needs are added if missing, never removed.

    `new_briefing` is called with each briefing mission created, to give it its daily slots: shifts are built
    on sites, so the seed_sites command (shifts/management/commands/seed_sites.py) passes that in."""
    qualifications = {}
    for position, data in enumerate(QUALIFICATIONS):
        data = dict(data)
        slug = data.pop("slug")
        qualifications[slug], _ = Qualification.objects.update_or_create(
            slug=slug, defaults={**data, "position": position}
        )
    sites_created = missions_created = 0
    for position, data in enumerate(SITES):
        data = dict(data)
        missions = data.pop("missions")
        site, created = Site.objects.update_or_create(slug=data.pop("slug"), defaults={**data, "position": position})
        if not (site.max_hours_per_day or site.rest_after_night_hours):
            Site.objects.filter(pk=site.pk).update(**REST_RULES)
        sites_created += created
        for mission_position, mission_data in enumerate(missions):
            mission_data = dict(mission_data)
            required = mission_data.pop("required_qualifications", [])
            team_needs = mission_data.pop("team_needs", {})
            mission, created = Mission.objects.update_or_create(
                site=site, slug=mission_data.pop("slug"), defaults={**mission_data, "position": mission_position}
            )
            mission.required_qualifications.add(*[qualifications[slug] for slug in required])
            for slug, count in team_needs.items():
                TeamNeed.objects.get_or_create(
                    mission=mission, qualification=qualifications[slug], defaults={"count": count}
                )
            missions_created += created
        briefing = seed_onboarding(site, position=len(missions))
        if briefing is not None:
            missions_created += 1
            new_briefing(briefing)
        accommodation = ACCOMMODATIONS.get(site.slug)
        if accommodation and not site.accommodations.exists():
            Accommodation.objects.create(site=site, **accommodation)
    seed_charter()
    return sites_created, missions_created
