//! Per-environment defaults (docs/spec.md §1 "Environments"). They fill only keys the user
//! did not set. An unknown environment has none.

/// Defaults one environment supplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvironmentDefaults {
    /// `api.host`, which is also the SSO base (`sso.idp`).
    pub api_host: &'static str,
    /// `connec.host`.
    pub connec_host: &'static str,
    /// `connec.timeout`, seconds.
    pub connec_timeout: u64,
    /// `sso.x509_certificate`: the platform's signing certificate (PEM).
    pub x509_certificate: &'static str,
    /// `sso.x509_fingerprint`: SHA-1 of that certificate.
    pub x509_fingerprint: &'static str,
}

const LOCAL: EnvironmentDefaults = EnvironmentDefaults {
    api_host: "http://localhost:3001",
    connec_host: "http://connec.maestrano.io",
    connec_timeout: 60,
    x509_certificate: include_str!("../../certs/local.pem"),
    x509_fingerprint: "01:06:15:89:25:7d:78:12:28:a6:69:c7:de:63:ed:74:21:f9:f5:36",
};

const UAT: EnvironmentDefaults = EnvironmentDefaults {
    api_host: "https://uat.maestrano.io",
    connec_host: "https://api-connec-uat.maestrano.io",
    connec_timeout: 180,
    x509_certificate: include_str!("../../certs/uat.pem"),
    x509_fingerprint: "8a:1e:2e:76:c4:67:80:68:6c:81:18:f7:d3:29:5d:77:f8:79:54:2f",
};

const PRODUCTION: EnvironmentDefaults = EnvironmentDefaults {
    api_host: "https://maestrano.com",
    connec_host: "https://api-connec.maestrano.com",
    connec_timeout: 180,
    x509_certificate: include_str!("../../certs/production.pem"),
    x509_fingerprint: "2f:57:71:e4:40:19:57:37:a6:2c:f0:c5:82:52:2f:2e:41:b7:9d:7e",
};

/// The defaults of a named environment, or `None` for an environment the core does not know.
pub fn defaults_for(environment: &str) -> Option<&'static EnvironmentDefaults> {
    match environment {
        "local" => Some(&LOCAL),
        "uat" | "maestrano-uat" => Some(&UAT),
        "production" | "maestrano-production" => Some(&PRODUCTION),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_share_defaults() {
        assert_eq!(defaults_for("uat"), defaults_for("maestrano-uat"));
        assert_eq!(
            defaults_for("production"),
            defaults_for("maestrano-production")
        );
        assert!(defaults_for("custom").is_none());
        assert!(
            defaults_for("test").is_none(),
            "the 0.x API sandbox is gone"
        );
    }

    #[test]
    fn certificates_are_pem() {
        for env in ["local", "uat", "production"] {
            let d = defaults_for(env).unwrap();
            assert!(d
                .x509_certificate
                .starts_with("-----BEGIN CERTIFICATE-----"));
        }
    }
}
