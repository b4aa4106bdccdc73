from django.urls import path

from forum.posts import views

app_name = "posts"
urlpatterns = [
    path("posts/<int:pk>/", views.post_permalink, name="permalink"),
    path("posts/<int:pk>/edit/", views.post_edit, name="edit"),
    path("posts/<int:pk>/hide/", views.post_hide, name="hide"),
    path("posts/<int:pk>/like/", views.post_like, {"like": True}, name="like"),
    path("posts/<int:pk>/unlike/", views.post_like, {"like": False}, name="unlike"),
    path("posts/<int:pk>/quote/", views.post_quote, name="quote"),
    path("posts/<int:pk>/history/", views.post_history, name="history"),
    path("posts/preview/", views.post_preview, name="preview"),
]
