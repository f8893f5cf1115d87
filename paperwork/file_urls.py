"""A person's file (hồ sơ), under the person's address: /hoc-vien/<pk>/ho-so/."""

from django.urls import path

from . import views

app_name = "dossier"
urlpatterns = [
    path("<int:pk>/ho-so/", views.person_file, name="file"),
    path("<int:pk>/ho-so/ho-so.zip", views.person_file_zip, name="file_zip"),
    path("<int:pk>/ho-so/tai-len/", views.file_scan_upload, name="scan_upload"),
    path("<int:pk>/ho-so/ban-quet/<int:scan_pk>/", views.file_scan, name="scan"),
    path("<int:pk>/ho-so/ban-quet/<int:scan_pk>/go/", views.file_scan_delete, name="scan_delete"),
    path("<int:pk>/ho-so/mau/<str:key>/", views.person_form, name="form"),
    path(
        "<int:pk>/ho-so/mau/<str:key>/docx/",
        views.person_form,
        {"as_docx": True},
        name="form_docx",
    ),
]
