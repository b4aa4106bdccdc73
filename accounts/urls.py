from django.urls import path

from accounts import account_views, views

app_name = "accounts"
urlpatterns = [
    path("members/", views.member_list, name="members"),
    path("members/staff/", views.member_list, {"staff": True}, name="staff"),
    path("members/online/", views.online_list, name="online"),
    path("members/<uslug:slug>.<int:pk>/", views.profile, name="profile"),
    path("members/<int:pk>/ignore/", account_views.ignore, name="ignore"),
    path("account/ignoring/", account_views.ignoring, name="account_ignoring"),
    path("account/", account_views.account, name="account"),
    path("account/profile/", account_views.profile, name="account_profile"),
    path("account/avatar/", account_views.avatar, name="account_avatar"),
    path("account/avatar/remove/", account_views.remove_avatar, name="account_remove_avatar"),
    path("account/preferences/", account_views.preferences, name="account_preferences"),
]
