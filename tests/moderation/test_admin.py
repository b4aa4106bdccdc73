from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from forum.moderation import services
from forum.moderation.models import Action, ModerationLog, Report
from forum.posts import services as post_services
from forum.posts.models import Post
from forum.posts.services import reply_to_thread
from forum.threads import services as thread_services
from forum.threads.models import Thread
from tests.factories import BoardFactory, PostFactory, UserFactory
from tests.helpers import assert_counters_true, make_thread, member_form

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
THREADS = reverse("admin:threads_thread_changelist")
POSTS = reverse("admin:posts_post_changelist")
REPORTS = reverse("admin:moderation_report_changelist")
LOG = reverse("admin:moderation_moderationlog_changelist")
MEMBERS = reverse("admin:accounts_user_changelist")


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# The door: the admin's login is the site's rate-limited login.


def test_the_admin_login_page_sends_to_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/threads/thread/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fthreads%2Fthread%2F"


def test_the_admin_login_does_not_take_a_password_itself(client, moderator):
    response = client.post("/admin/login/", {"username": "mod", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_a_visitor_through_the_sites_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_moderator_logs_in_on_the_site_and_lands_in_the_admin(client, moderator):
    verified(moderator)

    response = client.post("/accounts/login/?next=/admin/", {"login": "mod", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_guessing_an_admins_password_is_cut_off_by_the_sites_rate_limit(client, administrator):
    verified(administrator)
    for _ in range(5):
        client.post("/accounts/login/?next=/admin/", {"login": "admin", "password": "guess"})

    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "admin", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "Too many wrong passwords" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_logged_in_member_is_refused_at_the_admin_door_without_a_loop(client, member):
    client.force_login(member)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403


# What a moderator sees.


def test_the_administrators_home_is_not_called_the_moderators_desk(admin_client):
    response = admin_client.get("/admin/")

    assert response.context["title"] == "Site administration"
    assert "Moderator&#x27;s desk" not in response.content.decode()


def test_a_moderators_home_is_the_moderators_desk(mod_client):
    assert mod_client.get("/admin/").context["title"] == "Moderator's desk"


def test_a_moderator_sees_only_what_moderation_needs(mod_client):
    response = mod_client.get("/admin/")

    models = {
        model["object_name"] for app in response.context["app_list"] for model in app["models"]
    }
    assert models == {"Thread", "Post", "Report", "ModerationLog", "User"}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/group/",
        "/admin/boards/board/",
        "/admin/boards/category/",
        "/admin/account/emailaddress/",
        "/admin/posts/like/",
    ],
)
def test_a_moderator_cannot_open_site_settings(mod_client, url):
    assert mod_client.get(url).status_code == 403


def test_a_moderator_gets_a_members_moderation_fields_only(mod_client, member):
    response = mod_client.get(reverse("admin:accounts_user_change", args=[member.pk]))

    form = response.context["adminform"].form
    assert set(form.fields) == {"title", "is_banned", "ban_reason", "ban_length", "banned_until"}
    assert member.email not in response.content.decode()
    assert "password" not in form.fields


def test_a_moderator_posting_role_staff_and_password_fields_changes_only_the_title(
    mod_client, member
):
    before = User.objects.get(pk=member.pk)

    mod_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(
            member,
            title="Regular",
            role=Role.ADMINISTRATOR,
            is_staff="on",
            is_superuser="on",
            groups=[1, 2],
            username="renamed",
            email="stolen@example.com",
            password="pbkdf2_sha256$1$x$y",
            password1="Stolen pass 12345",
            password2="Stolen pass 12345",
        ),
    )

    after = User.objects.get(pk=member.pk)
    assert after.title == "Regular"
    assert (after.role, after.is_staff, after.is_superuser) == (Role.MEMBER, False, False)
    assert (after.username, after.email, after.password) == (
        before.username,
        before.email,
        before.password,
    )
    assert list(after.groups.values_list("name", flat=True)) == ["Members"]


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.MODERATOR])
def test_a_moderator_cannot_ban_staff(mod_client, role):
    staff = UserFactory(role=role)

    response = mod_client.post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        member_form(staff, is_banned="on", ban_reason="Coup"),
    )

    assert response.status_code == 403
    assert not User.objects.get(pk=staff.pk).is_banned


