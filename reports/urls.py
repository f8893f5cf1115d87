from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("in/", views.dashboard_print, name="print"),
    path("thoi-gian-buoc/", views.durations, name="durations"),
    path("du-bao-ket-nap/", views.forecast, name="forecast"),
    path("xuat/<slug:table>.<str:fmt>", views.export, name="export"),
    path("bao-cao-nam/", views.yearly, name="yearly"),
    path("bao-cao-nam.docx", views.yearly_docx, name="yearly_docx"),
    path("bao-cao-nam.xlsx", views.yearly_xlsx, name="yearly_xlsx"),
]
