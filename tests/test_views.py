"""A form sent without its security token gets a page that explains and keeps the text."""

import pytest
from django.test import Client
from django.urls import reverse

from forum.posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_a_reply_without_a_csrf_token_is_refused_with_an_explanation(strict_client, thread, member):
    strict_client.force_login(member)

    response = strict_client.post(
        reverse("posts:reply", kwargs={"pk": thread.pk}), {"body": "My careful reply."}
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in html
    assert "nothing you wrote is lost" in html
    assert not Post.objects.filter(author=member).exists()


def test_the_refused_text_is_shown_back_to_copy(strict_client, thread, member):
    strict_client.force_login(member)

    response = strict_client.post(
        reverse("posts:reply", kwargs={"pk": thread.pk}), {"body": "Line one\n<b>two</b>"}
    )

    html = response.content.decode()
    assert "Line one\n&lt;b&gt;two&lt;/b&gt;</textarea>" in html


def test_the_page_links_back_to_where_the_form_was(strict_client, thread, member):
    strict_client.force_login(member)

    response = strict_client.post(
        reverse("posts:reply", kwargs={"pk": thread.pk}),
        {"body": "Text."},
        HTTP_REFERER=f"http://testserver{thread.get_absolute_url()}",
    )

    assert f'href="http://testserver{thread.get_absolute_url()}"' in response.content.decode()


def test_a_referer_on_another_site_is_not_linked(strict_client, thread, member):
    strict_client.force_login(member)

    response = strict_client.post(
        reverse("posts:reply", kwargs={"pk": thread.pk}),
        {"body": "Text."},
        HTTP_REFERER="https://evil.example/phish",
    )

    assert "evil.example" not in response.content.decode()


def test_a_new_thread_without_a_token_keeps_title_and_text(strict_client, board, member):
    strict_client.force_login(member)

    response = strict_client.post(
        reverse("posts:start_thread", kwargs={"slug": board.slug}),
        {"title": "My title", "body": "My opening post."},
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "My title</textarea>" in html
    assert "My opening post.</textarea>" in html


def _server_error_for(error, request):
    from forum.views import server_error

    try:
        raise error
    except Exception:
        # handler500 runs inside Django's except block, where the error is sys.exc_info().
        return server_error(request)


def test_a_database_that_is_away_gets_the_503_page(rf):
    from django.db.utils import OperationalError

    response = _server_error_for(OperationalError("the server closed the connection"), rf.get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in response.content.decode()


def test_any_other_error_stays_a_500(rf):
    response = _server_error_for(KeyError("bug"), rf.get("/"))

    assert response.status_code == 500