def test_a_moderator_cannot_open_the_password_form(mod_client, member):
    url = reverse("admin:auth_user_password_change", args=[member.pk])

    assert mod_client.get(url).status_code == 403


def test_a_moderator_searches_members_by_name_not_by_email(mod_client, member):
    by_name = mod_client.get(MEMBERS, {"q": "reader"})
    by_email = mod_client.get(MEMBERS, {"q": "reader@example.com"})

    assert list(by_name.context["cl"].result_list) == [member]
    assert list(by_email.context["cl"].result_list) == []


def test_an_administrator_searches_members_by_email(admin_client, member):
    response = admin_client.get(MEMBERS, {"q": "reader@example.com"})

    assert list(response.context["cl"].result_list) == [member]


# Members: ban, title, role.


def test_a_ban_needs_a_reason_shown_beside_the_field(mod_client, member):
    response = mod_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(member, is_banned="on", ban_reason=" "),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ban_reason"] == [
        "Give the reason: the member is shown it."
    ]
    assert not User.objects.get(pk=member.pk).is_banned


def test_a_ban_cannot_end_in_the_past(mod_client, member):
    yesterday = timezone.localtime() - timedelta(days=1)

    response = mod_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(
            member,
            is_banned="on",
            ban_reason="Spam",
            banned_until_0=yesterday.strftime("%Y-%m-%d"),
            banned_until_1="12:00:00",
        ),
    )

    assert "banned_until" in response.context["adminform"].form.errors
    assert not User.objects.get(pk=member.pk).is_banned


def test_a_ban_with_an_end_date_is_logged(mod_client, moderator, member):
    next_week = timezone.localtime() + timedelta(days=7)

    mod_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(
            member,
            is_banned="on",
            ban_reason="Cooling off",
            banned_until_0=next_week.strftime("%Y-%m-%d"),
            banned_until_1="12:00:00",
        ),
    )

    member.refresh_from_db()
    assert member.is_currently_banned
    assert member.banned_until.date() == next_week.date()
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.target, entry.reason) == (
        moderator,
        Action.BAN_MEMBER,
        member,
        "Cooling off",
    )


def test_unticking_banned_lifts_the_ban_and_logs_it(mod_client, member, moderator):
    account_services.ban_member(member=member, by=moderator, reason="Spam")

    mod_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(User.objects.get(pk=member.pk), is_banned=""),
    )

    assert not User.objects.get(pk=member.pk).is_banned
    assert ModerationLog.objects.first().action == Action.LIFT_BAN


def test_an_administrator_changes_a_role_through_the_one_role_writer(admin_client, member):
    admin_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(member, role=Role.MODERATOR),
    )

    member.refresh_from_db()
    assert (member.role, member.is_staff) == (Role.MODERATOR, True)
    assert list(member.groups.values_list("name", flat=True)) == ["Moderators"]
    assert ModerationLog.objects.get().action == Action.CHANGE_MEMBER_ROLE


def test_an_administrator_cannot_change_their_own_role(admin_client, administrator):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[administrator.pk]))

    assert "role" not in response.context["adminform"].form.fields


def test_an_administrators_plain_edits_are_saved_without_a_log_entry(admin_client, member):
    admin_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(member, location="Lisbon", email="new@example.com"),
    )

    member.refresh_from_db()
    assert (member.location, member.email) == ("Lisbon", "new@example.com")
    assert not ModerationLog.objects.exists()


def test_an_account_added_in_the_admin_joins_the_members_group(admin_client):
    admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "A long pass phrase 42",
            "password2": "A long pass phrase 42",
        },
    )

    newcomer = User.objects.get(username="newcomer")
    assert list(newcomer.groups.values_list("name", flat=True)) == ["Members"]


