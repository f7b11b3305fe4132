//! The Account API (docs/spec.md §5): bills and recurring bills (list, create, retrieve, cancel),
//! users and groups (list, retrieve), resellers (list, retrieve, their groups). [`request`] builds
//! the call, [`response`] reads the answer into typed data or a typed error.

use super::models::{Bill, Group, RecurringBill, Reseller, User};
use super::{form, read_envelope};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{basic_auth, join, user_agent, HttpRequest, HttpResponse, Method};
use crate::url::escape;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// An Account API collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// `account/bills`.
    Bills,
    /// `account/recurring_bills`.
    RecurringBills,
    /// `account/users`.
    Users,
    /// `account/groups`.
    Groups,
    /// `account/resellers`.
    Resellers,
}

impl Resource {
    /// The collection's name: `bills`, `recurring_bills`, `users`, `groups`, `resellers`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Bills => "bills",
            Resource::RecurringBills => "recurring_bills",
            Resource::Users => "users",
            Resource::Groups => "groups",
            Resource::Resellers => "resellers",
        }
    }

    /// The collection named `s` (as [`Resource::as_str`]).
    pub fn parse(s: &str) -> Result<Resource> {
        [
            Resource::Bills,
            Resource::RecurringBills,
            Resource::Users,
            Resource::Groups,
            Resource::Resellers,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Unsupported,
                format!("unknown Account API resource {s:?} (expected bills, recurring_bills, users, groups or resellers)"),
            )
        })
    }

    /// The actions the platform offers on this collection.
    pub fn actions(self) -> &'static [Action] {
        match self {
            Resource::Bills | Resource::RecurringBills => &[
                Action::List,
                Action::Create,
                Action::Retrieve,
                Action::Cancel,
            ],
            Resource::Users | Resource::Groups => &[Action::List, Action::Retrieve],
            Resource::Resellers => &[Action::List, Action::Retrieve, Action::Groups],
        }
    }
}

/// What to do on a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `GET collection?filters`.
    List,
    /// `POST collection` with a form body.
    Create,
    /// `GET collection/id`.
    Retrieve,
    /// `DELETE collection/id`.
    Cancel,
    /// `GET resellers/id/groups`.
    Groups,
}

impl Action {
    /// The action's name: `list`, `create`, `retrieve`, `cancel`, `groups`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Create => "create",
            Action::Retrieve => "retrieve",
            Action::Cancel => "cancel",
            Action::Groups => "groups",
        }
    }

    /// The action named `s`.
    pub fn parse(s: &str) -> Result<Action> {
        [
            Action::List,
            Action::Create,
            Action::Retrieve,
            Action::Cancel,
            Action::Groups,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Unsupported,
                format!("unknown Account API action {s:?} (expected list, create, retrieve, cancel or groups)"),
            )
        })
    }
}

/// The Account API request for `action` on `resource`. `id` is needed by `retrieve`, `cancel`
/// and `groups`; `params` (a JSON object, or null) are the list filters or the created object's
/// fields, form-encoded (nested `k[sub]`, arrays `k[]`).
pub fn request(
    config: &Config,
    resource: Resource,
    action: Action,
    id: Option<&str>,
    params: &Value,
) -> Result<HttpRequest> {
    if !resource.actions().contains(&action) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "the Account API has no `{}` action on {}",
                action.as_str(),
                resource.as_str()
            ),
        ));
    }
    let (api_id, api_key) = config.api_credentials()?;
    let collection = join(
        &join(config.api_host()?, &config.api.base),
        &format!("account/{}", resource.as_str()),
    );
    let with_id = || -> Result<String> {
        match id {
            Some(id) if !id.is_empty() => Ok(format!("{collection}/{}", escape(id))),
            _ => Err(Error::new(
                ErrorKind::ApiInvalidRequest,
                format!("`{}` on {} needs an id", action.as_str(), resource.as_str()),
            )),
        }
    };
    let encoded = form::encode(params)?;
    let query = |url: String| {
        if encoded.is_empty() {
            url
        } else {
            format!("{url}?{encoded}")
        }
    };
    let (method, url, body) = match action {
        Action::List => (Method::Get, query(collection), None),
        Action::Create => (Method::Post, collection, Some(encoded.clone().into_bytes())),
        Action::Retrieve => (Method::Get, query(with_id()?), None),
        Action::Cancel => (Method::Delete, query(with_id()?), None),
        Action::Groups => (Method::Get, query(format!("{}/groups", with_id()?)), None),
    };
    let mut headers = vec![
        ("authorization".to_string(), basic_auth(api_id, api_key)),
        ("accept".into(), "application/json".into()),
        ("user-agent".into(), user_agent(config)),
    ];
    if body.is_some() {
        headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    Ok(HttpRequest {
        method,
        url,
        headers,
        body,
        timeout_ms: Some(config.api.timeout.saturating_mul(1000)),
    })
}

