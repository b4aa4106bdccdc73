from django.urls import path

from forum.boards import feeds, views

app_name = "boards"
urlpatterns = [
    path("", views.index, name="index"),
    path("boards/<uslug:slug>/", views.board_detail, name="detail"),
    path("boards/<uslug:slug>/watch/", views.board_watch, {"watch": True}, name="watch"),
    path("boards/<uslug:slug>/unwatch/", views.board_watch, {"watch": False}, name="unwatch"),
    path("boards/<uslug:slug>/mark-read/", views.board_mark_read, name="mark_read"),
    path("boards/<uslug:slug>/feed/", feeds.BoardThreadsFeed(), name="feed"),
]
