"""The project's URLs plus the benchmark's floor: a page that makes exactly one query."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from units.models import Battalion


@login_not_required
def floor(request):
    first = Battalion.objects.order_by("pk").values_list("pk", flat=True).first()
    return HttpResponse(f"ok {first}", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *project_urlpatterns]
