//! Single sign-on: the platform URLs an app links to (docs/spec.md §3 "URLs").

mod urls;

pub use urls::{
    consume_url, idp_url, init_url, logout_url, session_check_url, sso_base, unauthorized_url,
};
