"""Whether a shift's team may run: too few people, a qualification the team lacks, only newcomers.

`team_risks_for(shifts)` answers for any number of shifts in two queries (the missions' needs, then the
confirmed people with their grants and experience), or one when none of the missions has a team rule.
shifts.selectors re-exports `team_risks` and `team_risks_for`.

A mission created without team settings (min_to_run 1, no team need, no required qualification,
needs_experienced off) never has a risk: today's shifts are not flagged.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shifts.models import Shift, Signup
from sites.models import Mission, TeamNeed
from volunteers.models import Qualification, QualificationGrant

TOO_FEW = "too_few"
NEWCOMERS_ONLY = "newcomers_only"
MISSING = "missing:"
# Attended shifts at a site that make someone experienced there (the same count as a buddy's:
# shifts.onboarding.rules.BUDDY_MIN_ATTENDED).
EXPERIENCED_AFTER = 3


@dataclass
class _Need:
    qualification_id: int
    slug: str
    name: str
    name_fr: str
    position: int
    count: int = 0  # people the team needs with it (TeamNeed)
    required: bool = False  # everyone must hold it (Mission.required_qualifications)


@dataclass
class _Rules:
    min_to_run: int = 1
    needs_experienced: bool = False
    needs: dict = field(default_factory=dict)  # qualification id -> _Need

    @property
    def any(self) -> bool:
        return self.min_to_run > 1 or self.needs_experienced or bool(self.needs)


def _missions_loaded(shifts: list[Shift]) -> list[Shift]:
    cached = Shift._meta.get_field("mission").is_cached
    if all(cached(shift) and Mission._meta.get_field("site").is_cached(shift.mission) for shift in shifts):
        return shifts
    fresh = Shift.objects.select_related("mission__site").in_bulk([shift.pk for shift in shifts])
    for shift in shifts:
        shift.mission = fresh[shift.pk].mission
    return shifts


def _rules(mission_ids) -> dict[int, _Rules]:
    """Each mission's needs, in one query: its team needs and its required qualifications side by side."""
    columns = (
        "mission_id",
        "qualification_id",
        "qualification__slug",
        "qualification__name",
        "qualification__name_fr",
        "qualification__position",
    )
    team = TeamNeed.objects.filter(mission_id__in=mission_ids).order_by().values_list(*columns, "count", Value(False))
    required = (
        Mission.required_qualifications.through.objects.filter(mission_id__in=mission_ids)
        .order_by()
        .values_list(*columns, Value(0), Value(True))
    )
    rules: dict[int, _Rules] = defaultdict(_Rules)
    for mission_id, qualification_id, slug, name, name_fr, position, count, is_required in team.union(
        required, all=True
    ):
        need = rules[mission_id].needs.setdefault(
            qualification_id, _Need(qualification_id, slug, name, name_fr, position)
        )
        need.count = max(need.count, count)
        need.required = need.required or is_required
    return rules


def _team_rows(shifts: list[Shift], qualification_ids: set[int], experience: bool):
    """(shift id, volunteer id, qualification id or None, granted_on, valid_until, experienced) for each confirmed
    person, one row per standing grant of a qualification that matters (or one row without)."""
    people = Signup.objects.filter(shift_id__in=[shift.pk for shift in shifts], status=Signup.Status.CONFIRMED)
    people = people.annotate(
        held_grant=FilteredRelation(
            "volunteer__qualification_grants",
            condition=Q(
                volunteer__qualification_grants__revoked_at=None,
                volunteer__qualification_grants__qualification_id__in=list(qualification_ids) or [0],
            ),
        )
    )
    if experience:
        # EXISTS of the third attended shift at the site (OFFSET 2): stops at the third, where a COUNT would read a
        # regular's hundreds.
        attended = Signup.objects.filter(
            volunteer_id=OuterRef("volunteer_id"),
            attendance=Signup.Attendance.PRESENT,
            shift__mission__site_id=OuterRef("shift__mission__site_id"),
            # A briefing (sites.Mission.is_briefing) is no shift of work: it makes nobody experienced.
            shift__mission__is_briefing=False,
        ).order_by()[EXPERIENCED_AFTER - 1 : EXPERIENCED_AFTER]
        people = people.annotate(experienced=Exists(attended))
    else:
        people = people.annotate(experienced=Value(False))
    return people.values_list(
        "shift_id",
        "volunteer_id",
        "held_grant__qualification_id",
        "held_grant__granted_on",
        "held_grant__valid_until",
        "experienced",
    )


