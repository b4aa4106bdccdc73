from django.urls import path

from forum.moderation import views

app_name = "moderation"
urlpatterns = [
    path("threads/<int:pk>/moderate/move/", views.move_thread, name="move_thread"),
    path("threads/<int:pk>/moderate/<slug:action>/", views.thread_action, name="thread_action"),
    path("posts/<int:pk>/restore/", views.restore_post, name="restore_post"),
    path("posts/<int:pk>/report/", views.report_post, name="report_post"),
]
