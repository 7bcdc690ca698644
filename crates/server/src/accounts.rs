//! Supervisors' accounts: names, argon2id password hashes, and the session cookie.

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use axum::http::HeaderMap;
use axum::http::header::{COOKIE, HeaderValue};
use rand::Rng as _;

/// The cookie that carries a supervisor's session.
pub const SESSION_COOKIE: &str = "qabul_session";

/// A session ends this long after sign-in, whatever happens in between: a review page left
/// open on a shared computer does not stay signed in for days.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// Shorter passwords are refused when a person chooses one.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A supervisor's sign-in name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisorName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a supervisor's name is 1 to 64 characters, without spaces, control characters or slashes")]
pub struct InvalidSupervisorName;

impl std::str::FromStr for SupervisorName {
    type Err = InvalidSupervisorName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = !s.is_empty()
            && s.chars().count() <= 64
            && !s
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '/');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidSupervisorName)
        }
    }
}

impl SupervisorName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password a person chose, checked for length.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a password has at least {MIN_PASSWORD_CHARS} characters")]
pub struct WeakPassword;

impl std::str::FromStr for Password {
    type Err = WeakPassword;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.chars().count() >= MIN_PASSWORD_CHARS {
            Ok(Self(s.to_owned()))
        } else {
            Err(WeakPassword)
        }
    }
}

impl Password {
    /// A fresh password of 20 characters from an alphabet without look-alikes (~100 bits),
    /// for the first supervisor and for `qabul supervisor add`.
    pub fn generate() -> Self {
        const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut rng = rand::rngs::OsRng;
        let text = (0..20)
            .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
            .collect();
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The argon2id hash (PHC string) of a password, with a fresh salt. The parameters are the
/// `argon2` crate's defaults: 19 MiB, 2 passes, 1 lane, as OWASP recommends.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches the stored hash. A malformed hash matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash to verify against when the name is unknown, so that an unknown name and a wrong
/// password take the same time to refuse.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password anyone has"))
}

/// The `Set-Cookie` value that starts a session. `HttpOnly` keeps it from scripts,
/// `SameSite=Strict` from other sites' forms; `Secure` is added when the request came over
/// HTTPS (through a proxy that says so).
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let value = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).expect("a hex token makes a valid header")
}

/// The `Set-Cookie` value that ends a session in the browser.
pub fn cleared_cookie(secure: bool) -> HeaderValue {
    let value = format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).expect("a valid header")
}

/// The session token the request's cookies carry, if any.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

/// Whether the request reached us over HTTPS, as a reverse proxy reports it.
pub fn came_over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterz", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
        assert_ne!(hash, hash_password("correct horse battery"), "salted");
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (a, b) = (Password::generate(), Password::generate());
        assert_eq!(a.as_str().len(), 20);
        assert_ne!(a, b);
        assert!(a.as_str().parse::<Password>().is_ok());
        assert_eq!("short".parse::<Password>(), Err(WeakPassword));
        assert!(
            !format!("{a:?}").contains(a.as_str()),
            "never printed by Debug"
        );
    }

    #[test]
    fn the_session_cookie_is_http_only_and_strict() {
        let cookie = session_cookie("abc", false);
        let text = cookie.to_str().unwrap();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Strict"));
        assert!(!text.contains("Secure"));
        assert!(
            session_cookie("abc", true)
                .to_str()
                .unwrap()
                .ends_with("; Secure")
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("lang=ar; qabul_session=abc; x=1"),
        );
        assert_eq!(session_token(&headers), Some("abc"));
        assert_eq!(session_token(&HeaderMap::new()), None);
    }

    #[test]
    fn supervisor_names_refuse_spaces_and_slashes() {
        assert!("amira".parse::<SupervisorName>().is_ok());
        assert!("a b".parse::<SupervisorName>().is_err());
        assert!("a/b".parse::<SupervisorName>().is_err());
        assert!("".parse::<SupervisorName>().is_err());
    }
}
