"""What one post may hold of what costs most to render: each limit, its message, and the
forms and views that refuse a body over it while keeping the text (#10)."""

import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from forum.markup import markup_limit_error, render_post_body
from forum.posts.forms import EditPostForm, ReplyForm
from forum.posts.models import Post
from forum.threads.models import Thread


def table(rows, columns=2):
    line = "|" + "|".join("c" for _ in range(columns)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|\n"
    return line + rule + line * rows


# (body at the limit, body over it, the message for the one over it), defaults in force.
LIMITS = {
    "lines": (
        "x\n" * 1999 + "x",
        "x\n" * 2000 + "x",
        "This post has 2,001 lines; the most a post may have is 2,000.",
    ),
    "table cells": (
        table(199),
        table(205),
        "This post has 412 table cells; the most a post may have is 400.",
    ),
    "nesting": (
        "> " * 8 + "x",
        "> " * 5 + "- " * 4 + "x",
        "This post nests lists and quotes (>) 9 deep; the most a post may nest them is 8.",
    ),
    "quotes": (
        "[quote]x[/quote]\n" * 50,
        "[quote]x[/quote]\n" * 51,
        "This post has 51 quotes; the most a post may have is 50.",
    ),
    "mentions": (
        " ".join(f"@m{n}" for n in range(30)),
        " ".join(f"@m{n % 3}" for n in range(31)),
        "This post has 31 mentions (@name); the most a post may have is 30.",
    ),
    "inline code": (
        "`a` " * 500,
        "`a` " * 501,
        "This post has 501 pieces of inline code (`code`); the most a post may have is 500. "
        "Put long code in a block between lines of three backticks (```).",
    ),
    "emphasis": (
        "*a* " * 500,
        "*a* " * 500 + "*b",
        "This post has 1,001 emphasis marks (runs of *, _ or ~ outside code); the most a post "
        "may have is 1,000. Put code between backticks (`) to show it as typed.",
    ),
    "links": (
        "[a](https://example.com) " * 250 + "https://example.com " * 250,
        "[a](https://example.com) " * 250 + "www.example.com " * 251,
        "This post has 501 links, images, web addresses or [ brackets outside code; the most "
        "a post may have is 500.",
    ),
}


@pytest.mark.parametrize("limit", LIMITS)
def test_a_body_over_a_limit_is_told_which_limit(limit):
    _, over, message = LIMITS[limit]

    assert markup_limit_error(over) == message


@pytest.mark.parametrize("limit", LIMITS)
def test_a_body_at_a_limit_passes(limit):
    at, _, _ = LIMITS[limit]

    assert markup_limit_error(at) is None


def test_limits_are_settings(settings):
    settings.FORUM_MARKUP_MAX_TABLE_CELLS = 4

    assert markup_limit_error(table(1)) is None
    assert markup_limit_error(table(2)) == (
        "This post has 6 table cells; the most a post may have is 4."
    )


@pytest.mark.parametrize(
    "source",
    [
        "```\n" + "*a* " * 2000 + "[x] @ann `b` " * 600 + "\n```",
        "    " + "*a* [x] @ann " * 2000,
        "``" + "*a* [x] @ann " * 2000 + "``",
    ],
    ids=["fenced", "indented", "inline"],
)
def test_marks_inside_code_do_not_count(source):
    assert markup_limit_error(source) is None


def test_a_table_in_code_has_no_cells_and_a_table_in_a_quote_has_them():
    in_code = "```\n" + table(300) + "```"
    in_quote = "".join(f"> {line}\n" for line in table(205).splitlines())

    assert markup_limit_error(in_code) is None
    assert markup_limit_error(in_quote) == LIMITS["table cells"][2]


def test_escaped_marks_do_not_count_as_emphasis():
    assert markup_limit_error("\\* \\_ " * 2000) is None


def _bench_corpus():
    path = Path(__file__).parents[1] / "bench" / "markup_budget.py"
    spec = importlib.util.spec_from_file_location("markup_budget", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.corpus()


CORPUS = _bench_corpus()


@pytest.mark.parametrize("name", CORPUS)
def test_each_pathological_body_is_refused_or_renders_within_the_limits(name, settings):
    source = CORPUS[name]

    error = markup_limit_error(source)
    if error:
        assert error.startswith("This post ")
        return
    html = render_post_body(source, mentions=lambda names: dict.fromkeys(names, "/members/x.1/"))
    assert html.count("<td") + html.count("<th>") <= settings.FORUM_MARKUP_MAX_TABLE_CELLS
    assert html.count('class="mention"') <= settings.FORUM_MARKUP_MAX_MENTIONS
    assert html.count("<blockquote") <= settings.FORUM_MARKUP_MAX_QUOTES + 8 * (
        settings.FORUM_MARKUP_MAX_NESTING
    )


def test_the_bench_corpus_holds_the_reported_attacks():
    assert {"table 8,000 rows", "table 8,000 columns", "***a x 12,500", "5,000 code fences"} <= set(
        CORPUS
    )
    assert all(len(source) <= 50_000 for source in CORPUS.values())


def test_the_slowest_reported_bodies_are_refused():
    for name in ["table 8,000 rows", "table 8,000 columns", "***a x 12,500", "*_ x 25,000"]:
        assert markup_limit_error(CORPUS[name]), name


# ---- Every form and view that takes a body --------------------------------------------------

OVER = LIMITS["table cells"][1]
MESSAGE = LIMITS["table cells"][2]


def test_the_reply_form_refuses_a_body_over_a_limit_and_keeps_it():
    form = ReplyForm({"body": OVER})

    assert not form.is_valid()
    assert form.errors["body"] == [MESSAGE]
    assert form["body"].value() == OVER


def test_the_edit_form_refuses_a_body_over_a_limit():
    form = EditPostForm({"body": OVER, "revision": "1"})

    assert form.errors["body"] == [MESSAGE]


@pytest.mark.django_db
@pytest.mark.parametrize("limit", LIMITS)
def test_a_reply_over_a_limit_is_refused_beside_the_box_and_kept(client, thread, member, limit):
    _, over, message = LIMITS[limit]
    client.force_login(member)

    response = client.post(reverse("posts:reply", kwargs={"pk": thread.pk}), {"body": over})

    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [message]
    assert response.context["form"]["body"].value() == over
    assert escape(message) in response.content.decode()
    assert not Post.objects.filter(author=member).exists()


@pytest.mark.django_db
def test_a_reply_preview_over_a_limit_shows_the_message_not_a_preview(client, thread, member):
    client.force_login(member)

    response = client.post(
        reverse("posts:reply", kwargs={"pk": thread.pk}), {"body": OVER, "preview": "1"}
    )

    assert response.context["form"].errors["body"] == [MESSAGE]
    assert response.context["preview"] is None


@pytest.mark.django_db
def test_a_new_thread_over_a_limit_is_refused_and_kept(client, board, member):
    client.force_login(member)

    response = client.post(
        reverse("posts:start_thread", kwargs={"slug": board.slug}),
        {"title": "Tables", "body": OVER},
    )

    assert response.context["form"].errors["body"] == [MESSAGE]
    assert response.context["form"]["body"].value() == OVER
    assert response.context["form"]["title"].value() == "Tables"
    assert not Thread.objects.filter(title="Tables").exists()


@pytest.mark.django_db
def test_an_edit_over_a_limit_is_refused_and_the_post_unchanged(client, thread, member):
    post = thread.posts.get(position=2)
    Post.objects.filter(pk=post.pk).update(author=member)
    client.force_login(member)

    response = client.post(
        reverse("posts:edit", kwargs={"pk": post.pk}), {"body": OVER, "revision": "1"}
    )

    assert response.context["form"].errors["body"] == [MESSAGE]
    assert response.context["form"]["body"].value() == OVER
    assert Post.objects.get(pk=post.pk).body == post.body


@pytest.mark.django_db
@pytest.mark.parametrize("limit", LIMITS)
def test_the_preview_endpoint_answers_with_the_message_instead_of_html(client, member, limit):
    _, over, message = LIMITS[limit]
    client.force_login(member)

    response = client.post(reverse("posts:preview"), {"body": over})

    assert response.status_code == 400
    assert response.json() == {"error": message}
