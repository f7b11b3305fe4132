#!/usr/bin/env python3
"""Writes the docs/spec.md §8 vectors for sessions, the Account API, Connec!, webhooks and the
developer platform (tests/vectors/{session,api,connec,webhook,devplatform}/) from the recorded
platform payloads in tests/fixtures/platform/ (origin: tests/fixtures/platform/README.md).

Expectations are written here by hand, from docs/spec.md §4, §5 and D2; the bodies are the
fixtures, byte for byte. Run again after changing a fixture: python3 tests/platform/gen_vectors.py
"""
import base64
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIX = ROOT / "tests/fixtures/platform"
OUT = ROOT / "tests/vectors"


def fixture(path):
    return (FIX / path).read_text()


def b64(s):
    return base64.b64encode(s.encode()).decode()


def basic(user, password):
    return "Basic " + b64(f"{user}:{password}")


def write(folder, name, vectors):
    d = OUT / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.json").write_text(json.dumps(vectors, indent=1, ensure_ascii=False) + "\n")


CONFIG = {
    "environment": "production",
    "api": {"id": "app-1", "key": "k3y", "lang": "rust"},
}
AUTH = basic("app-1", "k3y")
HUB = "https://maestrano.com/api/v1"
CONNEC = "https://api-connec.maestrano.com"
UA = "maestrano-sdk/0.1.0 (rust)"


def session_value(payload):
    return b64(json.dumps(payload, separators=(",", ":")))


