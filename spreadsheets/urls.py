from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("nhap/", views.import_start, name="import_start"),
    path("nhap/<str:token>/", views.import_preview, name="import_preview"),
    path("nhap/<str:token>/ket-qua/", views.import_result, name="import_result"),
    path("mau-nhap-hoc-vien.xlsx", views.template_download, name="template"),
    path("xuat/", views.export_page, name="export"),
    path("xuat/hoc-vien.xlsx", views.export_download, {"fmt": "xlsx"}, name="export_xlsx"),
    path("xuat/hoc-vien.csv", views.export_download, {"fmt": "csv"}, name="export_csv"),
]
