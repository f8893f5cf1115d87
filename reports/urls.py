from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("in/", views.dashboard_print, name="print"),
    path("thoi-gian-buoc/", views.durations, name="durations"),
    path("xuat/<slug:table>.<str:fmt>", views.export, name="export"),
]
