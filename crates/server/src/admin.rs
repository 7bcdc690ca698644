//! What the `qabul enumerator …` and `qabul supervisor …` commands do, and the first
//! supervisor of a fresh database, as functions the tests call too.

use std::time::Duration;

use qabul_core::protocol::Timestamp;

use crate::accounts::{self, Password, SupervisorName};
use crate::db::{AddSupervisorError, Db, DbError};
use crate::secrets;

/// How long an enrolment code stays valid unless told otherwise.
pub const DEFAULT_CODE_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// An enumerator's name: what a supervisor calls them, shown on the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumeratorName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an enumerator's name is 1 to 64 characters, without control characters or slashes")]
pub struct InvalidName;

impl std::str::FromStr for EnumeratorName {
    type Err = InvalidName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim();
        let ok = !name.is_empty()
            && name.chars().count() <= 64
            && !name.chars().any(|c| c.is_control() || c == '/');
        if ok {
            Ok(Self(name.to_owned()))
        } else {
            Err(InvalidName)
        }
    }
}

impl EnumeratorName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A fresh one-time enrolment code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EnrollmentCode {
    pub code: String,
    pub url: String,
    #[serde(skip)]
    pub expires_at: Timestamp,
}

/// Makes a one-time enrolment code for `name` (creating the enumerator if new) and the
/// link that opens the PWA's enrolment page with it. The code travels in the fragment
/// (`#code=`), which browsers never send to a server or put in a referrer.
pub async fn add_enumerator(
    db: &Db,
    name: &EnumeratorName,
    base_url: &str,
    lifetime: Duration,
) -> Result<EnrollmentCode, DbError> {
    let code = secrets::new_enrollment_code();
    let now = crate::now();
    let lifetime_ms = i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX / 2);
    let expires_at = Timestamp::from_unix_ms(now.unix_ms().saturating_add(lifetime_ms));
    db.add_enrollment_code(name.as_str(), &secrets::hash(&code), now, expires_at)
        .await?;
    let url = format!("{}/enroll#code={code}", base_url.trim_end_matches('/'));
    Ok(EnrollmentCode {
        code,
        url,
        expires_at,
    })
}

/// The name of the supervisor a fresh database gets.
pub const FIRST_SUPERVISOR: &str = "admin";

/// Adds a supervisor with `password`.
pub async fn add_supervisor(
    db: &Db,
    name: &SupervisorName,
    password: &Password,
) -> Result<(), AddSupervisorError> {
    let password = password.clone();
    let hash = tokio::task::spawn_blocking(move || accounts::hash_password(password.as_str()))
        .await
        .map_err(|e| AddSupervisorError::Hashing(e.to_string()))?;
    db.add_supervisor(name.as_str(), &hash, crate::now()).await
}

/// On a database without supervisors, creates [`FIRST_SUPERVISOR`] with `chosen` (from
/// `QABUL_ADMIN_PASSWORD`) or a generated password. Returns the generated password, to be
/// shown once; `None` if the database had a supervisor or the password was chosen.
pub async fn ensure_first_supervisor(
    db: &Db,
    chosen: Option<Password>,
) -> Result<Option<Password>, AddSupervisorError> {
    if db.supervisor_count().await? > 0 {
        return Ok(None);
    }
    let generated = chosen.is_none().then(Password::generate);
    let password = chosen
        .or_else(|| generated.clone())
        .expect("one of the two");
    let name: SupervisorName = FIRST_SUPERVISOR.parse().expect("a valid name");
    match add_supervisor(db, &name, &password).await {
        // Another process (a second server on the same database) was first: fine.
        Err(AddSupervisorError::Exists(_)) => Ok(None),
        other => other.map(|()| generated),
    }
}
