from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from forum import views
from forum.converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("forum.boards.urls")),
    path("", include("forum.threads.urls")),
    path("", include("forum.posts.urls")),
    path("", include("forum.search.urls")),
    path("", include("forum.follow.urls")),
    path("", include("forum.conversations.urls")),
    path("", include("forum.memberdata.urls")),
]

if settings.FORUM_SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media))

# A database that is away answers 503 ("back in a moment"), not a 500 (forum.views).
handler500 = "forum.views.server_error"
