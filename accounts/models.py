from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from accounts.avatars import AVATAR_LARGE, AVATAR_SMALL, avatar_url
from accounts.links import member_slug, profile_url
from accounts.querysets import MemberManager as BaseMemberManager
from accounts.roles import Role, join_role_group


class MemberManager(BaseMemberManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A superuser made with ``createsuperuser`` is an administrator in every sense, so the
        # role banner, the group and the flags agree from the start.
        from allauth.account.models import EmailAddress

        extra_fields["role"] = Role.ADMINISTRATOR
        user = super().create_superuser(username, email, password, **extra_fields)
        if user.email:
            # The admin is entered through allauth's login, which wants a verified address;
            # one typed by the operator at the shell is as verified as an address gets.
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        join_role_group(user, Role.ADMINISTRATOR)
        return user


class ConversationsFrom(models.TextChoices):
    """Who may start a conversation with a member. "followed": the members they follow
    (``forum.follow.models.FollowedMember``) and staff."""

    EVERYONE = "everyone", "Every member"
    FOLLOWED = "followed", "Members I follow (and staff)"
    STAFF = "staff", "Staff members only"
    NOBODY = "nobody", "Nobody"


class User(AbstractUser):
    """A member: Django's user with the profile a forum shows beside every post."""

    title = models.CharField(
        "custom title", max_length=50, blank=True, help_text="Shown under the username."
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    location = models.CharField(max_length=100, blank=True)
    about = models.TextField(max_length=2000, blank=True)
    website = models.URLField(max_length=200, blank=True)
    # The stem of the stored avatar files ("avatars/<random>"): ``-96.webp`` and ``-192.webp``
    # beside it (accounts.avatars). Empty: the letter avatar.
    avatar = models.CharField(max_length=100, blank=True, editable=False)
    # What the member typed, and the HTML made from it on write (forum.markup); an import may
    # fill the HTML alone.
    signature = models.TextField(blank=True)
    signature_html = models.TextField(blank=True, editable=False)
    # An IANA name ("Europe/Paris"); empty: the site's TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True)
    show_online = models.BooleanField(
        "show online status", default=True, help_text="Named in the list of who is online."
    )
    hide_signatures = models.BooleanField(
        "hide signatures", default=False, help_text="Posts are shown without signatures."
    )
    conversations_from = models.CharField(
        "who may start conversations with me",
        max_length=10,
        choices=ConversationsFrom.choices,
        default=ConversationsFrom.EVERYONE,
    )
    conversation_mail = models.BooleanField(
        "mail me new conversation messages",
        default=False,
        help_text="A mail for each new conversation or reply addressed to you.",
    )
    # The ids of the members this member ignores (their conversations and posts are hidden
    # from them): read with the member's own row on every page, so no query asks for it.
    ignoring = models.JSONField(default=list, blank=True, editable=False)
    # Conversations with a message this member has not read, kept by forum.conversations'
    # services; the header shows it without a query.
    unread_conversations = models.PositiveIntegerField(default=0, editable=False)
    # Alerts this member has not read and that still show (``Alert.objects.for_member``), kept
    # by forum.follow's services under the member's row lock; the header shows it without a
    # query, and ``manage.py recount`` rebuilds it.
    unread_alerts = models.PositiveIntegerField(default=0, editable=False)
    message_count = models.PositiveIntegerField(default=0, editable=False)
    likes_received = models.PositiveIntegerField(
        default=0, editable=False, help_text="Likes given to this member's posts on this forum."
    )
    # What an imported member had on the source forum. Empty (None) when the imported page did
    # not show it: unknown is shown as unknown ("—"), never as 0. A member who signed up here
    # had nothing elsewhere, so 0.
    imported_likes_received = models.PositiveIntegerField(
        null=True,
        blank=True,
        default=0,
        help_text="Likes received on the source forum of an import; empty if it is not known.",
    )
    imported_message_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        default=0,
        help_text="Messages on the source forum of an import; empty if it is not known.",
    )
    imported_name = models.CharField(
        max_length=150,
        blank=True,
        editable=False,
        help_text="The name this member had in an imported thread, as the source spelled it.",
    )
    imported_banner = models.CharField(
        max_length=50,
        blank=True,
        help_text="The role banner an imported thread showed beside this member's posts. "
        "Shown while the member's role here is Member; it grants nothing.",
    )
    is_banned = models.BooleanField(
        "banned", default=False, help_text="A banned member can read but not post or like."
    )
    ban_reason = models.CharField(max_length=500, blank=True, help_text="Shown to the member.")
    banned_until = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty for a ban without an end."
    )

    objects = MemberManager()

    class Meta:
        verbose_name = "member"
        verbose_name_plural = "members"
        indexes = [
            # Names are looked up ignoring case (logging in, "by:name" in search, mentions):
            # without it each lookup reads every member.
            models.Index(Upper("username"), name="member_username_upper"),
        ]
        permissions = [
            ("ban_member", "Can ban and unban members"),
            ("change_member_title", "Can change members' custom titles"),
            ("change_member_role", "Can change members' roles"),
        ]

    def __str__(self):
        return self.username

    def get_absolute_url(self):
        return profile_url(self.pk, self.username)

    @property
    def slug(self):
        return member_slug(self.username)

    @property
    def is_currently_banned(self):
        """Whether a ban is in force now; a ban whose end date has passed is over by itself."""
        if not self.is_banned:
            return False
        return self.banned_until is None or self.banned_until > timezone.now()

    @property
    def total_likes_received(self):
        """Likes received here and on an imported source; None when the source's are unknown."""
        if self.imported_likes_received is None:
            return None
        return self.likes_received + self.imported_likes_received

    @property
    def total_message_count(self):
        """Messages here and on an imported source; None when the source's are unknown."""
        if self.imported_message_count is None:
            return None
        return self.message_count + self.imported_message_count

    @property
    def role_banner(self):
        """The banner shown beside posts: the role's, else the one an import showed (which
        grants nothing); ordinary members carry none."""
        if self.role == Role.MEMBER:
            return self.imported_banner
        return Role(self.role).label

    @property
    def banner_is_imported(self):
        return self.role == Role.MEMBER and bool(self.imported_banner)

    @property
    def avatar_url(self):
        return avatar_url(self.avatar, AVATAR_SMALL) if self.avatar else ""

    @property
    def avatar_url_2x(self):
        return avatar_url(self.avatar, AVATAR_LARGE) if self.avatar else ""

    @property
    def display_title(self):
        return self.title or Role(self.role).label
