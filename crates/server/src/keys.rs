//! Key pairs for encrypted forms (`qabul keygen`) and versions of the built-in form that
//! carry a public key (`qabul form publish`). The private key is written to a file that only
//! its owner can read and never enters the database: the server stores sealed bytes it cannot
//! open.

use std::io::Write as _;
use std::path::Path;

use qabul_core::seal::{KEY_LEN, PrivateKey, PublicKey};
use rand::RngCore as _;

use crate::db::{AddFormError, Db, StoredForm};

/// Why a key file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("{0} exists already; a key file is never overwritten (move it away first)")]
    Exists(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// A new key pair from the operating system's randomness.
pub fn generate() -> PrivateKey {
    let mut ikm = [0_u8; KEY_LEN];
    rand::rngs::OsRng.fill_bytes(&mut ikm);
    PrivateKey::derive(&ikm)
}

/// Writes the private key's text to a new file at `path`, readable and writable by its owner
/// only (mode 0600, set as the file is created so that it is never readable by others).
pub fn write_private_key(path: &Path, key: &PrivateKey) -> Result<(), KeyFileError> {
    let io = |source| KeyFileError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyFileError::Exists(path.display().to_string())
        } else {
            io(e)
        }
    })?;
    writeln!(file, "{}", key.to_secret_text()).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Why the built-in form could not be published with a key.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the version must be 1 to 40 letters, digits, `.`, `-` or `_`")]
    BadVersion,
    #[error(transparent)]
    Add(#[from] AddFormError),
}

/// Adds `version` of the built-in form, the same questions, whose submissions phones seal
/// to `key`. Phones enrolled afterwards run it; the earlier versions stay as they were.
pub async fn publish_builtin(
    db: &Db,
    version: &str,
    key: &PublicKey,
) -> Result<StoredForm, PublishError> {
    let valid = (1..=40).contains(&version.len())
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid {
        return Err(PublishError::BadVersion);
    }
    let mut definition: serde_json::Value =
        serde_json::from_str(qabul_core::builtin::COMMUNITY_ACCEPTANCE_JSON)
            .expect("the built-in form is JSON (checked by tests)");
    definition["version"] = serde_json::Value::from(version);
    let form = qabul_core::builtin::community_acceptance();
    let stored = StoredForm {
        id: form.id().to_owned(),
        version: version.to_owned(),
        title: serde_json::to_string(form.title()).expect("a title serializes"),
        definition: definition.to_string(),
        public_key: Some(key.to_string()),
    };
    db.add_form_version(&stored).await?;
    Ok(stored)
}