# ---------------------------------------------------------------- session (docs/spec.md §4)
def session_vectors():
    saml = json.loads((OUT / "saml/platform-legacy-valid.json").read_text())
    saml = saml[0] if isinstance(saml, list) else saml
    payload = {"uid": "usr-1", "session": "q3w8e1r5t7y2u9i0o4p6a1s3d5f7g9h2j4k6",
               "session_recheck": "2026-03-01T10:03:00Z", "group_uid": "cld-1", "preset": None}
    value = session_value(payload)
    ruby_value = base64.encodebytes(json.dumps(payload, separators=(",", ":")).encode()).decode()
    no_preset = session_value({k: v for k, v in payload.items() if k != "preset"})
    check_url = "https://maestrano.com/api/v1/auth/saml/usr-1?session=q3w8e1r5t7y2u9i0o4p6a1s3d5f7g9h2j4k6"
    renewed = session_value({**payload, "session_recheck": "2016-06-28T08:03:00Z"})
    hub = {"environment": "production"}
    v = []
    v.append({"name": "session-from-sso-platform-response", "op": "session.from_sso",
              "config": saml["config"], "input": {"saml_response": saml["input"]["saml_response"], "now": saml["input"]["now"]},
              "expect": {"ok": {"value": value, "payload": payload}}})
    v.append({"name": "session-from-sso-with-preset", "op": "session.from_sso",
              "config": saml["config"], "input": {"saml_response": saml["input"]["saml_response"], "now": saml["input"]["now"], "preset": "maestrano-uat"},
              "expect": {"ok": {"payload": {**payload, "preset": "maestrano-uat"}}}})
    v.append({"name": "session-from-sso-invalid-response-is-refused", "op": "session.from_sso",
              "config": saml["config"], "input": {"saml_response": saml["input"]["saml_response"], "now": "2026-03-01T12:00:00Z"},
              "expect": {"error": "expired"}})
    v.append({"name": "session-check-not-before-recheck", "op": "session.check_request", "config": hub,
              "input": {"value": value, "now": "2026-03-01T10:02:59Z"}, "expect": {"ok": None}})
    v.append({"name": "session-check-at-recheck", "op": "session.check_request", "config": hub,
              "input": {"value": value, "now": "2026-03-01T10:03:00Z"},
              "expect": {"ok": {"method": "GET", "url": check_url, "body": None}}})
    v.append({"name": "session-check-sends-no-credentials", "op": "session.check_request",
              "config": {**hub, "api": {"id": "app-1", "key": "k3y", "lang": "rust"}},
              "input": {"value": value, "now": "2026-03-02T00:00:00Z"},
              "expect": {"ok": {"headers": {"accept": "application/json", "user-agent": UA}}}})
    v.append({"name": "session-check-uses-sso-idp", "op": "session.check_request",
              "config": {**hub, "sso": {"idp": "https://idp.example.com"}},
              "input": {"value": value, "now": "2026-03-02T00:00:00Z"},
              "expect": {"ok": {"url": check_url.replace("https://maestrano.com", "https://idp.example.com")}}})
    v.append({"name": "session-check-reads-ruby-line-breaks", "op": "session.check_request", "config": hub,
              "input": {"value": ruby_value, "now": "2026-03-02T00:00:00Z"}, "expect": {"ok": {"url": check_url}}})
    v.append({"name": "session-check-reads-value-without-preset", "op": "session.check_request", "config": hub,
              "input": {"value": no_preset, "now": "2026-03-02T00:00:00Z"}, "expect": {"ok": {"url": check_url}}})
    v.append({"name": "session-check-slo-disabled-needs-no-request", "op": "session.check_request",
              "config": {**hub, "sso": {"slo_enabled": False}},
              "input": {"value": value, "now": "2030-01-01T00:00:00Z"}, "expect": {"ok": None}})
    for name, bad in [("not-base64", "%%%"), ("not-json", b64("not json")), ("empty", ""),
                      ("no-token", session_value({**payload, "session": None})),
                      ("bad-recheck", session_value({**payload, "session_recheck": "tomorrow"})),
                      ("array", b64("[]"))]:
        v.append({"name": f"session-check-corrupt-value-{name}-fails-closed", "op": "session.check_request",
                  "config": hub, "input": {"value": bad, "now": "2026-03-01T00:00:00Z"},
                  "expect": {"error": "session_invalid"}})
    valid = fixture("sso/session_check_valid.json")
    v.append({"name": "session-check-valid-renews-recheck", "op": "session.check_response", "config": hub,
              "input": {"value": value, "status": 200, "body": valid}, "expect": {"ok": {"valid": True, "value": renewed}}})
    v.append({"name": "session-check-valid-as-string", "op": "session.check_response", "config": hub,
              "input": {"value": value, "status": 200, "body": '{"valid":"true","recheck":"2016-06-28T08:03:00Z"}'},
              "expect": {"ok": {"valid": True, "value": renewed}}})
    for name, status, body in [
        ("invalid", 200, fixture("sso/session_check_invalid.json")),
        ("valid-false-string", 200, '{"valid":"false","recheck":"2016-06-28T08:03:00Z"}'),
        ("valid-number", 200, '{"valid":1,"recheck":"2016-06-28T08:03:00Z"}'),
        ("missing-recheck", 200, '{"valid":true}'),
        ("bad-recheck", 200, '{"valid":true,"recheck":"later"}'),
        ("not-json", 200, "<html>Maintenance</html>"),
        ("json-array", 200, "[true]"),
        ("server-error", 500, valid),
        ("not-found", 404, valid),
        ("empty-body", 200, ""),
        ("unreachable", 0, ""),
    ]:
        v.append({"name": f"session-check-{name}-is-invalid", "op": "session.check_response", "config": hub,
                  "input": {"value": value, "status": status, "body": body}, "expect": {"ok": {"valid": False, "value": None}}})
    v.append({"name": "session-check-response-corrupt-value-is-invalid", "op": "session.check_response", "config": hub,
              "input": {"value": "%%%", "status": 200, "body": valid}, "expect": {"ok": {"valid": False, "value": None}}})
    v.append({"name": "session-check-response-slo-disabled-is-valid", "op": "session.check_response",
              "config": {**hub, "sso": {"slo_enabled": False}},
              "input": {"value": value, "status": 500, "body": ""}, "expect": {"ok": {"valid": True, "value": None}}})
    write("session", "session", v)


