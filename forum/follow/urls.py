from django.urls import path

from forum.follow import views

app_name = "follow"
urlpatterns = [
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.open_alert_view, name="open"),
    path("alerts/read/", views.mark_alerts_read_view, name="mark_alerts_read"),
    path("account/alerts/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("members/<int:pk>/follow/", views.follow_member_view, name="follow_member"),
    path("read-all/", views.mark_all_read_view, name="mark_all_read"),
]
