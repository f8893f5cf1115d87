from django.urls import path

from . import views

app_name = "handoff"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:cohort>/", views.cohort, name="cohort"),
    path("<str:cohort>/tai-ve.zip", views.cohort_zip, name="cohort_zip"),
]
