"""The Account API and Connec! against a real local HTTP server, through every client kind
(``api`` runs each test with urllib, httpx, async httpx and async urllib-in-a-thread)."""

from __future__ import annotations

import base64
import json
import platform
from datetime import datetime, timezone
from urllib.parse import parse_qs

import pytest

import maestrano
from conftest import Elapsed, config_for, envelope, fixture, free_port

BASIC = "Basic " + base64.b64encode(b"app-1:k3y").decode()
JSON = "application/json"
VND = "application/vnd.api+json"


def assert_headers(rec, accept=JSON, content_type=None):
    h = rec.headers
    assert h["authorization"] == BASIC
    assert h["accept"] == accept
    ua = h["user-agent"]
    assert ua.startswith(f"maestrano-sdk/{maestrano.__version__} ")
    assert f"python/{platform.python_version()}" in ua, ua
    if content_type is None:
        assert "content-type" not in h
        assert rec.body == b""
    else:
        assert h["content-type"] == content_type


# ----------------------------------------------------------------------------- Account API


def test_bills_list_with_filters(api, server):
    server.route("GET", "/api/v1/account/bills", fixture("account/java-sdk-fixtures/bills.json"))
    bills = api.run(lambda c: c.bills.list(group_id="cld-001", created_at_after=datetime(2015, 6, 1, tzinfo=timezone.utc)))
    assert isinstance(bills, list) and [b.id for b in bills] == ["bill-001"]
    assert bills[0].price_cents == 2000 and bills[0]["object"] == "account_bill"
    rec = server.only()
    assert (rec.method, rec.path) == ("GET", "/api/v1/account/bills")
    assert rec.query == "group_id=cld-001&created_at_after=2015-06-01T00%3A00%3A00Z"
    assert_headers(rec)


def test_bills_list_takes_a_dict(api, server):
    server.route("GET", "/api/v1/account/bills", fixture("account/java-sdk-fixtures/bills.json"))
    api.run(lambda c: c.bills.list({"group_id": "cld-001"}))
    assert server.only().params == {"group_id": ["cld-001"]}


def test_bills_create_form_encoded(api, server):
    server.route("POST", "/api/v1/account/bills", fixture("account/sandbox_bill_show.json"), status=201)
    bill = api.run(
        lambda c: c.bills.create(
            {
                "group_id": "cld-1",
                "price_cents": 2300,
                "description": "Bill for something",
                "currency": "AUD",
                "units": 1,
                "period_started_at": datetime(2016, 6, 1, tzinfo=timezone.utc),
                "period_ended_at": "2016-07-01T00:00:00Z",
            }
        )
    )
    assert bill.id == "bill-1" and bill.status == "submitted" and bill.units == 1.0
    assert bill["object"] == "account_bill"  # unknown fields are kept
    rec = server.only()
    assert (rec.method, rec.path, rec.query) == ("POST", "/api/v1/account/bills", "")
    assert_headers(rec, content_type="application/x-www-form-urlencoded")
    assert rec.body.decode() == (
        "group_id=cld-1&price_cents=2300&description=Bill%20for%20something&currency=AUD&units=1"
        "&period_started_at=2016-06-01T00%3A00%3A00Z&period_ended_at=2016-07-01T00%3A00%3A00Z"
    )
    assert parse_qs(rec.body.decode())["description"] == ["Bill for something"]


def test_bills_retrieve_and_cancel(api, server):
    server.route("GET", "/api/v1/account/bills/bill-1", fixture("account/sandbox_bill_show.json"))
    cancelled = json.loads(fixture("account/sandbox_bill_show.json"))
    cancelled["data"]["status"] = "cancelled"
    server.route("DELETE", "/api/v1/account/bills/bill-1", json.dumps(cancelled))
    assert api.run(lambda c: c.bills.retrieve("bill-1")).period_ended_at == "2016-07-01T00:00:00Z"
    assert api.run(lambda c: c.bills.cancel("bill-1")).status == "cancelled"
    get, delete = server.requests
    assert (get.method, get.path) == ("GET", "/api/v1/account/bills/bill-1")
    assert (delete.method, delete.path) == ("DELETE", "/api/v1/account/bills/bill-1")
    assert_headers(get)
    assert_headers(delete)


