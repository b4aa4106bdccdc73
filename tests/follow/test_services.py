"""The follow app's services that the tests of alerts and following leave to themselves."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.follow.models import Preferences, ThreadWatch
from forum.follow.services import watch_own_thread

pytestmark = pytest.mark.django_db


def watches(member, thread):
    return ThreadWatch.objects.filter(user=member, thread=thread).count()


def test_a_member_without_preferences_watches_the_thread_they_wrote_in(reader, thread):
    watch_own_thread(user=reader, thread=thread)

    assert watches(reader, thread) == 1


def test_a_member_who_said_no_does_not_watch_it(reader, thread):
    Preferences.objects.create(user=reader, watch_own_threads=False)

    watch_own_thread(user=reader, thread=thread)

    assert watches(reader, thread) == 0


def test_a_member_who_said_yes_watches_it(reader, thread):
    Preferences.objects.create(user=reader, watch_own_threads=True, email_reply=True)

    watch_own_thread(user=reader, thread=thread)

    assert watches(reader, thread) == 1


def test_watching_again_is_watching_once_in_one_statement(reader, thread):
    watch_own_thread(user=reader, thread=thread)

    with CaptureQueriesContext(connection) as queries:
        watch_own_thread(user=reader, thread=thread)

    assert len(queries) == 1
    assert watches(reader, thread) == 1
