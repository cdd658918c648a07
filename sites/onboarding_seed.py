"""What seed_sites adds for onboarding: version 1 of the charter, a briefing at each site, each site's guide.

Written once: the charter only while no version exists, a site's briefing mission and its weekly slots only
when the mission is first created (that is also when the site starts asking for it), the guide's fields only
while empty. Whatever an admin changes afterwards stays as they left it.
"""

from datetime import time

from django.db import transaction

from volunteers.models import Charter

from .models import Mission, Site

CHARTER_EN = """\
Volunteering in the field is for adults: you must be 18 or older to come.
We are here for the people we meet. Treat each of them with respect and kindness, whatever their story, \
their language or their beliefs.
Their plans for the future are theirs. We inform and we help; we never decide for anyone, and we never push \
anyone towards a choice.
What you see and hear stays with us. Do not share names, situations or places, on social networks or \
anywhere else.
No photos or videos of people without their clear consent, never of children, and nothing that could show \
where someone sleeps.
Follow each site's safety rules and what the coordinators and team leads ask. Never go out alone, and say so \
as soon as you feel unsafe.
Come when you have signed up, or tell us in time when you cannot: a team counts on you.
In return, we welcome you, we train you, and we never leave a newcomer on their own.
"""

CHARTER_FR = """\
Le bénévolat sur le terrain est réservé aux adultes : il faut avoir 18 ans ou plus pour venir.
Nous sommes là pour les personnes que nous rencontrons. Traitez chacune avec respect et bienveillance, \
quels que soient son histoire, sa langue ou ses convictions.
Leurs projets d'avenir leur appartiennent. Nous informons et nous aidons ; nous ne décidons jamais à la place \
de quelqu'un et ne poussons personne vers un choix.
Ce que vous voyez et entendez reste entre nous. Ne partagez ni noms, ni situations, ni lieux, sur les réseaux \
sociaux ou ailleurs.
Pas de photo ni de vidéo d'une personne sans son accord clair, jamais d'enfants, et rien qui montre où \
quelqu'un dort.
Respectez les règles de sécurité de chaque site et les consignes des coordinateurs et des chefs d'équipe. \
Ne partez jamais seul, et dites-le dès que vous ne vous sentez pas en sécurité.
Venez quand vous êtes inscrit, ou prévenez à temps si vous ne pouvez pas : une équipe compte sur vous.
En retour, nous vous accueillons, nous vous formons, et nous ne laissons jamais un nouveau seul.
"""

BRIEFING = {
    "slug": "briefing",
    "name": "Briefing for newcomers",
    "name_fr": "Briefing des nouveaux bénévoles",
    "description": "Half an hour before your first shift here: how the site works, who to ask, the safety rules "
    "and how we work with the people we meet. Asked of everyone once per site.",
    "description_fr": "Une demi-heure avant votre premier créneau ici : le fonctionnement du site, à qui "
    "s'adresser, les règles de sécurité et notre façon de travailler avec les personnes rencontrées. Demandé "
    "à chacun une fois par site.",
    "what_to_bring": "Nothing: just come on time.",
    "what_to_bring_fr": "Rien : venez simplement à l'heure.",
    "is_briefing": True,
}
BRIEFING_START, BRIEFING_END, BRIEFING_CAPACITY = time(9, 30), time(10, 0), 12

# Placeholders an admin replaces with the real details (Django admin, the site's page).
GUIDES = {
    "calais": {
        "meeting_point": "At the warehouse entrance, ten minutes before your shift. Ask for the coordinator on duty.",
        "meeting_point_fr": "À l'entrée de l'entrepôt, dix minutes avant votre créneau. Demandez le coordinateur "
        "de permanence.",
        "getting_there": "Train to Calais, then bus or taxi to the warehouse; the coordinators give the exact "
        "address and can arrange a lift from the station.",
        "getting_there_fr": "Train jusqu'à Calais, puis bus ou taxi jusqu'à l'entrepôt ; les coordinateurs donnent "
        "l'adresse exacte et peuvent organiser un trajet depuis la gare.",
        "what_to_bring": "Closed shoes, warm and waterproof clothes, a water bottle, an identity document.",
        "what_to_bring_fr": "Chaussures fermées, vêtements chauds et imperméables, une gourde, une pièce d'identité.",
    },
    "porte-de-la-chapelle": {
        "meeting_point": "In front of the reception centre, at the volunteers' stand. Ask for the coordinator on duty.",
        "meeting_point_fr": "Devant le centre d'accueil, au stand des bénévoles. Demandez le coordinateur de "
        "permanence.",
        "getting_there": "Metro line 12, Porte de la Chapelle station, or the tram T3b.",
        "getting_there_fr": "Métro ligne 12, station Porte de la Chapelle, ou le tramway T3b.",
        "what_to_bring": "Warm clothes and a charged phone.",
        "what_to_bring_fr": "Des vêtements chauds et un téléphone chargé.",
    },
    "grande-synthe": {
        "meeting_point": "At the welcome desk of the camp. Ask for the coordinator on duty.",
        "meeting_point_fr": "À l'accueil du camp. Demandez le coordinateur de permanence.",
        "getting_there": "Train to Dunkirk, then the bus to Grande-Synthe; the coordinators give the details.",
        "getting_there_fr": "Train jusqu'à Dunkerque, puis le bus pour Grande-Synthe ; les coordinateurs donnent "
        "les détails.",
        "what_to_bring": "Closed shoes, warm clothes, an identity document.",
        "what_to_bring_fr": "Chaussures fermées, vêtements chauds, une pièce d'identité.",
    },
}


def seed_charter() -> bool:
    """Publish version 1 unless a charter already exists. True when it was created."""
    from volunteers.charter import publish_charter

    if Charter.objects.exists():
        return False
    publish_charter(charter=Charter.objects.create(version=1, text=CHARTER_EN, text_fr=CHARTER_FR))
    return True


def seed_briefing(site: Site, position: int) -> Mission | None:
    """Give `site` its briefing mission and turn its briefing requirement on. The mission when created (its daily
    slots are shifts' to write: the seed_sites command, shifts/management/commands/seed_sites.py)."""
    data = {key: value for key, value in BRIEFING.items() if key != "slug"}
    mission, created = Mission.objects.get_or_create(
        site=site, slug=BRIEFING["slug"], defaults={**data, "position": position}
    )
    if not created:
        return None
    Site.objects.filter(pk=site.pk).update(requires_briefing=True)
    return mission


def seed_guide(site: Site) -> None:
    guide = GUIDES.get(site.slug, {})
    empty = {field: value for field, value in guide.items() if not getattr(site, field)}
    if empty:
        Site.objects.filter(pk=site.pk).update(**empty)


@transaction.atomic
def seed_onboarding(site: Site, position: int) -> Mission | None:
    """The site's briefing and guide. Returns the briefing mission when it was created."""
    briefing = seed_briefing(site, position)
    seed_guide(site)
    return briefing
