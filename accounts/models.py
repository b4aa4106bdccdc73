from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.roles import Role, join_role_group


class MemberManager(UserManager):
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


class User(AbstractUser):
    """A member: Django's user with the profile a forum shows beside every post."""

    title = models.CharField(
        "custom title", max_length=50, blank=True, help_text="Shown under the username."
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    location = models.CharField(max_length=100, blank=True)
    message_count = models.PositiveIntegerField(default=0, editable=False)
    likes_received = models.PositiveIntegerField(
        default=0, editable=False, help_text="Likes given to this member's posts on this forum."
    )
    imported_likes_received = models.PositiveIntegerField(
        default=0, help_text="Likes this member had received on an imported source forum."
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
        permissions = [
            ("ban_member", "Can ban and unban members"),
            ("change_member_title", "Can change members' custom titles"),
            ("change_member_role", "Can change members' roles"),
        ]

    def __str__(self):
        return self.username

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"slug": self.slug, "pk": self.pk})

    @property
    def slug(self):
        return slugify(self.username, allow_unicode=True) or "member"

    @property
    def is_currently_banned(self):
        """Whether a ban is in force now; a ban whose end date has passed is over by itself."""
        if not self.is_banned:
            return False
        return self.banned_until is None or self.banned_until > timezone.now()

    @property
    def total_likes_received(self):
        return self.likes_received + self.imported_likes_received

    @property
    def role_banner(self):
        """The banner shown beside posts; ordinary members carry none."""
        return "" if self.role == Role.MEMBER else Role(self.role).label

    @property
    def display_title(self):
        return self.title or Role(self.role).label
