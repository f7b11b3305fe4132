"""Account webhooks and Connec! notifications (the platform's calls to the app)."""

from __future__ import annotations

import base64

import pytest

import maestrano
from maestrano import webhooks
from conftest import fixture

AUTH = "Basic " + base64.b64encode(b"app-1:k3y").decode()


def config(**sso):
    return maestrano.Config.from_dict({"environment": "production", "api": {"id": "app-1", "key": "k3y"}, "sso": sso})


def test_group_cancelled():
    e = webhooks.match(config(), "DELETE", "/maestrano/account/groups/cld-1", AUTH)
    assert (e.event, e.group_id, e.user_id, e.local_user_id, e.tenant) == ("group_cancelled", "cld-1", None, None, None)


def test_member_removed_masks_the_user_in_virtual_mode():
    e = webhooks.match(config(creation_mode="virtual"), "delete", "/maestrano/account/groups/cld-1/users/usr-1?x=1", AUTH)
    assert (e.event, e.group_id, e.user_id, e.local_user_id) == ("member_removed", "cld-1", "usr-1", "usr-1.cld-1")


def test_tenant_suffix_and_notifications_route():
    e = webhooks.match(config(), "DELETE", "/maestrano/account/groups/cld-1/maestrano-uat", AUTH)
    assert (e.group_id, e.tenant) == ("cld-1", "maestrano-uat")
    e = webhooks.match(config(), "POST", "/maestrano/connec/notifications", AUTH)
    assert (e.event, e.tenant) == ("connec_notification", None)


def test_other_routes_are_none_without_credentials():
    assert webhooks.match(config(), "GET", "/maestrano/account/groups/cld-1") is None
    assert webhooks.match(config(), "DELETE", "/elsewhere") is None


@pytest.mark.parametrize("authorization", [None, "Basic " + base64.b64encode(b"app-1:nope").decode(), "Bearer k3y"])
def test_bad_credentials_raise_api_authentication(authorization):
    with pytest.raises(maestrano.ApiError) as info:
        webhooks.match(config(), "DELETE", "/maestrano/account/groups/cld-1", authorization)
    assert info.value.kind == "api_authentication"
    assert webhooks.INVALID_CREDENTIALS_BODY == maestrano.INVALID_CREDENTIALS_BODY == '{"error":"Invalid credentials"}'


def test_connec_notification_from_bytes_and_str():
    text = fixture("webhooks/connec_notification_request.txt").decode()
    body = text[text.index("\n\n{") : text.index("}]}") + 3]
    batches = webhooks.connec_notification(body.encode())
    assert list(batches) == ["organizations", "people"]
    assert batches["people"][0].first_name == "John"
    assert webhooks.connec_notification('{"space_ships":[{"id":"s1"}]}') == {"space_ships": [{"id": "s1"}]}
    assert webhooks.connec_notification(bytearray(b'{"company":{"id":"c1"}}')) == {"company": [{"id": "c1"}]}


@pytest.mark.parametrize("body", ["people=1", "[]", '{"people":[1,2]}', '{"people":"x"}'])
def test_bad_notifications_are_api_invalid_request(body):
    with pytest.raises(maestrano.ApiError) as info:
        webhooks.connec_notification(body)
    assert info.value.kind == "api_invalid_request"