# ---------------------------------------------------------------- Account API (docs/spec.md §5)
def api_vectors():
    v = []
    hdr = {"authorization": AUTH, "accept": "application/json", "user-agent": UA}
    form = {**hdr, "content-type": "application/x-www-form-urlencoded"}

    def req(name, resource, action, expect, id=None, params=None, config=CONFIG):
        inp = {"resource": resource, "action": action}
        if id is not None:
            inp["id"] = id
        if params is not None:
            inp["params"] = params
        v.append({"name": f"api-request-{name}", "op": "api.request", "config": config, "input": inp, "expect": expect})

    req("bills-list", "bills", "list", {"ok": {"method": "GET", "url": f"{HUB}/account/bills", "headers": hdr, "body": None}})
    req("bills-list-filters", "bills", "list",
        {"ok": {"url": f"{HUB}/account/bills?group_id=cld-1&created_at_after=2016-06-01T00%3A00%3A00Z"}},
        params={"group_id": "cld-1", "created_at_after": "2016-06-01T00:00:00Z"})
    req("bills-create-form-body", "bills", "create",
        {"ok": {"method": "POST", "url": f"{HUB}/account/bills", "headers": form,
                "body": "group_id=cld-1&price_cents=2300&description=Bill%20for%20something&currency=AUD&units=1"
                        "&period_started_at=2016-06-01T00%3A00%3A00Z&period_ended_at=2016-07-01T00%3A00%3A00Z"}},
        params={"group_id": "cld-1", "price_cents": 2300, "description": "Bill for something", "currency": "AUD",
                "units": 1, "period_started_at": "2016-06-01T00:00:00Z", "period_ended_at": "2016-07-01T00:00:00Z"})
    req("nested-and-array-params", "bills", "create",
        {"ok": {"body": "group_id=cld-1&third_party=true&meta%5Bref%5D=a%26b&tags%5B%5D=x&tags%5B%5D=y"}},
        params={"group_id": "cld-1", "third_party": True, "meta": {"ref": "a&b"}, "tags": ["x", "y"], "skipped": None})
    req("bills-retrieve", "bills", "retrieve", {"ok": {"method": "GET", "url": f"{HUB}/account/bills/bill-1", "body": None}}, id="bill-1")
    req("bills-cancel-is-delete", "bills", "cancel", {"ok": {"method": "DELETE", "url": f"{HUB}/account/bills/bill-1"}}, id="bill-1")
    req("id-is-escaped", "bills", "retrieve", {"ok": {"url": f"{HUB}/account/bills/..%2Fusers%3Fx"}}, id="../users?x")
    req("recurring-bills-create", "recurring_bills", "create",
        {"ok": {"method": "POST", "url": f"{HUB}/account/recurring_bills",
                "body": "group_id=cld-1&price_cents=1000&description=Monthly%20plan&period=Month&frequency=1"}},
        params={"group_id": "cld-1", "price_cents": 1000, "description": "Monthly plan", "period": "Month", "frequency": 1})
    req("recurring-bills-cancel", "recurring_bills", "cancel", {"ok": {"method": "DELETE", "url": f"{HUB}/account/recurring_bills/rbill-1"}}, id="rbill-1")
    req("users-list-by-group", "users", "list", {"ok": {"url": f"{HUB}/account/users?group_id=cld-1"}}, params={"group_id": "cld-1"})
    req("users-retrieve", "users", "retrieve", {"ok": {"url": f"{HUB}/account/users/usr-1"}}, id="usr-1")
    req("groups-list", "groups", "list", {"ok": {"url": f"{HUB}/account/groups"}})
    req("groups-retrieve", "groups", "retrieve", {"ok": {"url": f"{HUB}/account/groups/cld-1"}}, id="cld-1")
    req("resellers-list", "resellers", "list", {"ok": {"url": f"{HUB}/account/resellers"}})
    req("resellers-retrieve", "resellers", "retrieve", {"ok": {"url": f"{HUB}/account/resellers/rsl-449s8fsd"}}, id="rsl-449s8fsd")
    req("resellers-groups", "resellers", "groups", {"ok": {"url": f"{HUB}/account/resellers/rsl-449s8fsd/groups"}}, id="rsl-449s8fsd")
    req("custom-host-and-base", "groups", "list", {"ok": {"url": "http://127.0.0.1:5100/api/v1/account/groups"}},
        config={"environment": "local", "api": {"id": "app-1", "key": "k3y", "host": "http://127.0.0.1:5100/", "base": "/api/v1/"}})
    req("user-agent-names-host-language", "groups", "list", {"ok": {"headers": {"user-agent": "maestrano-sdk/0.1.0 (python/3.11.4)"}}},
        config={"environment": "production", "api": {"id": "app-1", "key": "k3y", "lang": "python", "lang_version": "3.11.4"}})
    req("users-create-unsupported", "users", "create", {"error": "unsupported"}, params={})
    req("groups-cancel-unsupported", "groups", "cancel", {"error": "unsupported"}, id="cld-1")
    req("unknown-resource", "invoices", "list", {"error": "unsupported"})
    req("retrieve-needs-id", "bills", "retrieve", {"error": "api_invalid_request"})
    req("params-must-be-object", "bills", "list", {"error": "api_invalid_request"}, params=["group_id"])
    req("needs-credentials", "bills", "list", {"error": "config_missing"}, config={"environment": "production"})

    def resp(name, resource, action, status, body, expect):
        v.append({"name": f"api-response-{name}", "op": "api.response",
                  "input": {"resource": resource, "action": action, "status": status, "body": body}, "expect": expect})

    bill = json.loads(fixture("account/sandbox_bill_show.json"))["data"]
    resp("bill-sandbox", "bills", "retrieve", 200, fixture("account/sandbox_bill_show.json"),
         {"ok": {**bill, "units": 1.0}})
    resp("bill-java", "bills", "retrieve", 200, fixture("account/java-sdk-fixtures/bill.json"),
         {"ok": {"id": "bill-001", "group_id": "cld-001", "price_cents": 2000, "units": None, "period_started_at": None,
                 "third_party": None, "object": "account_bill"}})
    resp("bills-list", "bills", "list", 200, fixture("account/java-sdk-fixtures/bills.json"),
         {"ok": json_list_ids("account/java-sdk-fixtures/bills.json")})
    resp("recurring-bill-sandbox", "recurring_bills", "retrieve", 200, fixture("account/sandbox_recurring_bill_show.json"),
         {"ok": json.loads(fixture("account/sandbox_recurring_bill_show.json"))["data"]})
    resp("recurring-bills-list", "recurring_bills", "list", 200, fixture("account/java-sdk-fixtures/recurring-bills.json"),
         {"ok": json_list_ids("account/java-sdk-fixtures/recurring-bills.json")})
    resp("recurring-bill-created", "recurring_bills", "create", 200, fixture("account/java-sdk-fixtures/recurring-bill.json"),
         {"ok": {"id": json.loads(fixture("account/java-sdk-fixtures/recurring-bill.json"))["data"]["id"]}})
    resp("user-sandbox-keeps-unknown-fields", "users", "retrieve", 200, fixture("account/sandbox_user_show.json"),
         {"ok": json.loads(fixture("account/sandbox_user_show.json"))["data"]})
    resp("users-list", "users", "list", 200, fixture("account/java-sdk-fixtures/users.json"),
         {"ok": json_list_ids("account/java-sdk-fixtures/users.json")})
    resp("user-java", "users", "retrieve", 200, fixture("account/java-sdk-fixtures/user.json"),
         {"ok": {"id": "usr-001", "country": "UK", "sso_session": "d7kp1b5esnfgtz6xhiv9qwlja34yu8crm2o0"}})
    resp("group-sandbox", "groups", "retrieve", 200, fixture("account/sandbox_group_show.json"),
         {"ok": json.loads(fixture("account/sandbox_group_show.json"))["data"]})
    resp("group-java", "groups", "retrieve", 200, fixture("account/java-sdk-fixtures/group.json"),
         {"ok": {"id": json.loads(fixture("account/java-sdk-fixtures/group.json"))["data"]["id"],
                 "metadata": json.loads(fixture("account/java-sdk-fixtures/group.json"))["data"].get("metadata")}})
    resp("groups-list-keeps-metadata", "groups", "list", 200, fixture("account/java-sdk-fixtures/groups.json"),
         {"ok": [{"id": "cld-001", "status": "terminated", "name": None, "metadata": {"pull_disabled": False, "push_disabled": False}}]})
    resp("reseller-sandbox", "resellers", "retrieve", 200, fixture("account/sandbox_reseller_show.json"),
         {"ok": json.loads(fixture("account/sandbox_reseller_show.json"))["data"]})
    resp("reseller-groups", "resellers", "groups", 200,
         json.dumps({"success": True, "errors": {}, "data": [json.loads(fixture("account/sandbox_group_show.json"))["data"]]}),
         {"ok": [{"id": "cld-1", "name": "Doe Corp"}]})
    resp("bill-cancelled", "bills", "cancel", 200,
         fixture("account/sandbox_bill_show.json").replace('"status":"submitted"', '"status":"cancelled"'),
         {"ok": {"id": "bill-1", "status": "cancelled"}})
    resp("empty-list", "bills", "list", 200, '{"success":true,"errors":{},"data":[]}', {"ok": []})
    resp("401-invalid-token", "bills", "list", 401, fixture("account/error_401_invalid_token.json"), {"error": "api_authentication"})
    resp("401-without-body", "bills", "list", 401, "", {"error": "api_authentication"})
    resp("400-validation", "bills", "create", 400, fixture("account/error_400_validation_fields.json"), {"error": "api_invalid_request"})
    resp("400-unknown-group", "bills", "create", 400, fixture("account/error_400_validation_bill.json"), {"error": "api_invalid_request"})
    resp("400-already-invoiced", "bills", "cancel", 400, fixture("account/error_400_bill_already_invoiced.json"), {"error": "api_invalid_request"})
    resp("404", "bills", "retrieve", 404, fixture("account/error_not_found_id.json"), {"error": "api_invalid_request"})
    resp("not-found-with-200", "bills", "retrieve", 200, fixture("account/error_not_found_id.json"), {"error": "api_invalid_request"})
    resp("500-system", "bills", "list", 500, fixture("account/error_500_system.json"), {"error": "api_error"})
    resp("502-html", "bills", "list", 502, "<html><body>Bad Gateway</body></html>", {"error": "api_error"})
    resp("200-not-json", "bills", "list", 200, "<html>maintenance</html>", {"error": "api_error"})
    resp("200-no-data", "bills", "list", 200, '{"success":true,"errors":{}}', {"error": "api_error"})
    resp("200-wrong-shape", "bills", "retrieve", 200, '{"success":true,"errors":{},"data":[1,2]}', {"error": "api_error"})
    resp("200-wrong-field-type", "bills", "retrieve", 200, '{"success":true,"errors":{},"data":{"id":"bill-1","price_cents":"lots"}}', {"error": "api_error"})
    resp("unknown-action", "bills", "update", 200, fixture("account/sandbox_bill_show.json"), {"error": "unsupported"})
    write("api", "account", v)


