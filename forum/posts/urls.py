from django.urls import path

from forum.posts import feeds, member_views, thread_views, views

app_name = "posts"
urlpatterns = [
    path("threads/<uslug:slug>.<int:pk>/", thread_views.thread_detail, name="thread"),
    path(
        "threads/<uslug:slug>.<int:pk>/post-<int:position>/",
        thread_views.post_at_position,
        name="post_at",
    ),
    # Quotes of another thread link here: the stored HTML knows the thread's id, not its slug.
    path("threads/<int:pk>/post-<int:position>/", thread_views.post_at_position, name="post_at_id"),
    path("threads/<int:pk>/reply/", thread_views.reply, name="reply"),
    path("threads/<int:pk>/unread/", thread_views.first_unread, name="first_unread"),
    path("threads/<int:pk>/watch/", thread_views.thread_watch, {"watch": True}, name="watch"),
    path("threads/<int:pk>/unwatch/", thread_views.thread_watch, {"watch": False}, name="unwatch"),
    path("threads/<int:pk>/feed/", feeds.ThreadPostsFeed(), name="feed"),
    path("threads/<int:pk>/reply/draft/", thread_views.reply_draft, name="reply_draft"),
    path("boards/<uslug:slug>/new-thread/", thread_views.start_thread_view, name="start_thread"),
    path("posts/<int:pk>/", views.post_permalink, name="permalink"),
    path("posts/<int:pk>/edit/", views.post_edit, name="edit"),
    path("posts/<int:pk>/hide/", views.post_hide, name="hide"),
    path("posts/<int:pk>/restore/", views.post_restore, name="restore"),
    path("posts/<int:pk>/report/", views.post_report, name="report"),
    path("posts/<int:pk>/like/", views.post_like, {"like": True}, name="like"),
    path("posts/<int:pk>/unlike/", views.post_like, {"like": False}, name="unlike"),
    path("posts/<int:pk>/quote/", views.post_quote, name="quote"),
    path("posts/<int:pk>/history/", views.post_history, name="history"),
    path("posts/preview/", views.post_preview, name="preview"),
    # The member's data, from their account area (a member's data is mostly posts and likes).
    path("account/delete/", member_views.delete_account, name="account_delete"),
]
