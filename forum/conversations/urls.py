from django.urls import path

from forum.conversations import views

app_name = "conversations"
urlpatterns = [
    path("conversations/", views.conversation_list, name="list"),
    path("conversations/new/", views.conversation_start, name="start"),
    path("conversations/<int:pk>/", views.conversation_detail, name="detail"),
    path("conversations/<int:pk>/reply/", views.conversation_reply, name="reply"),
    path("conversations/<int:pk>/invite/", views.conversation_invite, name="invite"),
    path("conversations/<int:pk>/leave/", views.conversation_leave, name="leave"),
    path("conversations/<int:pk>/mark/", views.conversation_mark, name="mark"),
    path("conversations/messages/<int:pk>/edit/", views.message_edit, name="edit"),
    path("conversations/messages/<int:pk>/report/", views.message_report, name="report"),
]
