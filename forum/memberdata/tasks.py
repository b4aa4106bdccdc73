"""Building a large account's archive in the background worker (``manage.py db_worker``)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django_tasks import task

from forum.memberdata.export import clear_expired_archives, download_path, store_archive


@task()
def build_archive(member_id):
    """Store the member's archive and mail them the link to it; clear the expired ones (the
    worker builds archives seldom, so this keeps the folder small without a schedule)."""
    clear_expired_archives()
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None or not member.email:
        return
    name = store_archive(member)
    context = {
        "member": member,
        "site": settings.FORUM_NAME,
        "url": settings.FORUM_SITE_URL + download_path(member, name),
        "hours": settings.FORUM_EXPORT_LINK_SECONDS // 3600,
    }
    EmailMessage(
        subject=f"Your data from {settings.FORUM_NAME} is ready",
        body=render_to_string("memberdata/archive_ready.txt", context),
        to=[member.email],
    ).send()