# Threads.


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("lock_thread", "is_locked", True),
        ("pin_thread", "is_pinned", True),
        ("hide_thread", "is_hidden", True),
    ],
)
def test_each_thread_action_changes_every_selected_thread_and_logs_each(
    mod_client, moderator, board, action, field, value
):
    threads = [make_thread(posts=2, board=board) for _ in range(3)]

    mod_client.post(
        THREADS,
        {"action": action, "_selected_action": [t.pk for t in threads], "reason": "Cleanup"},
    )

    assert all(getattr(t, field) is value for t in Thread.objects.all())
    entries = ModerationLog.objects.filter(action=action)
    assert {entry.object_id for entry in entries} == {t.pk for t in threads}
    assert {(entry.actor, entry.reason) for entry in entries} == {(moderator, "Cleanup")}
    assert_counters_true()


def test_the_thread_list_shows_what_a_moderator_scans(mod_client, thread):
    response = mod_client.get(THREADS)

    columns = [header["text"].lower() for header in response.context["result_headers"]]
    assert columns[1:] == [
        "title",
        "board",
        "starter",
        "replies",
        "latest post",
        "pinned",
        "locked",
        "hidden",
    ]


def test_threads_are_found_by_title_or_starter(mod_client, board):
    wanted = make_thread(posts=1, board=board, title="Budget talks")
    make_thread(posts=1, board=board, title="Weather")

    by_title = mod_client.get(THREADS, {"q": "budget"})
    by_starter = mod_client.get(THREADS, {"q": wanted.starter.username})

    assert list(by_title.context["cl"].result_list) == [wanted]
    assert list(by_starter.context["cl"].result_list) == [wanted]


def test_threads_are_filtered_by_board_and_state(mod_client, board):
    locked = make_thread(posts=1, board=board, is_locked=True)
    make_thread(posts=1, board=board)
    make_thread(posts=1, is_locked=True)

    response = mod_client.get(THREADS, {"board__id__exact": board.pk, "is_locked__exact": 1})

    assert list(response.context["cl"].result_list) == [locked]


def test_moving_asks_for_the_board_on_a_confirmation_page(mod_client, thread):
    elsewhere = BoardFactory(name="Elsewhere")

    response = mod_client.post(
        THREADS, {"action": "move_threads", "_selected_action": [thread.pk], "reason": "Tidy"}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/moderation/move_threads.html"
    assert elsewhere in response.context["form"].fields["board"].queryset
    assert response.context["form"]["reason"].value() == "Tidy"
    assert Thread.objects.get().board == thread.board


def test_confirming_the_move_moves_logs_and_keeps_counters(mod_client, moderator, thread):
    elsewhere = BoardFactory(name="Elsewhere")

    mod_client.post(
        THREADS,
        {
            "action": "move_threads",
            "_selected_action": [thread.pk],
            "apply": "yes",
            "board": elsewhere.pk,
            "reason": "Belongs there",
        },
    )

    assert Thread.objects.get().board == elsewhere
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.reason, entry.details["to_board"]["name"]) == (
        Action.MOVE_THREAD,
        "Belongs there",
        "Elsewhere",
    )
    assert_counters_true()


def test_merging_asks_which_thread_to_keep(mod_client, board):
    first = make_thread(posts=2, board=board)
    second = make_thread(posts=2, board=board)

    response = mod_client.post(
        THREADS, {"action": "merge_threads", "_selected_action": [first.pk, second.pk]}
    )

    assert response.templates[0].name == "admin/moderation/merge_threads.html"
    choices = [value for value, _ in response.context["form"].fields["target"].choices]
    assert choices == [first.pk, second.pk]
    assert Thread.objects.count() == 2


def test_confirming_a_merge_merges_logs_and_keeps_counters(mod_client, moderator, board):
    kept = make_thread(posts=3, board=board)
    merged = make_thread(posts=2, board=BoardFactory())

    mod_client.post(
        THREADS,
        {
            "action": "merge_threads",
            "_selected_action": [kept.pk, merged.pk],
            "apply": "yes",
            "target": kept.pk,
            "reason": "Same topic",
        },
    )

    assert list(Thread.objects.all()) == [kept]
    assert Post.objects.filter(thread=kept).count() == 5
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.target, entry.reason) == (Action.MERGE_THREADS, kept, "Same topic")
    assert_counters_true()


