from django.urls import path

from forum.threads import views

app_name = "threads"
urlpatterns = [
    path("threads/<uslug:slug>.<int:pk>/", views.thread_detail, name="detail"),
    path(
        "threads/<uslug:slug>.<int:pk>/post-<int:position>/",
        views.post_at_position,
        name="post_at",
    ),
    # Quotes of another thread link here: the stored HTML knows the thread's id, not its slug.
    path("threads/<int:pk>/post-<int:position>/", views.post_at_position, name="post_at_id"),
    path("threads/<int:pk>/reply/", views.reply, name="reply"),
    path("threads/<int:pk>/reply/draft/", views.reply_draft, name="reply_draft"),
    path("boards/<uslug:slug>/new-thread/", views.thread_create, name="create"),
]
