"""The account's "Your data" page, and the download of an archive the worker built."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from forum import ratelimit
from forum.follow.queue import enqueue_with_transaction
from forum.memberdata.export import (
    LinkRefused,
    archive_bytes,
    archive_name,
    built_in_background,
)
from forum.memberdata.tasks import build_archive

# Building an archive reads every post of the member: a few a day is plenty.
EXPORT_RATE = ratelimit.Rate(5, 3600)
PAGE = "memberdata/export.html"


def _filename(member):
    return f"forum-data-{member.pk}-{timezone.now():%Y%m%d}.json"


@login_required
def export_data(request):
    """GET explains; POST sends the JSON archive, or for a large account has it mailed."""
    if request.method != "POST":
        return render(request, PAGE)
    allowed, wait = ratelimit.allow("export", request.user.pk, EXPORT_RATE)
    if not allowed:
        error = f"You have asked for your data often lately: try again in {wait} seconds."
        return render(request, PAGE, {"error": error}, status=429)
    if built_in_background(request.user):
        if not request.user.email:
            error = "Your account has no email address to send the link to: add one first."
            return render(request, PAGE, {"error": error}, status=400)
        enqueue_with_transaction(build_archive, request.user.pk)
        return render(request, PAGE, {"queued": True}, status=202)
    response = HttpResponse(archive_bytes(request.user), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request.user)}"'
    return response


@login_required
def download(request, token):
    """Serve an archive the worker built, to the member it was built for, while the link lasts."""
    try:
        name = archive_name(token, request.user)
    except LinkRefused as refused:
        return render(request, PAGE, {"error": refused.message}, status=refused.status)
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=_filename(request.user),
        content_type="application/json",
    )
