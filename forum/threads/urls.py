from django.urls import path

from forum.threads import new_posts, views

app_name = "threads"
urlpatterns = [
    path("new-posts/", new_posts.new_posts, name="new_posts"),
    path("threads/<int:pk>/moderate/move/", views.move_thread, name="move"),
    # Before the one-click actions: hiding asks first, with a reason.
    path("threads/<int:pk>/moderate/hide/", views.hide_thread, name="hide"),
    path("threads/<int:pk>/moderate/<slug:action>/", views.thread_action, name="action"),
]