def _assess(shifts: list[Shift], rules=None) -> tuple[dict[int, list[str]], dict[str, _Need], dict[int, _Rules]]:
    shifts = [shift for shift in shifts if shift.pk is not None]
    risks: dict[int, list[str]] = {shift.pk: [] for shift in shifts}
    live = [shift for shift in shifts if not shift.is_cancelled]
    if not live:
        return risks, {}, {}
    live = _missions_loaded(live)
    rules = _rules({shift.mission_id for shift in live}) if rules is None else rules
    for shift in live:
        mission_rules = rules[shift.mission_id]
        mission_rules.min_to_run = shift.mission.min_to_run
        mission_rules.needs_experienced = shift.mission.needs_experienced
    ruled = [shift for shift in live if rules[shift.mission_id].any]
    if not ruled:
        return risks, {}, rules
    qualification_ids = {qid for shift in ruled for qid in rules[shift.mission_id].needs}
    experience = any(rules[shift.mission_id].needs_experienced for shift in ruled)
    days = {shift.pk: shift.local_starts_at.date() for shift in ruled}
    team: dict[int, dict[int, set[int]]] = {shift.pk: {} for shift in ruled}  # shift -> person -> held ids
    experienced: dict[int, bool] = defaultdict(bool)
    for shift_id, person_id, qualification_id, granted_on, valid_until, is_experienced in _team_rows(
        ruled, qualification_ids, experience
    ):
        held = team[shift_id].setdefault(person_id, set())
        day = days[shift_id]
        if qualification_id is not None and granted_on <= day and (valid_until is None or valid_until >= day):
            held.add(qualification_id)
        experienced[shift_id] = experienced[shift_id] or bool(is_experienced)
    names: dict[str, _Need] = {}
    for shift in ruled:
        mission_rules, people = rules[shift.mission_id], team[shift.pk]
        codes = []
        if mission_rules.min_to_run > 1 and len(people) < mission_rules.min_to_run:
            codes.append(TOO_FEW)
        for need in sorted(mission_rules.needs.values(), key=lambda n: (n.position, n.slug)):
            holders = sum(1 for held in people.values() if need.qualification_id in held)
            lacking = need.required and holders < len(people)
            if holders < need.count or lacking:
                codes.append(MISSING + need.slug)
                names[need.slug] = need
        if mission_rules.needs_experienced and not experienced[shift.pk]:
            codes.append(NEWCOMERS_ONLY)
        risks[shift.pk] = codes
    return risks, names, rules


def team_risks_for(shifts) -> dict[int, list[str]]:
    """{shift id: risk codes} for every shift given: `too_few`, `missing:<qualification slug>`, `newcomers_only`.
    An empty list means the shift may run. Two queries for any number of shifts."""
    return _assess(list(shifts))[0]


def team_risks(shift: Shift) -> list[str]:
    return team_risks_for([shift])[shift.pk]


def _need_name(need: _Need) -> str:
    return Qualification(name=need.name, name_fr=need.name_fr).display_name


def risk_label(code: str, *, min_to_run: int = 2, names: dict | None = None) -> str:
    """One risk in words, in the active language."""
    if code == TOO_FEW:
        return ngettext(
            "too few people: it runs with at least %(count)d",
            "too few people: it runs with at least %(count)d",
            min_to_run,
        ) % {"count": min_to_run}
    if code == NEWCOMERS_ONLY:
        return _("only newcomers: nobody who has done %(count)d shifts here") % {"count": EXPERIENCED_AFTER}
    if code.startswith(MISSING):
        slug = code[len(MISSING) :]
        need = (names or {}).get(slug)
        if need is None:
            qualification = Qualification.objects.filter(slug=slug).first()
            name = qualification.display_name if qualification else slug
        else:
            name = _need_name(need)
        return _("missing: %(qualification)s") % {"qualification": name}
    return code


def with_team_risks(shifts, *, rules=None):
    """Set `team_risks` (codes) and `team_risk_labels` (words) on each shift: two queries for all of them (one
    when `rules`, from `rules_of_missions`, covers their missions)."""
    shifts = list(shifts)
    risks, names, rules = _assess(shifts, rules)
    for shift in shifts:
        shift.team_risks = risks.get(shift.pk, [])
        min_to_run = rules[shift.mission_id].min_to_run if shift.mission_id in rules else 1
        shift.team_risk_labels = [risk_label(code, min_to_run=min_to_run, names=names) for code in shift.team_risks]
    return shifts


