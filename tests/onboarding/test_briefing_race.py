"""sign_up_with_briefing is all or nothing when two first-timers race for the last briefing seat."""

from functools import partial

import pytest

from shifts import services
from shifts.models import Shift, Signup
from tests.factories import VolunteerFactory
from tests.shifts.test_signup_race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_first_timers_racing_for_the_last_briefing_seat(first_shift, briefing):
    for attempt in range(3):
        Shift.objects.filter(pk=briefing.pk).update(capacity=Shift.objects.get(pk=briefing.pk).confirmed_count + 1)
        people = [VolunteerFactory(), VolunteerFactory()]

        results = race(*[partial(services.sign_up_with_briefing, volunteer=p, shift=first_shift) for p in people])

        won = [result for result in results if isinstance(result, tuple)]
        lost = [result for result in results if isinstance(result, services.SignupRefused)]
        assert len(won) == 1 and len(lost) == 1, (attempt, results)
        # Which refusal depends on when the loser looked: before the winner's commit it finds the seat, waits for
        # the lock and finds it gone (briefing_full); after, it finds no briefing with a seat at all (briefing).
        assert lost[0].code in ("briefing_full", "briefing")
        winner, loser = (people[0], people[1]) if results[0] is won[0] else (people[1], people[0])
        assert set(Signup.objects.filter(volunteer=winner).values_list("shift_id", "status")) == {
            (briefing.pk, "confirmed"),
            (first_shift.pk, "confirmed"),
        }
        # Neither a briefing seat, nor its waiting list, nor the shift.
        assert not Signup.objects.filter(volunteer=loser).exists()
        briefing.refresh_from_db()
        assert briefing.confirmed_count == briefing.capacity
        assert briefing.confirmed_count == Signup.objects.filter(shift=briefing, status="confirmed").count()
