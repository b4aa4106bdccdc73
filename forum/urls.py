from django.contrib import admin
from django.urls import include, path, register_converter

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
]