def labels_for(shift: Shift, codes: list[str]) -> list[str]:
    """Words for `codes` of one shift (messages, the team page): a query only for missing qualifications."""
    slugs = [code[len(MISSING) :] for code in codes if code.startswith(MISSING)]
    names = {}
    if slugs:
        for qualification in Qualification.objects.filter(slug__in=slugs):
            names[qualification.slug] = _Need(
                qualification.pk, qualification.slug, qualification.name, qualification.name_fr, qualification.position
            )
    return [risk_label(code, min_to_run=shift.mission.min_to_run, names=names) for code in codes]


def would_remove_risk(*, shift: Shift, codes: list[str], people) -> set[int]:
    """Of `people`, the ids of those whose coming would remove one of `codes` (a driver for a missing driving
    licence, an experienced volunteer for only newcomers). `too_few` alone is removed by anyone: empty set."""
    people = list(people)
    if not people:
        return set()
    ids = [person.pk for person in people]
    day = shift.local_starts_at.date()
    removers: set[int] = set()
    slugs = [code[len(MISSING) :] for code in codes if code.startswith(MISSING)]
    if slugs:
        removers |= set(
            QualificationGrant.objects.valid_on(day)
            .filter(volunteer_id__in=ids, qualification__slug__in=slugs)
            .values_list("volunteer_id", flat=True)
        )
    if NEWCOMERS_ONLY in codes:
        removers |= set(
            Signup.objects.filter(
                volunteer_id__in=ids,
                attendance=Signup.Attendance.PRESENT,
                shift__mission__site_id=shift.mission.site_id,
            )
            .order_by()
            .values("volunteer_id")
            .annotate(attended=Count("pk"))
            .filter(attended__gte=EXPERIENCED_AFTER)
            .values_list("volunteer_id", flat=True)
        )
    return removers


HOME_RISKY_LIMIT = 60


def has_team_rules() -> Q:
    """Shifts whose mission has a team rule (only those can be at risk)."""
    return (
        Q(mission__min_to_run__gt=1)
        | Q(mission__needs_experienced=True)
        | Q(mission__team_needs__isnull=False)
        | Q(mission__required_qualifications__isnull=False)
    )


def rules_of_missions(missions) -> dict[int, _Rules]:
    """{mission id: its team rules} for these missions (instances with min_to_run and needs_experienced): one
    query. A mission whose rules are empty has `.any` false."""
    missions = list(missions)
    rules = _rules([mission.pk for mission in missions])
    for mission in missions:
        rules[mission.pk].min_to_run = mission.min_to_run
        rules[mission.pk].needs_experienced = mission.needs_experienced
    return rules


def put_risky_first(needs, gaps, *, per_site: int, missions: dict) -> None:
    """The home page's needs (selectors.needs_by_site): each site's shifts at risk first, with their risks in
    words. `missions`: {id: mission} of every site, loaded with their site. Three queries at most whatever the
    number of shifts (the missions' rules, the first shifts of missions with a rule, their teams); one when
    no mission has a rule, and the shifts keep their order."""
    rules = rules_of_missions(missions.values())
    ruled = [mission_id for mission_id, mission_rules in rules.items() if mission_rules.any]
    if not ruled:
        return
    candidates = list(
        gaps.filter(mission_id__in=ruled)
        .only("pk", "mission_id", "starts_at", "ends_at", "capacity", "confirmed_count", "is_cancelled")
        .order_by("starts_at", "pk")[:HOME_RISKY_LIMIT]
    )
    for shift in candidates:
        shift.mission = missions[shift.mission_id]
    with_team_risks(candidates, rules=rules)
    by_site = {need.site.pk: need for need in needs}
    risky: dict[int, list[Shift]] = defaultdict(list)
    for shift in candidates:
        if shift.team_risks and shift.mission.site_id in by_site and len(risky[shift.mission.site_id]) < per_site:
            risky[shift.mission.site_id].append(shift)
    for site_id, shifts in risky.items():
        need = by_site[site_id]
        first = {shift.pk for shift in shifts}
        need.shifts = (shifts + [shift for shift in need.shifts if shift.pk not in first])[:per_site]
