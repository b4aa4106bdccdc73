import pytest

from forum.markup import MAX_MENTIONS, members_by_name, render_post_body
from tests.factories import UserFactory


def mention_link(member, text=None):
    return f'<a href="{member.get_absolute_url()}" class="mention">@{text or member.username}</a>'


@pytest.mark.django_db
def test_a_mention_of_a_member_links_to_their_profile():
    ann = UserFactory(username="ann")

    html = render_post_body("thanks @ann!")

    assert html == f"<p>thanks {mention_link(ann)}!</p>"


@pytest.mark.django_db
def test_a_mention_of_nobody_stays_text():
    html = render_post_body("thanks @nobody")

    assert html == "<p>thanks @nobody</p>"


@pytest.mark.django_db
def test_mentions_match_names_in_any_case_and_keep_what_was_typed():
    ann = UserFactory(username="Ann")

    html = render_post_body("hello @ANN")

    assert mention_link(ann, "ANN") in html


@pytest.mark.django_db
def test_trailing_punctuation_is_not_part_of_the_name():
    ann = UserFactory(username="ann")

    html = render_post_body("ask @ann. Or @ann-")

    assert f"{mention_link(ann)}. Or {mention_link(ann)}-" in html


@pytest.mark.django_db
def test_names_with_dots_and_unicode_are_mentioned_whole():
    dotted = UserFactory(username="j.r.smith")
    accented = UserFactory(username="Zoë_2")

    html = render_post_body("@j.r.smith and @Zoë_2")

    assert mention_link(dotted) in html and mention_link(accented) in html


@pytest.mark.django_db
def test_email_addresses_are_not_mentions():
    UserFactory(username="example")

    html = render_post_body("write to someone@example or me@example.com")

    assert "mention" not in html


@pytest.mark.django_db
def test_mentions_in_code_and_links_stay_as_they_are():
    UserFactory(username="ann")

    html = render_post_body(
        "`@ann`\n\n    @ann\n\n[see @ann](https://example.com) ![@ann](https://e.org/a.png)"
    )

    assert "mention" not in html
    assert "<code>@ann</code>" in html
    assert '<a href="https://example.com" rel="nofollow ugc">see @ann</a>' in html


@pytest.mark.django_db
def test_mentions_inside_quotes_link_too():
    ann = UserFactory(username="ann")

    html = render_post_body('[quote="bob, post:2"]hi @ann[/quote] and @ann again')

    assert html.count(mention_link(ann)) == 2


@pytest.mark.django_db
def test_all_names_of_a_post_are_looked_up_in_one_query(django_assert_num_queries):
    members = [UserFactory(username=f"m{n}") for n in range(5)]
    source = '[quote="x"]@m0 @m1[/quote] ' + " ".join(f"@m{n}" for n in range(5)) + " @ghost"

    with django_assert_num_queries(1):
        html = render_post_body(source)

    for member in members:
        assert mention_link(member) in html


@pytest.mark.django_db
def test_a_post_without_mentions_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        render_post_body("no names here, only a@b.com")


@pytest.mark.django_db
def test_names_past_the_limit_stay_text():
    for n in range(MAX_MENTIONS + 5):
        UserFactory(username=f"crowd{n}")
    source = " ".join(f"@crowd{n}" for n in range(MAX_MENTIONS + 5))

    html = render_post_body(source)

    assert html.count('class="mention"') == MAX_MENTIONS
    assert "@crowd34</p>" in html


@pytest.mark.django_db
def test_the_member_written_exactly_wins_over_one_differing_in_case():
    UserFactory(username="ann")
    upper = UserFactory(username="ANN")

    assert members_by_name(["ANN"]) == {"ANN": upper.get_absolute_url()}


def test_mentions_can_be_left_as_text_without_a_database():
    assert render_post_body("hi @ann", mentions=False) == "<p>hi @ann</p>"


def test_a_lookup_function_can_stand_in_for_the_database():
    asked = []

    def lookup(names):
        asked.append(names)
        return {"ann": "/members/ann.7/"}

    html = render_post_body("hi @ann and @bob.", mentions=lookup)

    assert asked == [["ann", "bob.", "bob"]]
    assert html == '<p>hi <a href="/members/ann.7/" class="mention">@ann</a> and @bob.</p>'


def test_a_hostile_lookup_answer_cannot_make_a_script_link():
    html = render_post_body("hi @ann", mentions=lambda names: {"ann": "javascript:alert(1)"})

    assert "javascript" not in html
