from django.db import models


class ImportedPostManager(models.Manager):
    def get_by_natural_key(self, thread_source_key, position):
        return self.get(post__thread__source_key=thread_source_key, post__position=position)


class ImportedMemberManager(models.Manager):
    def get_by_natural_key(self, username):
        return self.get(user__username=username)


class ImportedPost(models.Model):
    """What a source page showed around an imported post that a post here has no field for.

    Kept beside the post rather than on it: only imported posts have these, and they are the
    source's facts, shown as such ("liked on the source forum by…"), never mixed with what
    happens here. A row exists only when there is something to keep.

    The signature is the one the page showed under this post. It stays here, not on the
    member, until the member claims the account and writes their own: the page's signature
    is a fact of the source, and two imported threads may show two of them.
    """

    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, related_name="imported")
    day_known = models.BooleanField(
        default=True,
        help_text="False when the page gave a relative day (a weekday) that could not be dated.",
    )
    likers = models.JSONField(
        default=list, blank=True, help_text="Names on the source's likes line, as it spelled them."
    )
    other_likes = models.PositiveIntegerField(
        null=True, blank=True, help_text="The likes line's “and N others”; empty: no likes line."
    )
    edit_note = models.CharField(max_length=300, blank=True)
    signature = models.TextField(blank=True, help_text="As the page showed it, in the markup.")
    signature_html = models.TextField(blank=True, editable=False)
    source_page = models.PositiveIntegerField(null=True, blank=True)
    source_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The post's id on the source forum, which quotes name."
    )

    objects = ImportedPostManager()

    class Meta:
        verbose_name = "imported post's source facts"
        verbose_name_plural = "imported posts' source facts"

    def __str__(self):
        return f"source facts of post {self.post_id}"

    # A fixture (``import_thread --output``) names the post, not this row's id.
    def natural_key(self):
        return self.post.natural_key()

    natural_key.dependencies = ["posts.post"]

    @property
    def like_count(self):
        return len(self.likers) + (self.other_likes or 0)


class ImportedMember(models.Model):
    """What an imported page showed of a member that the account has no field for.

    A row exists only for a member imported from a page that left the join date out or showed
    banners beside the role ("Staff Member"); the most recent page read sets it.
    """

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="imported_facts"
    )
    joined_known = models.BooleanField(
        default=True, help_text="False: the page showed no join date (the account's is not it)."
    )
    other_banners = models.JSONField(
        default=list, blank=True, help_text="Banners shown beside the role, such as Staff Member."
    )

    objects = ImportedMemberManager()

    class Meta:
        verbose_name = "imported member's source facts"
        verbose_name_plural = "imported members' source facts"

    def __str__(self):
        return f"source facts of member {self.user_id}"

    def natural_key(self):
        return self.user.natural_key()

    natural_key.dependencies = ["accounts.user"]
