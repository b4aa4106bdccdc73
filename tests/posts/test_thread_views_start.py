"""Starting a thread from a board page."""

import pytest
from django.urls import reverse

from forum.threads.models import Thread

pytestmark = pytest.mark.django_db


def create_url(board):
    return reverse("posts:start_thread", kwargs={"slug": board.slug})


def test_the_board_page_offers_to_start_a_thread(client, board):
    html = client.get(board.get_absolute_url()).content.decode()

    assert f'href="{create_url(board)}"' in html
    assert "Start a thread" in html


def test_a_banned_member_is_not_offered_to_start_a_thread(client, board, banned_member):
    client.force_login(banned_member)

    html = client.get(board.get_absolute_url()).content.decode()

    assert create_url(board) not in html


def test_a_visitor_is_sent_to_log_in_first(client, board):
    response = client.get(create_url(board))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_starts_a_thread_and_lands_on_it(client, board, member):
    client.force_login(member)

    response = client.post(create_url(board), {"title": "  Hello   world ", "body": "First!"})

    thread = Thread.objects.get()
    assert thread.title == "Hello world"
    assert thread.starter == member
    assert thread.posts.get().body == "First!"
    assert response["Location"] == thread.get_absolute_url()
    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 1)


def test_an_empty_title_is_refused_and_the_text_kept(client, board, member):
    client.force_login(member)

    response = client.post(create_url(board), {"title": "   ", "body": "My opening post."})

    assert response.context["form"].errors["title"] == ["Give the thread a title."]
    assert "My opening post." in response.content.decode()
    assert not Thread.objects.exists()


def test_a_too_long_title_is_refused_and_kept(client, board, member):
    client.force_login(member)
    title = "t" * 201

    response = client.post(create_url(board), {"title": title, "body": "Body."})

    assert response.context["form"].errors["title"] == [
        "This title is 201 characters long; the limit is 200."
    ]
    assert f'value="{title}"' in response.content.decode()
    assert not Thread.objects.exists()


def test_an_empty_first_post_is_refused_and_the_title_kept(client, board, member):
    client.force_login(member)

    response = client.post(create_url(board), {"title": "Kept title", "body": " "})

    assert "the message is empty" in response.context["form"].errors["body"][0]
    assert 'value="Kept title"' in response.content.decode()
    assert not Thread.objects.exists()


def test_the_same_new_thread_form_sent_twice_makes_one_thread(client, board, member):
    client.force_login(member)
    token = str(client.get(create_url(board)).context["form"]["token"].value())
    data = {"title": "Once", "body": "Only once.", "token": token}

    first = client.post(create_url(board), data)
    second = client.post(create_url(board), data)

    assert Thread.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_starting_threads_too_quickly_is_refused_with_the_wait(client, board, member, settings):
    settings.FORUM_FLOOD_INTERVAL = 60
    client.force_login(member)
    client.post(create_url(board), {"title": "One", "body": "First."})

    response = client.post(create_url(board), {"title": "Two", "body": "Second."})

    assert "please wait" in response.context["form"].errors["body"][0]
    assert list(Thread.objects.values_list("title", flat=True)) == ["One"]


def test_preview_of_a_new_thread_creates_nothing(client, board, member):
    client.force_login(member)

    response = client.post(create_url(board), {"title": "T", "body": "**B**", "preview": "1"})

    assert response.context["preview"] == "<p><strong>B</strong></p>"
    assert not Thread.objects.exists()


def test_a_banned_member_opening_the_form_is_told_why(client, board, banned_member):
    client.force_login(banned_member)

    response = client.get(create_url(board))

    assert response.status_code == 403
    assert "Spamming the market board." in response.content.decode()


def test_a_banned_member_posting_the_form_creates_nothing(client, board, banned_member):
    client.force_login(banned_member)

    response = client.post(create_url(board), {"title": "Sneaky", "body": "Hello."})

    assert "You have been banned" in response.context["form"].errors["body"][0]
    assert not Thread.objects.exists()
