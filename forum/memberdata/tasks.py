"""Building a large account's archive in the background worker (``manage.py db_worker``)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django_tasks import task

from forum.follow.models import MailFailure
from forum.follow.queue import retry_of
from forum.memberdata.export import clear_expired_archives, download_path, store_archive

logger = logging.getLogger(__name__)


@task()
def build_archive(member_id):
    """Store the member's archive and mail them the link to it; clear the expired ones (the
    worker builds archives seldom, so this keeps the folder small without a schedule)."""
    clear_expired_archives()
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None or not member.email:
        return
    send_archive_mail.call(member_id, store_archive(member))


@task()
def send_archive_mail(member_id, name, attempt=1):
    """Mail the member the link to their stored archive ``name``; a failed send goes again
    later, and is recorded in forum.follow's ``MailFailure`` once every try has failed."""
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None or not member.email:
        return
    context = {
        "member": member,
        "site": settings.FORUM_NAME,
        "url": settings.FORUM_SITE_URL + download_path(member, name),
        "hours": settings.FORUM_EXPORT_LINK_SECONDS // 3600,
    }
    subject = f"Your data from {settings.FORUM_NAME} is ready"
    try:
        EmailMessage(
            subject=subject,
            body=render_to_string("memberdata/archive_ready.txt", context),
            to=[member.email],
        ).send()
    except Exception as error:  # noqa: BLE001 (any failure is retried, never lost)
        retry = retry_of(send_archive_mail, attempt)
        if retry is not None:
            retry.enqueue(member_id, name, attempt + 1)
            return
        logger.error("Archive mail to member %s failed: %s", member_id, error)
        MailFailure.objects.create(
            recipient=member.email, subject=subject, error=repr(error), attempts=attempt
        )
