from django.urls import path

from forum.boards import views

app_name = "boards"
urlpatterns = [
    path("", views.index, name="index"),
    path("boards/<uslug:slug>/", views.board_detail, name="detail"),
]