def json_list_ids(path):
    data = json.loads(fixture(path))["data"]
    return [{"id": d["id"]} for d in data]


# ---------------------------------------------------------------- Connec! (docs/spec.md §5)
def connec_vectors():
    v = []
    base = f"{CONNEC}/api/v2"
    hdr = {"authorization": AUTH, "accept": "application/vnd.api+json", "user-agent": UA}
    body_hdr = {**hdr, "content-type": "application/vnd.api+json"}

    def req(name, action, expect, entity="people", group_id="cld-1", id=None, params=None, body=None, config=CONFIG):
        inp = {"group_id": group_id, "action": action, "entity": entity}
        for k, val in (("id", id), ("params", params), ("body", body)):
            if val is not None:
                inp[k] = val
        v.append({"name": f"connec-request-{name}", "op": "connec.request", "config": config, "input": inp, "expect": expect})

    req("list", "list", {"ok": {"method": "GET", "url": f"{base}/cld-1/people", "headers": hdr, "body": None, "timeout_ms": 180000}})
    req("list-query", "list",
        {"ok": {"url": f"{base}/cld-1/people?%24filter=updated_at%20gt%20%272016-06-28T08%3A00%3A00Z%27&%24orderby=created_at%20desc&%24top=10&%24skip=20"}},
        params={"filter": "updated_at gt '2016-06-28T08:00:00Z'", "orderby": "created_at desc", "top": 10, "skip": 20})
    req("entity-slashes-trimmed", "list", {"ok": {"url": f"{base}/cld-1/people"}}, entity="/people/")
    req("get", "get", {"ok": {"method": "GET", "url": f"{base}/cld-1/people/0c5e7e50-1f2a-0134-9f0a-0242ac110002"}},
        id="0c5e7e50-1f2a-0134-9f0a-0242ac110002")
    req("create", "create", {"ok": {"method": "POST", "url": f"{base}/cld-1/people", "headers": body_hdr,
                                    "body": '{"people":{"first_name":"John","last_name":"Doe"}}'}},
        body={"first_name": "John", "last_name": "Doe"})
    req("update-is-put", "update", {"ok": {"method": "PUT", "url": f"{base}/cld-1/people/p-1",
                                           "body": '{"people":{"last_name":"Smith"}}'}}, id="p-1", body={"last_name": "Smith"})
    batch = json.loads(fixture("connec/production_batch_request.json"))
    req("batch", "batch", {"ok": {"method": "POST", "url": f"{CONNEC}/batch", "headers": body_hdr,
                                  "body": json.dumps(batch, separators=(",", ":"))}}, entity="", body=batch)
    req("batch-ops-array", "batch", {"ok": {"body": json.dumps({"sequential": True, "ops": batch["ops"]}, separators=(",", ":"))}},
        entity="", body=batch["ops"])
    req("group-id-escaped", "list", {"ok": {"url": f"{base}/cld%2F1/people"}}, group_id="cld/1")
    req("dot-dot-group-refused", "list", {"error": "api_invalid_request"}, group_id="..")
    req("dot-dot-entity-refused", "list", {"error": "api_invalid_request"}, entity="people/../../admin")
    req("create-needs-object", "create", {"error": "api_invalid_request"}, body=["x"])
    req("batch-needs-ops", "batch", {"error": "api_invalid_request"}, entity="", body={"sequential": True})
    req("timeout-from-config", "list", {"ok": {"timeout_ms": 5000}},
        config={**CONFIG, "connec": {"timeout": 5}})
    req("custom-host-and-base-path", "list", {"ok": {"url": "http://127.0.0.1:5100/connec/api/v2/cld-1/people"}},
        config={"environment": "local", "api": {"id": "app-1", "key": "k3y", "host": "http://127.0.0.1:5100"},
                "connec": {"host": "http://127.0.0.1:5100/", "base_path": "/connec/api/v2/"}})
    req("needs-credentials", "list", {"error": "config_missing"}, config={"environment": "production"})

    def resp(name, action, status, body, expect):
        v.append({"name": f"connec-response-{name}", "op": "connec.response",
                  "input": {"action": action, "status": status, "body": body}, "expect": expect})

    lst = json.loads(fixture("connec/production_list_with_pagination.json"))
    resp("list-with-pagination", "list", 200, fixture("connec/production_list_with_pagination.json"),
         {"ok": {"entity": "people", "data": lst["people"], "pagination": lst["pagination"]}})
    resp("list-sandbox-no-pagination", "list", 200, fixture("connec/sandbox_list_people.json"),
         {"ok": {"entity": "people", "data": json.loads(fixture("connec/sandbox_list_people.json"))["people"], "pagination": None}})
    resp("created-201", "create", 201, fixture("connec/sandbox_create_response_201.json"),
         {"ok": {"entity": "people", "data": json.loads(fixture("connec/sandbox_create_response_201.json"))["people"]}})
    resp("singular-company", "get", 200, fixture("connec/sandbox_singular_company.json"),
         {"ok": {"entity": "company", "data": {"name": "Doe Corp"}}})
    resp("batch", "batch", 200, fixture("connec/production_batch_response.json"),
         {"ok": json.loads(fixture("connec/production_batch_response.json"))})
    resp("batch-keeps-failed-ops", "batch", 200, '{"results":[{"status":400,"body":{"errors":[{"code":"x"}]}},{"status":"201","body":{}}]}',
         {"ok": {"results": [{"status": 400, "body": {"errors": [{"code": "x"}]}}, {"status": 201, "body": {}}]}})
    resp("batch-without-results", "batch", 200, '{"people":[]}', {"error": "api_error"})
    resp("update-empty-body", "update", 204, "", {"ok": {"entity": None, "data": None}})
    resp("401", "list", 401, fixture("connec/sandbox_error_401.json"), {"error": "api_authentication"})
    resp("400-unknown-resource", "list", 400, fixture("connec/sandbox_error_400_unknown_resource.json"), {"error": "api_invalid_request"})
    resp("404", "get", 404, fixture("connec/sandbox_error_404.json"), {"error": "api_invalid_request"})
    resp("409-conflict", "create", 409, fixture("connec/sandbox_error_404.json"), {"error": "api_invalid_request"})
    resp("500", "list", 500, '{"errors":[{"status":"500","code":"internal-server-error","title":"Internal server error"}]}', {"error": "api_error"})
    resp("503-html", "list", 503, "<html>down</html>", {"error": "api_error"})
    resp("200-not-json", "list", 200, "<html>", {"error": "api_error"})
    resp("200-with-errors", "create", 200, fixture("connec/sandbox_error_404.json"), {"error": "api_invalid_request"})
    write("connec", "connec", v)