def test_one_thread_merges_into_another_given_by_its_address(mod_client, board):
    merged = make_thread(posts=2, board=board)
    kept = make_thread(posts=2, board=board)

    mod_client.post(
        THREADS,
        {
            "action": "merge_threads",
            "_selected_action": [merged.pk],
            "apply": "yes",
            "other_thread": f"http://testserver{kept.get_absolute_url()}",
        },
    )

    assert list(Thread.objects.all()) == [kept]


def test_merging_one_thread_with_nothing_says_what_is_missing(mod_client, thread):
    response = mod_client.post(
        THREADS,
        {
            "action": "merge_threads",
            "_selected_action": [thread.pk],
            "apply": "yes",
            "target": thread.pk,
        },
    )

    assert response.context["form"].non_field_errors() == [
        "Select at least two threads, or give another thread to merge into."
    ]
    assert Thread.objects.count() == 1


def test_merging_into_an_unknown_thread_number_is_refused_beside_the_field(mod_client, thread):
    response = mod_client.post(
        THREADS,
        {
            "action": "merge_threads",
            "_selected_action": [thread.pk],
            "apply": "yes",
            "other_thread": "999999",
        },
    )

    assert response.context["form"].errors["other_thread"] == [
        "There is no thread with that number."
    ]


def test_threads_and_posts_are_never_deleted_or_added_from_the_admin(admin_client, thread):
    response = admin_client.get(THREADS)

    assert "delete_selected" not in dict(response.context["action_form"].fields["action"].choices)
    assert admin_client.get(reverse("admin:threads_thread_add")).status_code == 403
    post = thread.posts.first()
    assert admin_client.get(reverse("admin:posts_post_delete", args=[post.pk])).status_code == 403


def test_a_moderator_renames_a_thread_and_the_old_title_is_logged(mod_client, thread):
    old_title = thread.title

    mod_client.post(reverse("admin:threads_thread_change", args=[thread.pk]), {"title": "Better"})

    thread.refresh_from_db()
    assert (thread.title, thread.slug) == ("Better", "better")
    assert ModerationLog.objects.get().details == {"old_title": old_title, "new_title": "Better"}


def test_the_thread_form_changes_nothing_but_the_title(mod_client, thread):
    other = BoardFactory()

    mod_client.post(
        reverse("admin:threads_thread_change", args=[thread.pk]),
        {"title": thread.title, "board": other.pk, "is_locked": "on", "reply_count": 99},
    )

    fresh = Thread.objects.get(pk=thread.pk)
    assert (fresh.board_id, fresh.is_locked, fresh.reply_count) == (thread.board_id, False, 4)
    assert not ModerationLog.objects.exists()


@pytest.mark.parametrize("posts", [3, 300])
def test_a_large_thread_opens_in_the_admin_as_fast_as_a_small_one(
    mod_client, board, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)

    with django_assert_max_num_queries(12):
        response = mod_client.get(reverse("admin:threads_thread_change", args=[thread.pk]))
    assert response.status_code == 200
    assert f"?thread__id__exact={thread.pk}" in response.content.decode()


# Posts.


def test_hiding_posts_from_the_admin_logs_each_and_keeps_counters(mod_client, thread):
    replies = list(thread.posts.filter(position__in=[2, 3]))

    mod_client.post(
        POSTS, {"action": "hide_post", "_selected_action": [p.pk for p in replies], "reason": "x"}
    )

    assert Post.objects.filter(is_hidden=True).count() == 2
    assert ModerationLog.objects.filter(action=Action.HIDE_POST).count() == 2
    assert_counters_true()


def test_the_first_post_is_left_alone_with_a_word_why(mod_client, thread):
    first = thread.posts.get(position=1)

    response = mod_client.post(
        POSTS, {"action": "hide_post", "_selected_action": [first.pk]}, follow=True
    )

    assert not Post.objects.get(pk=first.pk).is_hidden
    assert "Left as they were" in response.content.decode()


