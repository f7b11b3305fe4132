//! User masking for the `virtual` creation mode (docs/spec.md §2).

use crate::config::{Config, CreationMode};

/// The real platform uid of a possibly masked uid: the part before the first `.`.
pub fn unmask_user(uid: &str) -> &str {
    uid.split('.').next().unwrap_or(uid)
}

/// The local uid of a platform user in a group: `"<real uid>.<group uid>"` in `virtual` mode,
/// the real uid in `real` mode. An already masked uid is never doubled.
pub fn mask_user(config: &Config, user_uid: &str, group_uid: &str) -> String {
    let real = unmask_user(user_uid);
    match config.sso.creation_mode {
        CreationMode::Virtual => format!("{real}.{group_uid}"),
        CreationMode::Real => real.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_by_mode_without_doubling() {
        let virt = Config::from_json(&json!({"sso": {"creation_mode": "virtual"}})).unwrap();
        let real = Config::from_json(&json!({})).unwrap();
        assert_eq!(mask_user(&virt, "usr-1", "cld-1"), "usr-1.cld-1");
        assert_eq!(mask_user(&virt, "usr-1.cld-9", "cld-1"), "usr-1.cld-1");
        assert_eq!(mask_user(&real, "usr-1.cld-9", "cld-1"), "usr-1");
        assert_eq!(unmask_user("usr-1.cld-1"), "usr-1");
        assert_eq!(unmask_user("usr-1"), "usr-1");
        assert_eq!(unmask_user(""), "");
    }
}