/// Typed data of an Account API answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AccountData {
    /// One bill.
    Bill(Bill),
    /// A list of bills.
    Bills(Vec<Bill>),
    /// One recurring bill.
    RecurringBill(RecurringBill),
    /// A list of recurring bills.
    RecurringBills(Vec<RecurringBill>),
    /// One user.
    User(User),
    /// A list of users.
    Users(Vec<User>),
    /// One group.
    Group(Group),
    /// A list of groups.
    Groups(Vec<Group>),
    /// One reseller.
    Reseller(Reseller),
    /// A list of resellers.
    Resellers(Vec<Reseller>),
}

impl AccountData {
    /// The data as JSON (the platform's field names; unknown fields included).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Reads the answer to `action` on `resource`: the typed `data` of a successful envelope, or
/// `api_authentication` (401), `api_invalid_request` (400, 404, or 2xx with `success: false`)
/// or `api_error` (any other status, a body that is not the envelope, data of the wrong shape).
pub fn response(
    resource: Resource,
    action: Action,
    response: &HttpResponse,
) -> Result<AccountData> {
    let data = read_envelope(response)?;
    let list = matches!(action, Action::List | Action::Groups);
    let typed = match (resource, action, list) {
        (_, Action::Groups, _) => AccountData::Groups(decode(data, response)?),
        (Resource::Bills, _, true) => AccountData::Bills(decode(data, response)?),
        (Resource::Bills, _, false) => AccountData::Bill(decode(data, response)?),
        (Resource::RecurringBills, _, true) => AccountData::RecurringBills(decode(data, response)?),
        (Resource::RecurringBills, _, false) => AccountData::RecurringBill(decode(data, response)?),
        (Resource::Users, _, true) => AccountData::Users(decode(data, response)?),
        (Resource::Users, _, false) => AccountData::User(decode(data, response)?),
        (Resource::Groups, _, true) => AccountData::Groups(decode(data, response)?),
        (Resource::Groups, _, false) => AccountData::Group(decode(data, response)?),
        (Resource::Resellers, _, true) => AccountData::Resellers(decode(data, response)?),
        (Resource::Resellers, _, false) => AccountData::Reseller(decode(data, response)?),
    };
    Ok(typed)
}

fn decode<T: DeserializeOwned>(data: Value, response: &HttpResponse) -> Result<T> {
    serde_json::from_value(data).map_err(|e| {
        response.unexpected(
            ErrorKind::ApiError,
            &format!("the data has an unexpected shape ({e})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config() -> Config {
        Config::from_json(&json!({"environment": "production",
            "api": {"id": "app-1", "key": "secret", "lang": "python", "lang_version": "3.11.2"}}))
        .unwrap()
    }

    #[test]
    fn builds_list_create_cancel() {
        let c = config();
        let r = request(
            &c,
            Resource::Bills,
            Action::List,
            None,
            &json!({"group_id": "cld-1"}),
        )
        .unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url,
            "https://maestrano.com/api/v1/account/bills?group_id=cld-1"
        );
        assert_eq!(r.header("authorization"), Some("Basic YXBwLTE6c2VjcmV0"));
        assert_eq!(
            r.header("user-agent"),
            Some("maestrano-sdk/0.1.0 (python/3.11.2)")
        );
        assert_eq!(r.body, None);
        let r = request(
            &c,
            Resource::Bills,
            Action::Create,
            None,
            &json!({"group_id": "cld-1", "price_cents": 2300, "description": "A b"}),
        )
        .unwrap();
        assert_eq!(
            r.body_text().unwrap(),
            "group_id=cld-1&price_cents=2300&description=A%20b"
        );
        assert_eq!(
            r.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let r = request(
            &c,
            Resource::RecurringBills,
            Action::Cancel,
            Some("rbill 1"),
            &Value::Null,
        )
        .unwrap();
        assert_eq!(r.method, Method::Delete);
        assert!(r.url.ends_with("/account/recurring_bills/rbill%201"));
        let r = request(
            &c,
            Resource::Resellers,
            Action::Groups,
            Some("rsl-1"),
            &Value::Null,
        )
        .unwrap();
        assert!(r.url.ends_with("/account/resellers/rsl-1/groups"));
    }

    #[test]
    fn refuses_what_the_platform_does_not_offer() {
        let c = config();
        let e = request(&c, Resource::Users, Action::Create, None, &Value::Null).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        let e = request(&c, Resource::Bills, Action::Retrieve, None, &Value::Null).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ApiInvalidRequest);
        let bare = Config::from_json(&json!({"environment": "production"})).unwrap();
        let e = request(&bare, Resource::Bills, Action::List, None, &Value::Null).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConfigMissing);
    }

    #[test]
    fn reads_typed_data_keeping_unknown_fields() {
        let body = r#"{"success":true,"errors":{},"data":{"object":"account_bill","id":"bill-1","price_cents":2300,"units":"1.5","third_party":false,"new_field":{"x":1}}}"#;
        let AccountData::Bill(b) = response(
            Resource::Bills,
            Action::Retrieve,
            &HttpResponse::new(200, body),
        )
        .unwrap() else {
            panic!("expected a bill")
        };
        assert_eq!(b.units, Some(1.5));
        assert_eq!(b.extra["new_field"], json!({"x": 1}));
        assert_eq!(b.extra["object"], "account_bill");
    }
}
