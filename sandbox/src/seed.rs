//! The demo marketplace written on first start: one app, three groups, four users (one in two
//! groups so the group picker shows, one in none so access-denied can be tried) and the
//! developer-platform environment credentials.

use crate::db::{App, Db, DbResult, Group, User};
use crate::util::{iso, now, random_token};

/// The seeded app's id (`api.id`).
pub const APP_UID: &str = "app-sandbox";
/// The marketplace (preset) name published by the developer-platform endpoint.
pub const MARKETPLACE: &str = "sandbox";

/// Settings keys in the `meta` table.
pub mod keys {
    /// Set once the demo data is written.
    pub const SEEDED: &str = "seeded_at";
    /// The integrated app's base URL.
    pub const APP_URL: &str = "app_url";
    /// Developer-platform environment key.
    pub const DEVPL_KEY: &str = "devplatform_key";
    /// Developer-platform environment secret.
    pub const DEVPL_SECRET: &str = "devplatform_secret";
}

struct SeedGroup {
    uid: &'static str,
    name: &'static str,
    currency: &'static str,
    timezone: &'static str,
    country: &'static str,
    city: &'static str,
    has_credit_card: bool,
}

const GROUPS: &[SeedGroup] = &[
    SeedGroup {
        uid: "cld-1",
        name: "Doe Corp",
        currency: "USD",
        timezone: "America/Los_Angeles",
        country: "US",
        city: "Los Angeles",
        has_credit_card: true,
    },
    // Characters that must be escaped in XML and HTML, on purpose.
    SeedGroup {
        uid: "cld-2",
        name: "Smith & Sons <Pty> \"Ltd\"",
        currency: "AUD",
        timezone: "Australia/Sydney",
        country: "AU",
        city: "Sydney",
        has_credit_card: false,
    },
    SeedGroup {
        uid: "cld-3",
        name: "Acme Widgets",
        currency: "EUR",
        timezone: "Europe/Paris",
        country: "FR",
        city: "Paris",
        has_credit_card: true,
    },
];

/// (uid, name, surname, email, country, company, memberships)
type SeedUser = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const USERS: &[SeedUser] = &[
    (
        "usr-1",
        "John",
        "Doe",
        "john.doe@example.com",
        "AU",
        "Doe Corp",
        &[("cld-1", "Admin"), ("cld-2", "Member")],
    ),
    (
        "usr-2",
        "Jane",
        "Smith",
        "jane.smith@example.com",
        "AU",
        "Smith & Sons",
        &[("cld-2", "Super Admin")],
    ),
    (
        "usr-3",
        "Pat",
        "Power",
        "pat.power@example.com",
        "FR",
        "Acme Widgets",
        &[("cld-3", "Power User")],
    ),
    (
        "usr-4",
        "Nora",
        "Nogroup",
        "nora.nogroup@example.com",
        "US",
        "Freelance",
        &[],
    ),
];

/// Writes the demo marketplace unless it is already there. Returns whether it seeded.
pub fn seed_if_empty(db: &Db) -> DbResult<bool> {
    if db.meta(keys::SEEDED)?.is_some() {
        return Ok(false);
    }
    let now = now();
    let created = iso(now);
    let trial_end = iso(now.add_secs(30 * 86_400));
    db.transaction(|conn| {
        Db::insert_app(
            conn,
            &App {
                uid: APP_UID.into(),
                name: "My Sandbox App".into(),
                api_key: random_token(36),
            },
        )?;
        for (i, g) in GROUPS.iter().enumerate() {
            Db::insert_group(
                conn,
                &Group {
                    uid: g.uid.into(),
                    app_uid: APP_UID.into(),
                    name: g.name.into(),
                    email: format!("{}@example.com", g.uid),
                    currency: g.currency.into(),
                    timezone: g.timezone.into(),
                    country: g.country.into(),
                    city: g.city.into(),
                    status: "running".into(),
                    has_credit_card: g.has_credit_card,
                    main_accounting: "quickbooks".into(),
                    org_uid: format!("org-{}", i + 1),
                    free_trial_end_at: trial_end.clone(),
                    created_at: created.clone(),
                    updated_at: created.clone(),
                },
            )?;
        }
        for (uid, name, surname, email, country, company, groups) in USERS {
            Db::insert_user(
                conn,
                &User {
                    uid: (*uid).into(),
                    email: (*email).into(),
                    name: (*name).into(),
                    surname: (*surname).into(),
                    country: (*country).into(),
                    company_name: (*company).into(),
                    sso_session: random_token(36),
                    created_at: created.clone(),
                    updated_at: created.clone(),
                },
            )?;
            for (group, role) in groups.iter() {
                Db::insert_membership(conn, group, uid, role)?;
            }
        }
        for (key, value) in [
            (keys::DEVPL_KEY, format!("env-{}", random_token(20))),
            (keys::DEVPL_SECRET, random_token(36)),
            (keys::SEEDED, created.clone()),
        ] {
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                [key, value.as_str()],
            )?;
        }
        Ok(())
    })?;
    Ok(true)
}
