from django.urls import path

from forum.memberdata import views

app_name = "memberdata"

urlpatterns = [
    path("account/export/", views.export_data, name="export"),
    path("account/export/<str:token>/", views.download, name="download"),
]
