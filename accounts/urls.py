from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("members/<uslug:slug>.<int:pk>/", views.profile, name="profile"),
]
