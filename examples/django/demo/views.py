"""The demo's pages: who is signed in (with a form billing the group) and the platform events."""

from html import escape

from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

import maestrano
from maestrano import MaestranoError, web
from maestrano.django.conf import get_config

from . import receivers


def page(title: str, body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>",
        status=status,
    )


def signed_in(request: HttpRequest) -> dict:
    """The Maestrano user, or ``{}`` after signing out a user whose group has cancelled."""
    user = web.signed_in_user(request.session) or {}
    if user.get("group_uid") in receivers.cancelled_groups:
        auth.logout(request)
        return {}
    return user


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not user:
        return redirect("maestrano:init")
    bill = request.GET.get("bill")
    flash = f"<p id='bill-created'>Bill {escape(bill)} created</p>" if bill else ""
    events = "".join(f"<li>{escape(e)}</li>" for e in receivers.events)
    return page(
        "Demo app",
        f"""{flash}<p id="whoami">Signed in as <b>{escape(request.user.get_full_name())}</b>
(<span id="user-uid">{escape(user['uid'])}</span>) in group <b id="group-uid">{escape(user['group_uid'])}</b>
({escape(user.get('group_name') or '')}), role <span id="role">{escape(user.get('role') or '')}</span>.</p>
<form method="post" action="/bills"><input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">
<input name="description" value="Demo usage" id="bill-description">
<input name="price_cents" value="1500" id="bill-price"><button id="create-bill">Bill my group</button></form>
<h2>Platform events</h2><ul id="events">{events}</ul>
<p><a href="/logout">Sign out</a></p>""",
    )


@login_required
@require_POST
def bills(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not user:
        return redirect("maestrano:init")
    try:
        bill = maestrano.Client(get_config()).bills.create(
            {
                "group_id": user["group_uid"],
                "price_cents": int(request.POST.get("price_cents", "0")),
                "description": request.POST.get("description", ""),
                "currency": "USD",
            }
        )
    except (MaestranoError, ValueError) as e:
        return page("Billing failed", f"<p id='bill-error'>{escape(str(e))}</p>", 400)
    return redirect(f"/?bill={bill['id']}")


@require_GET
def events(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "events": receivers.events,
            "cancelledGroups": sorted(receivers.cancelled_groups),
            "removedMembers": sorted(receivers.removed_members),
        }
    )
