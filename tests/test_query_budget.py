"""The one query budget of the suite counts a page's own queries, whichever session store the setup has."""

import pathlib
import re

import pytest
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db


def test_the_session_store_s_queries_are_not_the_page_s(query_budget):
    with query_budget(exactly=1) as own:
        Session.objects.filter(session_key="none").exists()
        Session.objects.filter(session_key="none").delete()
        from volunteers.models import Volunteer

        Volunteer.objects.exists()
    assert "volunteers_volunteer" in own.captured_queries[0]["sql"]


def test_a_page_over_its_budget_fails_with_its_queries(query_budget):
    from volunteers.models import Volunteer

    with pytest.raises(pytest.fail.Exception, match="at most 1 queries.*2 were run"):
        with query_budget(1):
            Volunteer.objects.exists()
            Volunteer.objects.count()


def test_every_budget_of_the_suite_goes_through_the_one_helper():
    others = re.compile(r"django_assert_(max_)?num_queries|CaptureQueriesContext|assertNumQueries")
    tests = pathlib.Path(__file__).parent
    offenders = [
        str(path.relative_to(tests))
        for path in tests.rglob("*.py")
        if path.name != "conftest.py" and path != pathlib.Path(__file__) and others.search(path.read_text())
    ]
    assert offenders == []
