from django.contrib.auth.models import UserManager
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower

from accounts.roles import STAFF_ROLES

# The member list's orders: its ``?order=`` values, each with its label and its ORDER BY.
# Counts include what an import brought (unknown counts as 0 for ordering); ties by join order.
MEMBER_ORDERS = {
    "messages": ("Messages", [F("total_messages").desc(), "pk"]),
    "likes": ("Likes received", [F("total_likes").desc(), "pk"]),
    "joined": ("Joined", [F("date_joined").desc(), F("pk").desc()]),
    "name": ("Name", [Lower("username"), "pk"]),
}


class MemberQuerySet(models.QuerySet):
    def listed(self, *, order="messages", name_prefix="", staff=False):
        """Members as the member list shows them: active ones, in ``order``, those whose name
        starts with ``name_prefix`` (any case), only administrators and moderators if ``staff``."""
        members = self.filter(is_active=True)
        if staff:
            members = members.filter(role__in=[role.value for role in STAFF_ROLES])
        if name_prefix:
            members = members.filter(username__istartswith=name_prefix)
        members = members.annotate(
            total_messages=F("message_count") + Coalesce(F("imported_message_count"), Value(0)),
            total_likes=F("likes_received") + Coalesce(F("imported_likes_received"), Value(0)),
        )
        return members.order_by(*MEMBER_ORDERS[order][1])


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass
