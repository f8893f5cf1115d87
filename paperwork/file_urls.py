"""A person's file (hồ sơ), under the person's address: /hoc-vien/<pk>/ho-so/."""

from django.urls import path

from . import views

app_name = "dossier"
urlpatterns = [
    path("<int:pk>/ho-so/mau/<str:key>/", views.person_form, name="form"),
    path(
        "<int:pk>/ho-so/mau/<str:key>/docx/", views.person_form, {"as_docx": True}, name="form_docx"
    ),
]
