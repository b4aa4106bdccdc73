from django.urls import path

from forum.threads import new_posts, views, watched

app_name = "threads"
urlpatterns = [
    path("new-posts/", new_posts.new_posts, name="new_posts"),
    path("account/watched/", watched.watched_threads, name="watched"),
    path("account/watched/boards/", watched.watched_boards, name="watched_boards"),
    path(
        "account/watched/threads/<int:pk>/stop/",
        watched.stop_watching_thread,
        name="stop_watching_thread",
    ),
    path(
        "account/watched/threads/stop-all/",
        watched.stop_watching_all_threads,
        name="stop_watching_all_threads",
    ),
    path(
        "account/watched/boards/<int:pk>/stop/",
        watched.stop_watching_board,
        name="stop_watching_board",
    ),
    path("threads/<int:pk>/moderate/move/", views.move_thread, name="move"),
    # Before the one-click actions: hiding asks first, with a reason.
    path("threads/<int:pk>/moderate/hide/", views.hide_thread, name="hide"),
    path("threads/<int:pk>/moderate/<slug:action>/", views.thread_action, name="action"),
]
