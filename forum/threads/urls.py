from django.urls import path

from forum.threads import views

app_name = "threads"
urlpatterns = [
    path("threads/<int:pk>/moderate/move/", views.move_thread, name="move"),
    # Before the one-click actions: hiding asks first, with a reason.
    path("threads/<int:pk>/moderate/hide/", views.hide_thread, name="hide"),
    path("threads/<int:pk>/moderate/<slug:action>/", views.thread_action, name="action"),
]