# ---------------------------------------------------------------- webhooks (docs/spec.md §5)
def webhook_vectors():
    v = []
    real = {**CONFIG, "sso": {"creation_mode": "real"}}
    virtual = {**CONFIG, "sso": {"creation_mode": "virtual"}}

    def match(name, method, path, expect, config=virtual, auth=AUTH):
        inp = {"method": method, "path": path}
        if auth is not None:
            inp["authorization"] = auth
        v.append({"name": f"webhook-match-{name}", "op": "webhook.match", "config": config, "input": inp, "expect": expect})

    match("group-cancelled", "DELETE", "/maestrano/account/groups/cld-1", {"ok": {"event": "group_cancelled", "group_id": "cld-1"}})
    match("member-removed-virtual", "DELETE", "/maestrano/account/groups/cld-1/users/usr-1",
          {"ok": {"event": "member_removed", "group_id": "cld-1", "user_id": "usr-1", "local_user_id": "usr-1.cld-1"}})
    match("member-removed-real", "DELETE", "/maestrano/account/groups/cld-1/users/usr-1",
          {"ok": {"event": "member_removed", "user_id": "usr-1", "local_user_id": "usr-1"}}, config=real)
    match("tenant-suffix", "DELETE", "/maestrano/account/groups/cld-1/maestrano-uat",
          {"ok": {"event": "group_cancelled", "group_id": "cld-1", "tenant": "maestrano-uat"}})
    match("member-tenant-suffix", "DELETE", "/maestrano/account/groups/cld-1/users/usr-1/maestrano-uat",
          {"ok": {"event": "member_removed", "group_id": "cld-1", "user_id": "usr-1", "tenant": "maestrano-uat"}})
    match("query-string-ignored", "DELETE", "/maestrano/account/groups/cld-1?foo=bar", {"ok": {"group_id": "cld-1"}})
    match("method-any-case", "delete", "/maestrano/account/groups/cld-1", {"ok": {"event": "group_cancelled"}})
    match("dev-platform-templates", "DELETE", "/maestrano/account/groups/cld-9/maestrano-uat",
          {"ok": {"event": "group_cancelled", "group_id": "cld-9", "tenant": None}},
          config={**CONFIG, "webhooks": {"account": {"group_path": "/maestrano/account/groups/:id/maestrano-uat",
                                                     "group_user_path": "/maestrano/account/groups/:group_id/users/:id/maestrano-uat"}}})
    match("custom-templates", "DELETE", "/hooks/org/cld-2/member/usr-3",
          {"ok": {"event": "member_removed", "group_id": "cld-2", "user_id": "usr-3"}},
          config={**CONFIG, "webhook": {"account": {"groups_path": "/hooks/org/:id", "group_users_path": "/hooks/org/:group_id/member/:id"}}})
    match("connec-notification-route", "POST", "/maestrano/connec/notifications", {"ok": {"event": "connec_notification", "tenant": None}})
    match("connec-notification-tenant", "POST", "/maestrano/connec/notifications/maestrano-uat",
          {"ok": {"event": "connec_notification", "tenant": "maestrano-uat"}})
    match("get-is-not-a-webhook", "GET", "/maestrano/account/groups/cld-1", {"ok": None})
    match("other-path", "DELETE", "/maestrano/account/other/cld-1", {"ok": None})
    match("too-many-segments", "DELETE", "/maestrano/account/groups/cld-1/users/usr-1/a/b", {"ok": None})
    match("unmatched-route-needs-no-credentials", "DELETE", "/elsewhere", {"ok": None}, auth=None)
    match("wrong-credentials", "DELETE", "/maestrano/account/groups/cld-1", {"error": "api_authentication"}, auth=basic("app-1", "nope"))
    match("missing-credentials", "DELETE", "/maestrano/account/groups/cld-1", {"error": "api_authentication"}, auth=None)
    match("bearer-scheme", "DELETE", "/maestrano/account/groups/cld-1", {"error": "api_authentication"}, auth="Bearer k3y")
    match("notification-wrong-credentials", "POST", "/maestrano/connec/notifications", {"error": "api_authentication"}, auth=basic("x", "y"))
    match("config-without-key", "DELETE", "/maestrano/account/groups/cld-1", {"error": "api_authentication"},
          config={"environment": "production"}, auth=basic("", ""))

    txt = fixture("webhooks/connec_notification_request.txt")
    parsed, end = json.JSONDecoder().raw_decode(txt[txt.index('\n{"') + 1:])
    body = txt[txt.index('\n{"') + 1:][:end]

    def note(name, body, expect):
        v.append({"name": f"webhook-connec-notification-{name}", "op": "webhook.connec_notification",
                  "input": {"body": body}, "expect": expect})

    note("fixture", body, {"ok": parsed})
    note("unknown-entity-kept", '{"space_ships":[{"id":"s1"}]}', {"ok": {"space_ships": [{"id": "s1"}]}})
    note("single-record-object", '{"company":{"id":"c1"}}', {"ok": {"company": [{"id": "c1"}]}})
    note("empty-object", "{}", {"ok": {}})
    note("not-json", "people=1", {"error": "api_invalid_request"})
    note("array-body", "[]", {"error": "api_invalid_request"})
    note("records-not-objects", '{"people":[1,2]}', {"error": "api_invalid_request"})
    note("string-entity", '{"people":"x"}', {"error": "api_invalid_request"})
    write("webhook", "webhook", v)


