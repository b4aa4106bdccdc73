"""Site-wide views that belong to no app."""

import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

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


# What a database that is restarting or unreachable raises; not IntegrityError and the like,
# which are bugs and stay 500s.
DATABASE_AWAY = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request):
    """``handler500``: a database that is away is a 503 (try again soon), anything else a 500.

    Called inside Django's ``except`` block, so the exception is ``sys.exc_info()``. Neither
    page needs the database: no request context, no session, no user.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_AWAY):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        # Django's connection health checks reconnect on the next request once it is back.
        response["Retry-After"] = "5"
        return response
    return defaults.server_error(request)


def media(request, path):
    """An uploaded file (``FORUM_SERVE_MEDIA``: development; production serves them itself).

    Stored files never change (each upload takes a new name), so browsers may keep them a year.
    """
    from django.conf import settings
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
