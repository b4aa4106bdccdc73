from django.urls import path

from forum.posts import views

app_name = "posts"
urlpatterns = [
    path("posts/<int:pk>/", views.post_permalink, name="permalink"),
]
