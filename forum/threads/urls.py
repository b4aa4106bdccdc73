from django.urls import path

from forum.threads import views

app_name = "threads"
urlpatterns = [
    path("threads/<int:pk>/moderate/move/", views.move_thread, name="move"),
    path("threads/<int:pk>/moderate/<slug:action>/", views.thread_action, name="action"),
]
