"""URLconf of the Django integration tests: the integration's routes and a page behind login."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils.html import escape

from maestrano import web


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Who is signed in."""
    user = web.signed_in_user(request.session) or {}
    return HttpResponse(
        f"<p id='whoami'>{escape(request.user.get_full_name())}</p>"
        f"<span id='user-uid'>{escape(request.user.get_username())}</span>"
        f"<span id='group-uid'>{escape(user.get('group_uid') or '')}</span>"
        f"<span id='role'>{escape(user.get('role') or '')}</span>"
    )


urlpatterns = [
    path("", include("maestrano.django.urls")),
    path("", home, name="home"),
]
