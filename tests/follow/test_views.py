"""The alerts page, the header's count, watch buttons, preferences, unsubscribing."""

import pytest
from django.urls import reverse

from forum.follow.counters import recount_unread_alerts
from forum.follow.mail import unsubscribe_token
from forum.follow.models import Alert, BoardWatch, Kind, Preferences, ThreadWatch
from forum.follow.services import watch_thread
from forum.posts.services import reply_to_thread
from tests.factories import UserFactory
from tests.helpers import make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_flood_interval")]


def alert_for(member, thread, kind=Kind.REPLY, position=2):
    alert = Alert.objects.create(
        user=member, kind=kind, thread=thread, post=thread.posts.get(position=position)
    )
    # As the services that make alerts do.
    recount_unread_alerts([member.pk])
    return alert


def test_the_header_shows_a_members_unread_alert_count(client, reader, thread):
    alert_for(reader, thread)
    alert_for(reader, thread, Kind.MENTION, position=3)
    client.force_login(reader)

    html = client.get(reverse("boards:index")).content.decode()

    assert '<span class="header-alerts__count"><span class="visually-hidden">(</span>2<' in html


def test_a_visitors_page_still_comes_from_the_shared_cache(client, thread, settings):
    settings.FORUM_PAGE_CACHE_SECONDS = 60
    client.get(thread.get_absolute_url())

    response = client.get(thread.get_absolute_url())

    assert "header-alerts" not in response.content.decode()
    assert "Set-Cookie" not in response.headers


def test_opening_an_alert_reads_it_and_goes_to_the_post(client, reader, thread):
    alert = alert_for(reader, thread, position=4)
    client.force_login(reader)

    response = client.get(alert.get_absolute_url())

    assert response.url == thread.get_position_url(4)
    alert.refresh_from_db()
    assert not alert.is_unread


def test_another_members_alert_is_not_found(client, reader, writer, thread):
    alert = alert_for(writer, thread)
    client.force_login(reader)

    assert client.get(alert.get_absolute_url()).status_code == 404


def test_mark_all_alerts_read(client, reader, thread):
    alert_for(reader, thread)
    client.force_login(reader)

    client.post(reverse("follow:mark_alerts_read"))

    assert not Alert.objects.filter(user=reader, read_at__isnull=True).exists()


def test_the_alerts_page_lists_newest_first_in_pages(client, reader, board, settings):
    settings.FORUM_ALERTS_PER_PAGE = 2
    thread = make_thread(posts=4, board=board)
    for position in (2, 3, 4):
        alert_for(reader, thread, position=position)
    client.force_login(reader)

    first = client.get(reverse("follow:alerts"))
    second = client.get(reverse("follow:alerts") + "?page=2")

    assert [a.post.position for a in first.context["alerts"]] == [4, 3]
    assert [a.post.position for a in second.context["alerts"]] == [2]


@pytest.mark.parametrize("alerts", [1, 20])
def test_the_alerts_page_costs_a_fixed_number_of_queries(
    client, reader, board, alerts, django_assert_max_num_queries
):
    thread = make_thread(posts=alerts + 1, board=board)
    for position in range(2, alerts + 2):
        alert_for(reader, thread, position=position)
    client.force_login(reader)

    # session, user, their permissions (two), the count, the page of alerts, the header count
    with django_assert_max_num_queries(7):
        response = client.get(reverse("follow:alerts"))
    assert response.status_code == 200


def test_the_watch_button_works_without_javascript(client, reader, thread):
    client.force_login(reader)

    client.post(reverse("posts:watch", kwargs={"pk": thread.pk}))
    html = client.get(thread.get_absolute_url()).content.decode()

    assert ThreadWatch.objects.filter(user=reader, thread=thread).exists()
    assert "Stop watching" in html


def test_the_unwatch_button(client, reader, thread):
    watch_thread(user=reader, thread=thread)
    client.force_login(reader)

    client.post(reverse("posts:unwatch", kwargs={"pk": thread.pk}))

    assert not ThreadWatch.objects.filter(user=reader, thread=thread).exists()


def test_a_hidden_thread_cannot_be_watched(client, reader, board):
    thread = make_thread(posts=1, board=board, is_hidden=True)
    client.force_login(reader)

    assert client.post(reverse("posts:watch", kwargs={"pk": thread.pk})).status_code == 404


def test_the_board_watch_button(client, reader, board):
    client.force_login(reader)

    client.post(reverse("boards:watch", kwargs={"slug": board.slug}))

    assert BoardWatch.objects.filter(user=reader, board=board).exists()


def test_a_visitor_is_sent_to_log_in_to_watch(client, thread):
    response = client.post(reverse("posts:watch", kwargs={"pk": thread.pk}))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_preferences_save(client, reader):
    client.force_login(reader)

    response = client.post(
        reverse("follow:preferences"), {"alert_reply": "on", "email_reply": "on"}
    )

    assert response.status_code == 302
    preferences = Preferences.objects.get(user=reader)
    assert (preferences.email_reply, preferences.alert_like, preferences.watch_own_threads) == (
        True,
        False,
        False,
    )


def test_preferences_page_shows_the_defaults(client, reader):
    client.force_login(reader)

    form = client.get(reverse("follow:preferences")).context["form"]

    assert form["watch_own_threads"].value() is True
    assert form["email_reply"].value() is False


def test_one_click_unsubscribe_stops_that_kind_of_mail(client, reader):
    Preferences.objects.create(user=reader, email_reply=True, email_mention=True)
    url = reverse("follow:unsubscribe", kwargs={"token": unsubscribe_token(reader, Kind.REPLY)})

    response = client.post(url)

    assert response.status_code == 200
    preferences = Preferences.objects.get(user=reader)
    assert (preferences.email_reply, preferences.email_mention) == (False, True)


def test_opening_the_unsubscribe_link_asks_first(client, reader):
    Preferences.objects.create(user=reader, email_reply=True)
    url = reverse("follow:unsubscribe", kwargs={"token": unsubscribe_token(reader, Kind.REPLY)})

    client.get(url)

    assert Preferences.objects.get(user=reader).email_reply is True


def test_a_forged_unsubscribe_token_is_refused(client, reader):
    token = unsubscribe_token(reader, Kind.REPLY)[:-2] + "xx"

    response = client.post(reverse("follow:unsubscribe", kwargs={"token": token}))

    assert response.status_code == 400


def test_the_thread_page_reads_the_reply_alert_of_the_posts_it_shows(
    client, reader, writer, thread, django_capture_on_commit_callbacks
):
    watch_thread(user=reader, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(thread=thread, author=writer, body="News.")
    client.force_login(reader)

    client.get(thread.get_absolute_url())

    assert Alert.objects.for_member(reader).unread().count() == 0


def test_a_banned_member_sees_alerts_page(client, board):
    banned = UserFactory(username="bannedone", banned=True)
    client.force_login(banned)

    assert client.get(reverse("follow:alerts")).status_code == 200


def test_the_preferences_page_sits_in_the_account_area(client, reader):
    client.force_login(reader)
    url = reverse("follow:preferences")

    html = client.get(url).content.decode()

    assert f'<a href="{url}" aria-current="page">Alerts and mail</a>' in html
    assert f'href="{reverse("accounts:account_profile")}"' in html