def test_recurring_bills(api, server):
    base = "/api/v1/account/recurring_bills"
    server.route("GET", base, fixture("account/java-sdk-fixtures/recurring-bills.json"))
    server.route("POST", base, fixture("account/sandbox_recurring_bill_show.json"))
    server.route("GET", base + "/rbill-1", fixture("account/sandbox_recurring_bill_show.json"))
    server.route("DELETE", base + "/rbill-1", fixture("account/sandbox_recurring_bill_show.json"))
    listed = api.run(lambda c: c.recurring_bills.list())
    assert listed[0].id == "rbill-g8ur" and listed[0].period == "day"
    created = api.run(
        lambda c: c.recurring_bills.create(group_id="cld-1", price_cents=1000, description="Monthly plan", period="Month", frequency=1)
    )
    assert created.id == "rbill-1" and created.cycles is None
    assert api.run(lambda c: c.recurring_bills.retrieve("rbill-1")).frequency == 1
    assert api.run(lambda c: c.recurring_bills.cancel("rbill-1")).id == "rbill-1"
    methods = [(r.method, r.path) for r in server.requests]
    assert methods == [("GET", base), ("POST", base), ("GET", base + "/rbill-1"), ("DELETE", base + "/rbill-1")]
    assert server.requests[1].body == b"group_id=cld-1&price_cents=1000&description=Monthly%20plan&period=Month&frequency=1"
    assert_headers(server.requests[1], content_type="application/x-www-form-urlencoded")


def test_users(api, server):
    server.route("GET", "/api/v1/account/users", fixture("account/java-sdk-fixtures/users.json"))
    server.route("GET", "/api/v1/account/users/usr-1", fixture("account/sandbox_user_show.json"))
    users = api.run(lambda c: c.users.list(group_id="cld-1"))
    assert users[0].id == "usr-001" and users[0].sso_session
    user = api.run(lambda c: c.users.retrieve("usr-1"))
    assert (user.name, user.surname, user.email) == ("John", "Doe", "john.doe@example.com")
    assert server.requests[0].query == "group_id=cld-1"
    assert server.requests[1].path == "/api/v1/account/users/usr-1"
    for r in server.requests:
        assert_headers(r)


def test_groups_keep_nested_unknown_fields(api, server):
    server.route("GET", "/api/v1/account/groups", fixture("account/java-sdk-fixtures/groups.json"))
    server.route("GET", "/api/v1/account/groups/cld-1", fixture("account/sandbox_group_show.json"))
    groups = api.run(lambda c: c.groups.list())
    assert groups[0].status == "terminated"
    assert groups[0].metadata.pull_disabled is False  # nested records have attributes too
    group = api.run(lambda c: c.groups.retrieve("cld-1"))
    assert group.main_accounting == "quickbooks" and group.has_credit_card is True
    assert [r.path for r in server.requests] == ["/api/v1/account/groups", "/api/v1/account/groups/cld-1"]


def test_resellers_and_their_groups(api, server):
    server.route("GET", "/api/v1/account/resellers", envelope([json.loads(fixture("account/sandbox_reseller_show.json"))["data"]]))
    server.route("GET", "/api/v1/account/resellers/rsl-449s8fsd", fixture("account/sandbox_reseller_show.json"))
    group = json.loads(fixture("account/sandbox_group_show.json"))["data"]
    server.route("GET", "/api/v1/account/resellers/rsl-449s8fsd/groups", envelope([group]))
    assert api.run(lambda c: c.resellers.list())[0].code == "US-204512-BCL"
    assert api.run(lambda c: c.resellers.retrieve("rsl-449s8fsd")).name == "Blue Consulting"
    groups = api.run(lambda c: c.resellers.groups("rsl-449s8fsd"))
    assert [g.id for g in groups] == ["cld-1"]
    assert server.requests[2].path == "/api/v1/account/resellers/rsl-449s8fsd/groups"
    for r in server.requests:
        assert_headers(r)


# ----------------------------------------------------------------------------- Account API errors


