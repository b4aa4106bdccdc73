"""Site-wide views that belong to no app."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# The fields of the forum's forms that hold what a member wrote.
WRITTEN_FIELDS = [("title", "Title"), ("body", "Message")]


def csrf_failure(request, reason=""):
    """The 403 page for a form sent without a valid security token (``CSRF_FAILURE_VIEW``).

    Usually an expired page or blocked cookies, not an attack. Nothing is done with the
    submission; what was typed is shown back (escaped, read-only, in no form) so the member can
    copy it, and the page they came from is linked so they can open it afresh and send again.
    """
    written = [
        (label, request.POST[name])
        for name, label in WRITTEN_FIELDS
        if request.method == "POST" and request.POST.get(name, "").strip()
    ]
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    context = {"written": written, "back_url": back}
    return render(request, "403_csrf.html", context, status=403)


def media(request, path):
    """An uploaded file (``FORUM_SERVE_MEDIA``: development; production serves them itself).

    Stored files never change (each upload takes a new name), so browsers may keep them a year.
    """
    from django.conf import settings
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
