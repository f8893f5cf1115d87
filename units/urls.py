from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.cell_list, name="cell_list"),
    path("chi-bo/them/", views.cell_edit, name="cell_create"),
    path("chi-bo/<int:pk>/", views.cell_edit, name="cell_edit"),
    path("tieu-doan/them/", views.battalion_edit, name="battalion_create"),
    path("tieu-doan/<int:pk>/", views.battalion_edit, name="battalion_edit"),
]