def test_401_is_api_authentication(api, server):
    server.route("GET", "/api/v1/account/bills", fixture("account/error_401_invalid_token.json"), status=401)
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.list())
    e = info.value
    assert (e.kind, e.status, e.param) == ("api_authentication", 401, "authentication")
    assert e.messages == ["authentication Invalid API token"]


def test_400_validation_exposes_param_and_messages(api, server):
    server.route("POST", "/api/v1/account/bills", fixture("account/error_400_validation_fields.json"), status=400)
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.create(group_id="cld-1"))
    e = info.value
    assert (e.kind, e.status, e.param) == ("api_invalid_request", 400, "price_cents")
    assert e.messages == ["price_cents can't be blank", "price_cents is not a number", "description can't be blank"]
    assert "can't be blank" in str(e)


def test_404_is_api_invalid_request(api, server):
    server.route("DELETE", "/api/v1/account/bills/bill-9", fixture("account/error_not_found_id.json"), status=404)
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.cancel("bill-9"))
    assert (info.value.kind, info.value.status, info.value.param) == ("api_invalid_request", 404, "id")


def test_200_with_success_false_is_api_invalid_request(api, server):
    server.route("GET", "/api/v1/account/bills/bill-9", fixture("account/error_not_found_id.json"))
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.retrieve("bill-9"))
    e = info.value
    assert (e.kind, e.status, e.param, e.messages) == ("api_invalid_request", 200, "id", ["id does not exist"])


def test_500_is_api_error(api, server):
    server.route("GET", "/api/v1/account/groups", fixture("account/error_500_system.json"), status=500)
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.groups.list())
    e = info.value
    assert (e.kind, e.status, e.param) == ("api_error", 500, "system")


def test_non_json_body_is_api_error_with_excerpt(api, server):
    server.route("GET", "/api/v1/account/users", "<html>Down for maintenance</html>", content_type="text/html")
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.users.list())
    e = info.value
    assert (e.kind, e.status) == ("api_error", 200)
    assert "maintenance" in e.body_excerpt


def test_redirect_is_not_followed(api, server):
    server.route("GET", "/api/v1/account/users", "", status=302, headers={"Location": "http://127.0.0.1:1/steal"})
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.users.list())
    assert (info.value.kind, info.value.status) == ("api_error", 302)
    assert len(server.requests) == 1


def test_timeout_is_api_connection(api, server):
    server.route("GET", "/api/v1/account/bills", action="hang")
    with Elapsed() as t, pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.list(), api={"timeout": 1})
    assert info.value.kind == "api_connection" and info.value.status is None
    assert "1 s" in info.value.message and "127.0.0.1" in info.value.message
    assert 0.9 <= t.seconds < 5


def test_connection_dropped_mid_response_is_api_connection(api, server):
    server.route("GET", "/api/v1/account/bills", b'{"success":true,"errors":{},"data":[{"id":"bill-1"', action="drop")
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.list())
    assert info.value.kind == "api_connection"


def test_connection_closed_without_answer_is_api_connection(api, server):
    server.route("GET", "/api/v1/account/bills", action="close")
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.list())
    assert info.value.kind == "api_connection"


def test_connection_refused_is_api_connection(api):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.bills.list(), config=config_for(url))
    assert info.value.kind == "api_connection"
    assert "k3y" not in info.value.message


def test_a_failed_call_leaves_the_client_usable(api, server):
    server.route("GET", "/api/v1/account/bills/bill-1", fixture("account/sandbox_bill_show.json"))
    server.route("GET", "/api/v1/account/bills/bill-9", fixture("account/error_not_found_id.json"), status=404)
    c = api.client()

    def run(result):
        return api.loop.run_until_complete(result) if api.is_async else result

    with pytest.raises(maestrano.ApiError):
        run(c.bills.retrieve("bill-9"))
    assert run(c.bills.retrieve("bill-1")).id == "bill-1"


def test_missing_credentials_raise_before_any_request(api, server):
    config = maestrano.Config.from_dict({"environment": "production", "api": {"host": server.url}})
    with pytest.raises(maestrano.ConfigError) as info:
        api.run(lambda c: c.bills.list(), config=config)
    assert info.value.kind == "config_missing"
    assert server.requests == []


# ----------------------------------------------------------------------------- Connec!


