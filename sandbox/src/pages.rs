//! The HTML pages of the IdP (pickers, access denied, the auto-submitting POST form, logout and
//! error pages). Every value is HTML-escaped; element ids and classes are stable so browser
//! tests can click through (`a.pick-user[data-uid]`, `a.pick-group[data-gid]`,
//! `form#saml-form`, `#saml-submit`, `#access-denied`, `#error`).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::db::{Group, User};
use crate::util::escape;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}\
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:.6rem;overflow:auto}\
.muted{color:#777}form.inline{display:inline}li{margin:.3rem 0}";

/// A whole page.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · Maestrano sandbox</title>\
         <style>{STYLE}</style></head><body>{body}</body></html>\n",
        title = escape(title)
    )
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    (status, Html(layout(title, body))).into_response()
}

/// An error page: `<h1 id="error">` with the title, then the message.
pub fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    page(
        status,
        title,
        &format!(
            "<h1 id=\"error\">{}</h1><p id=\"error-message\">{}</p>",
            escape(title),
            escape(message)
        ),
    )
}

/// The user picker: every user, with whether they can reach this app; each link replays the
/// request with `&user_uid=…`.
pub fn user_picker(users: &[(User, bool)], link: impl Fn(&str) -> String) -> Response {
    let mut items = String::new();
    for (user, access) in users {
        items.push_str(&format!(
            "<li><a class=\"pick-user\" id=\"pick-user-{uid}\" data-uid=\"{uid}\" href=\"{href}\">{name} {surname}</a> \
             <span class=\"muted\">{uid} · {email} · {access}</span></li>",
            uid = escape(&user.uid),
            href = escape(&link(&user.uid)),
            name = escape(&user.name),
            surname = escape(&user.surname),
            email = escape(&user.email),
            access = if *access { "has access" } else { "no group for this app" },
        ));
    }
    page(
        StatusCode::OK,
        "Select a user",
        &format!(
            "<h1 id=\"user-picker\">Select the user to log in as</h1>\
             <p>The Maestrano sandbox IdP received an SSO request. Pick who signs in.</p>\
             <ul id=\"user-list\">{items}</ul>"
        ),
    )
}

/// The group picker for a user who reaches the app through several groups; each link replays
/// the request with `&group_id=…`.
pub fn group_picker(
    user: &User,
    groups: &[(Group, String)],
    link: impl Fn(&str) -> String,
) -> Response {
    let mut items = String::new();
    for (group, role) in groups {
        items.push_str(&format!(
            "<li><a class=\"pick-group\" id=\"pick-group-{gid}\" data-gid=\"{gid}\" href=\"{href}\">{name}</a> \
             <span class=\"muted\">{gid} · role {role}</span></li>",
            gid = escape(&group.uid),
            href = escape(&link(&group.uid)),
            name = escape(&group.name),
            role = escape(role),
        ));
    }
    page(
        StatusCode::OK,
        "Select a group",
        &format!(
            "<h1 id=\"group-picker\">Select the group</h1>\
             <p>{name} {surname} (<code>{uid}</code>) reaches this app through several groups.</p>\
             <ul id=\"group-list\">{items}</ul>",
            name = escape(&user.name),
            surname = escape(&user.surname),
            uid = escape(&user.uid),
        ),
    )
}

/// 403: the user has no group for this app.
pub fn access_denied(user: &User) -> Response {
    page(
        StatusCode::FORBIDDEN,
        "Access Denied",
        &format!(
            "<h1 id=\"access-denied\">Access Denied</h1>\
             <p>{name} {surname} (<code>{uid}</code>) does not belong to any group using this application.</p>",
            name = escape(&user.name),
            surname = escape(&user.surname),
            uid = escape(&user.uid),
        ),
    )
}

/// The auto-submitting form that POSTs `SAMLResponse` to the app's consume URL (with a visible
/// button for browsers without JavaScript).
pub fn post_form(acs: &str, saml_response: &str, user: &User, group: &Group) -> Response {
    page(
        StatusCode::OK,
        "Signing in",
        &format!(
            "<h1 id=\"saml-post\">Signing in to the application</h1>\
             <p>As {name} {surname} (<code>{uid}</code>) in {group} (<code>{gid}</code>).</p>\
             <form id=\"saml-form\" method=\"post\" action=\"{acs}\">\
             <input type=\"hidden\" id=\"SAMLResponse\" name=\"SAMLResponse\" value=\"{value}\">\
             <button id=\"saml-submit\" type=\"submit\">Continue to the application</button></form>\
             <script>document.getElementById('saml-form').submit();</script>",
            name = escape(&user.name),
            surname = escape(&user.surname),
            uid = escape(&user.uid),
            group = escape(&group.name),
            gid = escape(&group.uid),
            acs = escape(acs),
            value = escape(saml_response),
        ),
    )
}

/// `GET /app_logout`.
pub fn logged_out(user_uid: Option<&str>) -> Response {
    let who = user_uid
        .map(|u| format!(" (<code>{}</code>)", escape(u)))
        .unwrap_or_default();
    page(
        StatusCode::OK,
        "Logged out",
        &format!(
            "<h1 id=\"logged-out\">You have been logged out</h1>\
             <p>The application logged you out{who}. <a href=\"/\">Sandbox home</a></p>"
        ),
    )
}

/// `GET /app_access_unauthorized`.
pub fn unauthorized(err: Option<&str>) -> Response {
    let detail = err
        .map(|e| format!(" <span class=\"muted\">(error: {})</span>", escape(e)))
        .unwrap_or_default();
    page(
        StatusCode::OK,
        "Unauthorized",
        &format!(
            "<h1 id=\"access-unauthorized\">Unauthorized access</h1>\
             <p>The application could not sign you in.{detail} <a href=\"/\">Sandbox home</a></p>"
        ),
    )
}