# ---------------------------------------------------------------- developer platform (docs/spec.md D2)
def devplatform_vectors():
    v = []

    def req(name, inp, expect):
        v.append({"name": f"devplatform-request-{name}", "op": "devplatform.request", "input": inp, "expect": expect})

    env = {"env_name": "test", "env_key": "123", "env_secret": "456"}
    hdr = {"authorization": basic("123", "456"), "accept": "application/json"}
    req("defaults", env, {"ok": {"method": "GET", "url": "https://developer.maestrano.com/api/config/v1/marketplaces", "headers": hdr, "body": None}})
    req("yaml-fixture-path-already-has-marketplaces",
        {"host": "http://localhost:5000", "api_path": "/api/config/v1/marketplaces", **env},
        {"ok": {"url": "http://localhost:5000/api/config/v1/marketplaces"}})
    req("trailing-slashes", {"host": "https://dev.example.com/", "api_path": "/api/config/v1/", **env},
        {"ok": {"url": "https://dev.example.com/api/config/v1/marketplaces"}})
    req("missing-secret", {**env, "env_secret": ""}, {"error": "config_missing"})
    req("missing-key", {"env_name": "test", "env_secret": "456"}, {"error": "config_missing"})
    req("missing-name", {"env_key": "123", "env_secret": "456"}, {"error": "config_missing"})
    req("host-not-a-url", {"host": "developer.maestrano.com", **env}, {"error": "config_invalid"})

    def resp(name, status, body, expect):
        v.append({"name": f"devplatform-response-{name}", "op": "devplatform.response",
                  "input": {"status": status, "body": body}, "expect": expect})

    java = json.loads(fixture("devplatform/dev-platform-marketplaces.json"))
    m = java["marketplaces"][0]
    resp("java-fixture-array", 200, fixture("devplatform/dev-platform-marketplaces.json"),
         {"ok": {"maestrano-test": {
             "environment": "maestrano-test", "nid": "my-awesome-app",
             "app": m["app"],
             "api": {"id": m["api"]["id"], "key": m["api"]["key"], "host": m["api"]["host"], "base": "/api/v1/"},
             "sso": {"idm": m["sso"]["idm"], "init_path": m["sso"]["init_path"], "consume_path": m["sso"]["consume_path"],
                     "idp": m["sso"]["idp"]},
             "connec": {"host": m["connec"]["host"], "base_path": "/api/v2", "timeout": 300},
             "webhook": {"account": {"groups_path": "/maestrano/account/groups/:id/maestrano-uat",
                                     "group_users_path": "/maestrano/account/groups/:group_id/users/:id/maestrano-uat"},
                         "connec": {"notifications_path": "/maestrano/connec/notifications/maestrano-uat", "external_ids": True}}}}})
    dotnet = json.loads(fixture("devplatform/developer-platform-answer.json"))["marketplaces"]
    resp("dotnet-fixture-object", 200, fixture("devplatform/developer-platform-answer.json"),
         {"ok": {"maestrano-uat": {"environment": "maestrano-uat", "nid": "demo-dotnet-uat",
                                   "api": {"id": dotnet["api"]["id"], "host": "https://api-hub-uat.maestrano.io"},
                                   "sso": {"idp": "https://api-hub-uat.maestrano.io"}}}})
    ruby_style = {"marketplaces": [{"marketplace": "mkt-a", "app": {"host": "https://a.example"},
                                    "api": {"id": "app-a", "key": "ka", "host": "https://hub.example"},
                                    "sso": {"x509_fingerprint": "01:06:15:89:25:7d:78:12:28:a6:69:c7:de:63:ed:74:21:f9:f5:36"},
                                    "connec": {"host": "https://connec.example"},
                                    "webhook": {"account": {"groups_path": "/a/:id", "group_users_path": "/a/:group_id/u/:id"},
                                                "connec": {"notifications_path": "/a/n"}}},
                                   {"marketplace": "mkt-b", "app": {"host": "https://b.example"},
                                    "api": {"id": "app-b", "key": "kb", "host": "https://hub.example"},
                                    "sso": {"x509_fingerprint": "01:06:15:89:25:7d:78:12:28:a6:69:c7:de:63:ed:74:21:f9:f5:36"},
                                    "connec": {"host": "https://connec.example"}}]}
    resp("ruby-webhook-spelling-two-marketplaces", 200, json.dumps(ruby_style),
         {"ok": {"mkt-a": {"api": {"id": "app-a"}, "webhook": {"account": {"groups_path": "/a/:id", "group_users_path": "/a/:group_id/u/:id"},
                                                                 "connec": {"notifications_path": "/a/n"}}},
                 "mkt-b": {"api": {"id": "app-b"}}}})
    resp("empty-list", 200, '{"marketplaces":[]}', {"ok": {}})
    resp("error-key", 200, '{"error":"Invalid environment credentials"}', {"error": "devplatform_error"})
    resp("missing-marketplaces", 200, '{"environments":[]}', {"error": "devplatform_error"})
    resp("401", 401, '{"error":"Unauthorized"}', {"error": "devplatform_error"})
    resp("500-html", 500, "<html>Internal Server Error</html>", {"error": "devplatform_error"})
    resp("not-json", 200, "marketplaces: []", {"error": "devplatform_error"})
    resp("marketplace-without-name", 200, '{"marketplaces":[{"api":{"id":"x"}}]}', {"error": "devplatform_error"})
    resp("marketplace-with-bad-value", 200,
         '{"marketplaces":[{"marketplace":"m","api":{"id":"x","host":"https://h"},"sso":{"creation_mode":"sideways"}}]}',
         {"error": "devplatform_error"})
    write("devplatform", "devplatform", v)


if __name__ == "__main__":
    session_vectors()
    api_vectors()
    connec_vectors()
    webhook_vectors()
    devplatform_vectors()