def test_connec_list_with_query(api, server):
    server.route("GET", "/api/v2/cld-1/people", fixture("connec/sandbox_list_people.json"), content_type=VND)
    page = api.run(lambda c: c.connec.list("cld-1", "people", filter="updated_at gt '2016-06-28T08:00:00Z'", orderby="created_at desc", top=10, skip=20))
    assert page.entity == "people" and page.pagination is None
    assert [p.first_name for p in page.data] == ["John"] and page.records == page.data
    rec = server.only()
    assert rec.path == "/api/v2/cld-1/people"
    assert rec.params == {
        "$filter": ["updated_at gt '2016-06-28T08:00:00Z'"],
        "$orderby": ["created_at desc"],
        "$top": ["10"],
        "$skip": ["20"],
    }
    assert_headers(rec, accept=VND)


def test_connec_get_singular_entity(api, server):
    server.route("GET", "/api/v2/cld-1/company/9d1b", fixture("connec/sandbox_singular_company.json"), content_type=VND)
    result = api.run(lambda c: c.connec.get("cld-1", "company", "9d1b"))
    assert result.entity == "company" and result.data.name == "Doe Corp"
    assert result.records == [result.data]
    assert_headers(server.only(), accept=VND)


def test_connec_create_and_update(api, server):
    server.route("POST", "/api/v2/cld-1/people", fixture("connec/sandbox_create_response_201.json"), status=201, content_type=VND)
    updated = json.loads(fixture("connec/sandbox_create_response_201.json"))
    updated["people"]["last_name"] = "Smith"
    server.route("PUT", "/api/v2/cld-1/people/0c5e7e50", json.dumps(updated), content_type=VND)
    created = api.run(lambda c: c.connec.create("cld-1", "people", {"first_name": "John", "last_name": "Doe"}))
    assert created.data.id == "0c5e7e50-1f2a-0134-9f0a-0242ac110002"
    result = api.run(lambda c: c.connec.update("cld-1", "people", "0c5e7e50", {"last_name": "Smith"}))
    assert result.data.last_name == "Smith"
    post, put = server.requests
    assert (post.method, post.path) == ("POST", "/api/v2/cld-1/people")
    assert post.json() == {"people": {"first_name": "John", "last_name": "Doe"}}
    assert (put.method, put.path) == ("PUT", "/api/v2/cld-1/people/0c5e7e50")
    assert put.json() == {"people": {"last_name": "Smith"}}
    assert_headers(post, accept=VND, content_type=VND)
    assert_headers(put, accept=VND, content_type=VND)


def test_connec_batch(api, server):
    server.route("POST", "/batch", fixture("connec/production_batch_response.json"), content_type=VND)
    ops = json.loads(fixture("connec/production_batch_request.json"))
    results = api.run(lambda c: c.connec.batch(ops))
    assert [(r.status, r.ok) for r in results] == [(201, True), (200, True)]
    assert results[0].body["people"]["id"][0]["id"] == "id2"
    rec = server.only()
    assert (rec.method, rec.path) == ("POST", "/batch")
    assert rec.json() == ops
    assert_headers(rec, accept=VND, content_type=VND)


def test_connec_batch_of_an_ops_list_is_sequential(api, server):
    server.route("POST", "/batch", fixture("connec/production_batch_response.json"), content_type=VND)
    ops = json.loads(fixture("connec/production_batch_request.json"))["ops"]
    api.run(lambda c: c.connec.batch(ops))
    assert server.only().json() == {"sequential": True, "ops": ops}


def pages(server, entity="people", fail_last=False):
    """Three pages of two, two and one records, each linking to the next by absolute URL."""
    path = f"/api/v2/cld-1/{entity}"

    def page(ids, next_skip):
        body = {entity: [{"id": i, "group_id": "cld-1"} for i in ids], "pagination": {"top": 2, "skip": 0, "total": 5}}
        if next_skip is not None:
            body["pagination"]["next"] = f"{server.url}{path}?%24skip={next_skip}&%24top=2"
        return json.dumps(body)

    server.route("GET", path, page(["p1", "p2"], 2), query="%24top=2", content_type=VND)
    server.route("GET", path, page(["p3", "p4"], 4), query="%24skip=2&%24top=2", content_type=VND)
    if fail_last:
        server.route("GET", path, '{"errors":[{"status":"500","code":"internal-server-error"}]}', status=500, query="%24skip=4&%24top=2")
    else:
        server.route("GET", path, page(["p5"], None), query="%24skip=4&%24top=2", content_type=VND)


