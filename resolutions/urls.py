from django.urls import path

from . import views

app_name = "resolutions"
urlpatterns = [
    path("", views.resolution_list, name="list"),
    path("ban-hanh/", views.resolution_create, name="create"),
    path("<int:pk>/", views.resolution_detail, name="detail"),
    path("<int:pk>/sua/", views.resolution_edit, name="edit"),
    path("<int:pk>/ban-ky/", views.resolution_scan, name="scan"),
    path("<int:pk>/lich-su/", views.resolution_history_page, name="history"),
    path("trien-khai/<int:pk>/", views.rollout_edit, name="rollout"),
    path("trien-khai/<int:pk>/bao-cao/", views.rollout_report_edit, name="report"),
]
