from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("them/", views.user_edit, name="user_create"),
    path("<int:pk>/", views.user_edit, name="user_edit"),
    path("<int:pk>/mat-khau/", views.user_set_password, name="user_set_password"),
    path("<int:pk>/mo-khoa/", views.user_unlock, name="user_unlock"),
]