def test_connec_iter_all_follows_three_pages(api, server):
    pages(server)
    records = api.all("cld-1", "people", top=2)
    assert [r.id for r in records] == ["p1", "p2", "p3", "p4", "p5"]
    assert [r.query for r in server.requests] == ["%24top=2", "%24skip=2&%24top=2", "%24skip=4&%24top=2"]
    for r in server.requests:
        assert_headers(r, accept=VND)


def test_connec_list_then_next_page(api, server):
    pages(server)
    first = api.run(lambda c: c.connec.list("cld-1", "people", top=2))
    assert first.pagination.total == 5 and first.pagination.next.endswith("%24skip=2&%24top=2")
    second = api.run(lambda c: c.connec.next_page(first))
    assert [r.id for r in second.records] == ["p3", "p4"]


def test_connec_iter_all_fails_whole_when_a_page_fails(api, server):
    pages(server, fail_last=True)
    with pytest.raises(maestrano.ApiError) as info:
        api.all("cld-1", "people", top=2)
    assert (info.value.kind, info.value.status) == ("api_error", 500)


def test_connec_iter_all_refuses_a_next_url_off_connec_host(api, server):
    body = {"people": [{"id": "p1"}], "pagination": {"next": "http://evil.example/api/v2/cld-1/people?%24skip=1"}}
    server.route("GET", "/api/v2/cld-1/people", json.dumps(body), content_type=VND)
    with pytest.raises(maestrano.ApiError) as info:
        api.all("cld-1", "people")
    assert info.value.kind == "api_error" and "connec.host" in info.value.message
    assert len(server.requests) == 1


def test_connec_iter_all_stops_on_a_pagination_loop(api, server):
    path = "/api/v2/cld-1/people"
    body = {"people": [{"id": "p1"}], "pagination": {"next": f"{server.url}{path}?%24skip=1"}}
    server.route("GET", path, json.dumps(body), content_type=VND)
    with pytest.raises(maestrano.ApiError) as info:
        api.all("cld-1", "people")
    assert info.value.kind == "api_error"
    assert len(server.requests) == 2  # the first page, then its next, which links to itself: stop


def test_connec_errors(api, server):
    server.route("GET", "/api/v2/cld-1/people", fixture("connec/sandbox_error_401.json"), status=401)
    server.route("GET", "/api/v2/cld-1/people/nope", fixture("connec/sandbox_error_404.json"), status=404)
    server.route("GET", "/api/v2/cld-1/foos", fixture("connec/sandbox_error_400_unknown_resource.json"), status=400)
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.connec.list("cld-1", "people"))
    assert (info.value.kind, info.value.status) == ("api_authentication", 401)
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.connec.get("cld-1", "people", "nope"))
    assert (info.value.kind, info.value.status, info.value.param) == ("api_invalid_request", 404, "resource-not-found")
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.connec.list("cld-1", "foos"))
    assert (info.value.kind, info.value.param) == ("api_invalid_request", "unknown-resource")


def test_connec_timeout_is_api_connection(api, server):
    server.route("GET", "/api/v2/cld-1/people", action="hang")
    with Elapsed() as t, pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.connec.list("cld-1", "people"), connec={"timeout": 1})
    assert info.value.kind == "api_connection"
    assert 0.9 <= t.seconds < 5


def test_connec_dropped_connection_is_api_connection(api, server):
    server.route("GET", "/api/v2/cld-1/people", b'{"people":[{"id":"p1"},', action="drop", content_type=VND)
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.connec.list("cld-1", "people"))
    assert info.value.kind == "api_connection"


def test_connec_invalid_path_raises_before_any_request(api, server):
    with pytest.raises(maestrano.ApiError) as info:
        api.run(lambda c: c.connec.list("..", "people"))
    assert info.value.kind == "api_invalid_request"
    assert server.requests == []
