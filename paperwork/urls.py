from django.urls import path

from . import views

app_name = "paperwork"
urlpatterns = [
    path("", views.index, name="index"),
    path("viec-can-lam/", views.worklist_page, name="worklist"),
    path(
        "chuyen-sinh-hoat/<int:pk>/docx/",
        views.transfer_letter_docx,
        name="transfer_letter_docx",
    ),
    path("viec-can-lam/xuat.<str:fmt>", views.worklist_export, name="worklist_export"),
    path(
        "nghi-quyet-ket-nap/<int:pk>/",
        views.admission_resolution,
        name="admission_resolution",
    ),
    path(
        "nghi-quyet-ket-nap/<int:pk>/docx/",
        views.admission_resolution,
        {"as_docx": True},
        name="admission_resolution_docx",
    ),
    path(
        "nghi-quyet-chinh-thuc/<int:pk>/",
        views.conversion_resolution,
        name="conversion_resolution",
    ),
    path(
        "nghi-quyet-chinh-thuc/<int:pk>/docx/",
        views.conversion_resolution,
        {"as_docx": True},
        name="conversion_resolution_docx",
    ),
    path(
        "quan-chung-uu-tu/<int:cell_pk>/",
        views.candidate_list,
        name="candidate_list",
    ),
    path(
        "quan-chung-uu-tu/<int:cell_pk>/docx/",
        views.candidate_list,
        {"as_docx": True},
        name="candidate_list_docx",
    ),
    path(
        "ket-qua-nghi-quyet/<int:pk>/",
        views.resolution_scorecard,
        name="resolution_scorecard",
    ),
    path(
        "ket-qua-nghi-quyet/<int:pk>/docx/",
        views.resolution_scorecard,
        {"as_docx": True},
        name="resolution_scorecard_docx",
    ),
    path("chuyen-dang/", views.conversion_list, name="conversion_list"),
    path(
        "chuyen-dang/docx/",
        views.conversion_list,
        {"as_docx": True},
        name="conversion_list_docx",
    ),
]