def test_posts_are_found_by_text_and_by_author(mod_client, thread):
    wanted = PostFactory(thread=thread, body="A remark about sanctions")

    by_text = mod_client.get(POSTS, {"q": "sanctions"})
    by_author = mod_client.get(POSTS, {"q": wanted.author.username})

    assert list(by_text.context["cl"].result_list) == [wanted]
    assert list(by_author.context["cl"].result_list) == [wanted]


def test_posts_are_filtered_by_board_state_and_thread(mod_client, thread):
    hidden = thread.posts.get(position=4)
    post_services.hide_post(post=hidden, by=UserFactory(role=Role.MODERATOR))
    make_thread(posts=3)

    response = mod_client.get(
        POSTS,
        {"thread__board__id__exact": thread.board_id, "is_hidden__exact": 1},
    )
    in_thread = mod_client.get(POSTS, {"thread__id__exact": thread.pk})

    assert list(response.context["cl"].result_list) == [hidden]
    assert in_thread.context["cl"].result_count == 5


def test_posts_are_filtered_by_date(mod_client, thread):
    old = PostFactory(thread=thread, created_at=timezone.now() - timedelta(days=400))

    # What the filter's "Past 7 days" link asks for.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    response = mod_client.get(POSTS, {"created_at__gte": str(midnight - timedelta(days=7))})

    assert old not in response.context["cl"].result_list
    assert response.context["cl"].result_count == 5


# Reports.


def make_report(thread, reporter=None, reason="Spam"):
    return services.report_post(
        post=thread.posts.get(position=2), reporter=reporter or UserFactory(), reason=reason
    )


def test_the_report_queue_shows_open_reports_by_default(mod_client, thread, moderator):
    still_open = make_report(thread)
    closed = make_report(thread)
    services.close_report(report=closed, by=moderator, outcome=Report.Outcome.NO_ACTION)

    default = mod_client.get(REPORTS)
    closed_list = mod_client.get(REPORTS, {"status": "closed"})

    assert list(default.context["cl"].result_list) == [still_open]
    assert list(closed_list.context["cl"].result_list) == [closed]


def test_a_moderator_closes_a_report_with_an_outcome_on_its_page(mod_client, thread, moderator):
    report = make_report(thread)

    mod_client.post(
        reverse("admin:moderation_report_change", args=[report.pk]),
        {"outcome": Report.Outcome.ACTION_TAKEN, "outcome_note": "Hid the post"},
    )

    report.refresh_from_db()
    assert (report.is_open, report.outcome, report.outcome_note, report.closed_by) == (
        False,
        Report.Outcome.ACTION_TAKEN,
        "Hid the post",
        moderator,
    )
    assert ModerationLog.objects.get().action == Action.CLOSE_REPORT


def test_closing_a_report_needs_an_outcome(mod_client, thread):
    report = make_report(thread)

    response = mod_client.post(
        reverse("admin:moderation_report_change", args=[report.pk]),
        {"outcome": "", "outcome_note": ""},
    )

    assert "outcome" in response.context["adminform"].form.errors
    assert Report.objects.get(pk=report.pk).is_open


def test_a_closed_report_reads_but_does_not_change(mod_client, thread, moderator):
    report = make_report(thread)
    services.close_report(report=report, by=moderator, outcome=Report.Outcome.NO_ACTION)

    response = mod_client.post(
        reverse("admin:moderation_report_change", args=[report.pk]),
        {"outcome": Report.Outcome.ACTION_TAKEN, "outcome_note": "Changed my mind"},
    )

    assert response.status_code == 403
    assert Report.objects.get(pk=report.pk).outcome == Report.Outcome.NO_ACTION


def test_the_first_column_of_the_report_list_is_one_link_to_the_report(mod_client, thread):
    report = make_report(thread)

    response = mod_client.get(REPORTS)

    row = response.content.decode().split("<tbody>")[1].split("</tr>")[0]
    first_cell = row.split("</th>")[0]
    assert first_cell.count("<a ") == 1
    assert reverse("admin:moderation_report_change", args=[report.pk]) in first_cell


