"""No admin list answers a filter on what its viewer is not shown.

Django's admin filters a list by any field of its model named in the query string
(``?email__startswith=a``); a moderator could rebuild a member's address a character at a time.
``forum.moderation.admin.ShownLookupsOnly`` refuses them on every model a moderator reaches:
these tests try every field of every such model.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models.constants import LOOKUP_SEP
from django.test import RequestFactory
from django.urls import reverse

from forum.moderation import services
from forum.posts.services import like_post
from forum.threads.services import lock_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MEMBERS = reverse("admin:accounts_user_changelist")
# What a moderator is never shown of a member, whatever the list.
PRIVATE = {"email", "first_name", "last_name", "last_login", "password"}
LOOKUPS = {"exact": "a", "startswith": "a", "regex": "^a", "gte": "a", "isnull": "1", "in": "a"}


@pytest.fixture
def rows(thread, moderator, member):
    """One row of every model the desk lists, so each change form can be read."""
    reply = thread.posts.get(position=2)
    services.report_post(post=reply, reporter=member, reason="Spam")
    like_post(post=reply, user=member)
    lock_thread(thread=thread, by=moderator)


def as_viewer(user, query=None):
    request = RequestFactory().get("/", query or {})
    request.user = user
    return request


def viewable(user):
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.has_view_permission(as_viewer(user))
    ]


def shown(model_admin, user):
    """The fields of the model that ``user`` sees in its list or on its change page."""
    request = as_viewer(user)
    names = set(model_admin.get_list_display(request))
    names |= {
        item if isinstance(item, str) else item[0]
        for item in model_admin.get_list_filter(request)
        if not isinstance(item, type)
    }
    obj = model_admin.model._default_manager.first()
    for _, options in model_admin.get_fieldsets(request, obj):
        for field in options["fields"]:
            names |= set(field) if isinstance(field, (list, tuple)) else {field}
    return {name.split(LOOKUP_SEP)[0] for name in names}


def filters_by(model_admin, user, key, value):
    """Whether the list, asked for ``?key=value``, comes back filtered by it."""
    try:
        model_admin.get_changelist_instance(as_viewer(user, {key: value}))
    except (DisallowedModelAdminLookup, IncorrectLookupParameters):
        # A 400, or Django's unfiltered list with "?e=1".
        return False
    return True


def field_lookups(model):
    for field in model._meta.concrete_fields:
        for lookup, value in LOOKUPS.items():
            yield field, f"{field.name}__{lookup}", value


def test_a_moderator_reaches_the_five_lists_this_sweep_covers(rows, moderator):
    models = {model_admin.model._meta.label for model_admin in viewable(moderator)}

    assert models == {
        "threads.Thread",
        "posts.Post",
        "moderation.Report",
        "moderation.ModerationLog",
        "accounts.User",
    }


def test_no_list_filters_by_a_field_its_moderator_is_not_shown(rows, moderator):
    leaks = []
    for model_admin in viewable(moderator):
        visible = shown(model_admin, moderator) - PRIVATE
        for field, key, value in field_lookups(model_admin.model):
            if filters_by(model_admin, moderator, key, value) and field.name not in visible:
                leaks.append(f"{model_admin.model.__name__}?{key}")

    assert leaks == []


def test_no_list_filters_by_text_matching_even_on_shown_fields(rows, moderator):
    leaks = [
        f"{model_admin.model.__name__}?{key}"
        for model_admin in viewable(moderator)
        for _, key, value in field_lookups(model_admin.model)
        if key.endswith(("__startswith", "__regex"))
        and filters_by(model_admin, moderator, key, value)
    ]

    assert leaks == []


def test_no_list_filters_through_a_relation_to_the_related_rows_fields(rows, moderator):
    leaks = []
    for model_admin in viewable(moderator):
        for field in model_admin.model._meta.concrete_fields:
            if not field.is_relation:
                continue
            for related in field.related_model._meta.concrete_fields:
                if related.primary_key:
                    continue
                key = f"{field.name}__{related.name}__exact"
                if filters_by(model_admin, moderator, key, "a"):
                    leaks.append(f"{model_admin.model.__name__}?{key}")

    assert leaks == []


@pytest.mark.parametrize("lookup", ["email__startswith", "email__regex", "last_login__gte"])
def test_a_moderator_asking_the_members_list_for_an_email_gets_a_400(mod_client, member, lookup):
    response = mod_client.get(MEMBERS, {lookup: "r"})

    assert response.status_code == 400


def test_an_administrator_cannot_filter_members_by_their_password_hash(client, administrator):
    client.force_login(administrator)

    response = client.get(MEMBERS, {"password__startswith": "md5"})

    assert response.status_code == 400


def test_the_lists_own_filters_still_work(mod_client, member):
    UserFactory(username="rowdy", banned=True)

    response = mod_client.get(MEMBERS, {"is_banned__exact": "1"})

    assert [user.username for user in response.context["cl"].result_list] == ["rowdy"]


def test_searches_and_sortable_columns_use_only_what_the_moderator_is_shown(rows, moderator):
    request = as_viewer(moderator)
    for model_admin in viewable(moderator):
        visible = shown(model_admin, moderator) - PRIVATE
        for path in model_admin.get_search_fields(request):
            parts = path.lstrip("^=@").split(LOOKUP_SEP)
            assert parts[0] in visible, (model_admin, path)
            assert not set(parts) & PRIVATE, (model_admin, path)
        for column in model_admin.get_sortable_by(request):
            assert column in model_admin.get_list_display(request), (model_admin, column)
