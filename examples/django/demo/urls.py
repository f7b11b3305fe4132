"""The demo's routes: the integration's (SSO, metadata, webhooks) and the demo's pages."""

from django.urls import include, path

from maestrano.django import views as maestrano_views

from . import views

urlpatterns = [
    path("", include("maestrano.django.urls")),
    path("", views.home, name="home"),
    path("bills", views.bills, name="bills"),
    path("events", views.events, name="events"),
    path("logout", maestrano_views.logout, name="logout"),
]