def test_a_report_names_its_thread_post_number_and_members(thread):
    report = make_report(thread, reporter=UserFactory(username="watchful"))
    post = report.post

    assert str(Report.objects.described().get()) == (
        f"watchful’s report of post #2 by {post.author} in “{thread.title}”"
    )


def test_closing_a_report_says_which_report_it_was(mod_client, thread, moderator):
    report = make_report(thread, reporter=UserFactory(username="watchful"))

    response = mod_client.post(
        reverse("admin:moderation_report_change", args=[report.pk]),
        {"outcome": Report.Outcome.NO_ACTION, "outcome_note": ""},
        follow=True,
    )

    message = str(list(response.context["messages"])[0])
    assert f"watchful’s report of post #2 by {report.post.author} in “{thread.title}”" in message
    assert ModerationLog.objects.get().target_repr == str(Report.objects.described().get())


# The log.


@pytest.mark.parametrize(
    ("write", "change"),
    [
        (
            lambda member, by: account_services.set_member_role(
                user=member, role=Role.MODERATOR, by=by
            ),
            "Member → Moderator",
        ),
        (
            lambda member, by: account_services.change_member_title(
                member=member, title="Night owl", by=by
            ),
            "(none) → “Night owl”",
        ),
        (
            lambda member, by: account_services.ban_member(member=member, by=by, reason="Spam"),
            "not banned → banned for good (Spam)",
        ),
    ],
)
def test_the_log_list_shows_what_changed_old_to_new(admin_client, administrator, write, change):
    write(UserFactory(username="changed"), administrator)

    response = admin_client.get(LOG)

    assert ModerationLog.objects.get().change == change
    assert f'<td class="field-change">{escape(change)}</td>' in response.content.decode()


def test_the_log_shows_a_threads_rename_old_to_new(thread, moderator):
    old_title = thread.title

    entry = thread_services.rename_thread(thread=thread, title="Better", by=moderator)

    assert entry.change == f"“{old_title}” → “Better”"


def test_the_log_shows_a_moderators_edit_as_revisions(thread, moderator):
    post = thread.posts.get(position=2)

    entry = post_services.edit_post(post=post, by=moderator, body="Fixed", expected_revision=1)

    assert ModerationLog.objects.get().change == "revision 1 → 2"
    assert entry.revision == 2


