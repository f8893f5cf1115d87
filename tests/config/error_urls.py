"""The project's URLs plus one page that fails, to see the 500 page as a user would."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("mật khẩu-cơ-sở-dữ-liệu trong thông báo lỗi")


urlpatterns = [*project_urlpatterns, path("loi-thu/", failing_view)]