def test_the_log_is_read_only_even_for_administrators(admin_client, thread, administrator):
    entry = thread_services.lock_thread(thread=thread, by=administrator)

    assert admin_client.get(LOG).status_code == 200
    assert admin_client.get(reverse("admin:moderation_moderationlog_add")).status_code == 403
    change_url = reverse("admin:moderation_moderationlog_change", args=[entry.pk])
    assert admin_client.post(change_url, {"reason": "Rewritten"}).status_code == 403
    delete_url = reverse("admin:moderation_moderationlog_delete", args=[entry.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ModerationLog.objects.get().reason == ""


def test_the_log_lists_one_targets_history(mod_client, board, moderator):
    thread, other = make_thread(posts=1, board=board), make_thread(posts=1, board=board)
    thread_services.lock_thread(thread=thread, by=moderator)
    thread_services.lock_thread(thread=other, by=moderator)
    content_type = ContentType.objects.get_for_model(Thread)

    response = mod_client.get(
        LOG, {"content_type__id__exact": content_type.pk, "object_id": thread.pk}
    )

    assert [entry.object_id for entry in response.context["cl"].result_list] == [thread.pk]


# Every admin list costs a fixed number of queries.


def fill(rows, thread, moderator):
    for _ in range(rows):
        reply = reply_to_thread(thread=thread, author=UserFactory(), body="More")
        make_report(thread, reason="Again")
        post_services.hide_post(post=reply, by=moderator)


@pytest.mark.parametrize("rows", [2, 40])
@pytest.mark.parametrize("url", [THREADS, POSTS, REPORTS, LOG, MEMBERS])
def test_admin_lists_cost_the_same_queries_whatever_their_length(
    mod_client, moderator, board, rows, url, django_assert_max_num_queries
):
    for _ in range(rows):
        make_thread(posts=1, board=board)
    fill(rows, Thread.objects.first(), moderator)

    with django_assert_max_num_queries(8):
        response = mod_client.get(url)
    assert response.status_code == 200


def test_a_superuser_made_at_the_shell_logs_into_the_admin_through_the_site(client, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", username="root", email="root@example.com", interactive=False)

    response = client.post("/accounts/login/?next=/admin/", {"login": "root", "password": PASSWORD})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admins_own_password_change_is_the_sites(mod_client):
    response = mod_client.get("/admin/password_change/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")


def edit_in_admin(client, post, body, revision, reason=""):
    return client.post(
        reverse("admin:posts_post_change", args=[post.pk]),
        {"body": body, "started_from": revision, "reason": reason},
    )


def test_editing_a_post_in_the_admin_keeps_the_old_text_and_logs_it(mod_client, moderator, thread):
    reply = thread.posts.get(position=2)
    old_body = reply.body

    edit_in_admin(mod_client, reply, "Cleaned up by a moderator.", reply.revision, "Link spam")

    reply.refresh_from_db()
    assert (reply.body, reply.edited_by, reply.revision) == (
        "Cleaned up by a moderator.",
        moderator,
        2,
    )
    assert "Cleaned up by a moderator." in reply.body_html
    assert list(reply.revisions.values_list("body", flat=True)) == [old_body]
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.target, entry.reason) == (Action.EDIT_POST, reply, "Link spam")


def test_an_admin_edit_over_a_newer_version_is_refused_and_keeps_the_text(
    mod_client, member, thread
):
    reply = thread.posts.get(position=2)
    post_services.edit_post(post=reply, by=member, body="Saved meanwhile.", expected_revision=1)

    response = edit_in_admin(mod_client, reply, "My stale edit.", 1)

    assert response.status_code == 200
    assert "saved a newer version" in str(response.context["adminform"].form.non_field_errors())
    assert "My stale edit." in response.content.decode()
    assert Post.objects.get(pk=reply.pk).body == "Saved meanwhile."


def test_an_empty_admin_edit_is_refused_beside_the_field(mod_client, thread):
    reply = thread.posts.get(position=2)

    response = edit_in_admin(mod_client, reply, "   ", reply.revision)

    assert response.context["adminform"].form.errors["body"]
    assert Post.objects.get(pk=reply.pk).revision == 1


def test_a_hidden_post_reads_in_the_admin_but_takes_no_edit(mod_client, moderator, thread):
    reply = thread.posts.get(position=2)
    post_services.hide_post(post=reply, by=moderator)

    page = mod_client.get(reverse("admin:posts_post_change", args=[reply.pk]))
    response = edit_in_admin(mod_client, reply, "Edited while hidden.", reply.revision)

    assert page.status_code == 200
    assert response.status_code == 403
    assert Post.objects.get(pk=reply.pk).body == reply.body


def test_an_edited_post_links_to_its_earlier_versions(mod_client, thread):
    reply = thread.posts.get(position=2)
    edit_in_admin(mod_client, reply, "Second version.", 1)

    page = mod_client.get(reverse("admin:posts_post_change", args=[reply.pk])).content.decode()

    assert f'{reverse("posts:history", args=[reply.pk])}">Earlier versions (1)' in page


def test_a_hidden_threads_admin_page_says_who_hid_it_and_why(mod_client, moderator, thread):
    thread_services.hide_thread(thread=thread, by=moderator, reason="Flame war")

    response = mod_client.get(reverse("admin:threads_thread_change", args=[thread.pk]))

    assert f"Hidden by {moderator.username} on " in response.content.decode()
    assert ": Flame war." in response.content.decode()


def test_a_hidden_posts_admin_page_says_who_hid_it_and_why(mod_client, moderator, thread):
    post = thread.posts.get(position=2)
    post_services.hide_post(post=post, by=moderator, reason="Advertising")

    response = mod_client.get(reverse("admin:posts_post_change", args=[post.pk]))

    assert f"Hidden by {moderator.username} on " in response.content.decode()
    assert ": Advertising." in response.content.decode()
