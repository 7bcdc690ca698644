//! The forms this phone can fill. Before enrolment that is the built-in survey, compiled into
//! the app for practice interviews; once enrolled, the versions the server gave, some of them
//! carrying the public key their interviews are sealed to.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use indexed_db_futures::database::Database;
use qabul_core::builtin;
use qabul_core::load::Form;
use qabul_core::protocol::FormEntry;

use crate::sealer::{self, Sealer};
use crate::storage::outbox::SealTo;
use crate::storage::{StorageError, device};

/// A form version the server gave this phone, and whether this phone can run it.
#[derive(Debug, Clone)]
struct Given {
    id: String,
    version: String,
    /// The key's text as the server gave it.
    public_key: Option<String>,
    usable: Result<Usable, Unusable>,
}

impl Given {
    /// Whether this is `entry` as read before, and need not be read again: the server never
    /// changes a version it gave. A version left unusable for want of the encryption module
    /// is read again, as the module may load now.
    fn is_read(&self, entry: &FormEntry) -> bool {
        self.id == entry.id
            && self.version == entry.version
            && self.public_key == entry.public_key
            && self.usable.as_ref().err() != Some(&Unusable::EncryptionMissing)
    }
}

#[derive(Debug, Clone)]
struct Usable {
    form: Arc<Form>,
    /// The text of the key its interviews are sealed to, checked by the encryption module.
    public_key: Option<String>,
}

/// Why this phone cannot run a version the server gave. New interviews wait for the newest
/// version rather than run an older one, which might not be encrypted when the newest is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    /// Its definition or its key does not read on this phone (a newer app may be needed).
    #[error("the newest version of the form does not read on this phone")]
    Unreadable,
    /// It is encrypted, and the encryption module is not on this phone and cannot be
    /// fetched now.
    #[error("the newest version of the form is encrypted, and the encryption module does not load")]
    EncryptionMissing,
}

thread_local! {
    static BUILTIN: Arc<Form> = Arc::new(load_builtin());
    /// In the server's order: by form, then oldest version first.
    static GIVEN: RefCell<Vec<Given>> = const { RefCell::new(Vec::new()) };
    /// How many calls of [`load`] and [`remember`] have begun.
    static REMEMBER_CALLS: Cell<u64> = const { Cell::new(0) };
    /// The number of the call whose list [`GIVEN`] holds.
    static REMEMBERED: Cell<u64> = const { Cell::new(0) };
}

/// The built-in form, read with the browser's JSON parser (see [`crate::json`]). The file is
/// checked by the core crate's tests, and the browser tests load it through here.
fn load_builtin() -> Form {
    crate::json::parse(builtin::COMMUNITY_ACCEPTANCE_JSON)
        .and_then(|definition| Form::from_definition(definition).ok())
        .expect("the built-in community acceptance form is valid (checked by tests)")
}

/// The built-in community acceptance survey.
pub fn builtin() -> Arc<Form> {
    BUILTIN.with(Arc::clone)
}

/// Reads the forms saved at enrolment into memory, so that [`find`] and [`public_key`] know
/// them. A version that does not load, or whose key does not read, is kept as unusable: its
/// drafts cannot be opened, and an interview of an encrypted form is never finalized without
/// its key.
pub async fn load(db: &Database) -> Result<(), StorageError> {
    // Counted before the read: a list saved after it (by a refresh) is the newer one.
    let call = begin_remembering();
    keep(call, &device::forms(db).await?).await;
    Ok(())
}

/// Counts a call of [`load`] or [`remember`], to know the latest.
fn begin_remembering() -> u64 {
    REMEMBER_CALLS.with(|calls| {
        calls.set(calls.get() + 1);
        calls.get()
    })
}

/// Keeps `entries` in memory (see [`load`]); versions already read are kept as they were,
/// rather than loaded again each time an interview opens. With an encrypted form among them,
/// the encryption module is loaded to check its key (and so kept for offline use); a module
/// that does not load leaves the encrypted versions unusable, never usable in the clear.
pub async fn remember(entries: &[FormEntry]) {
    keep(begin_remembering(), entries).await;
}

/// [`remember`] for call number `call`. A call that waits for the encryption module can
/// finish after a later call with a newer list (a refresh during the download), and must not
/// put its older list back.
async fn keep(call: u64, entries: &[FormEntry]) {
    let known = GIVEN.with(|g| g.borrow().clone());
    let read_before = |entry: &FormEntry| known.iter().find(|given| given.is_read(entry)).cloned();
    let sealer = if entries
        .iter()
        .any(|entry| entry.public_key.is_some() && read_before(entry).is_none())
    {
        sealer::load()
            .await
            .inspect_err(|error| leptos::logging::error!("{error}"))
            .ok()
    } else {
        None
    };
    let given: Vec<Given> = entries
        .iter()
        .map(|entry| {
            read_before(entry).unwrap_or_else(|| Given {
                id: entry.id.clone(),
                version: entry.version.clone(),
                public_key: entry.public_key.clone(),
                usable: usable(entry, sealer.as_ref()),
            })
        })
        .collect();
    if REMEMBERED.with(Cell::get) < call {
        REMEMBERED.with(|remembered| remembered.set(call));
        GIVEN.with(|g| *g.borrow_mut() = given);
    }
}

fn usable(entry: &FormEntry, sealer: Option<&Sealer>) -> Result<Usable, Unusable> {
    let public_key = match (entry.public_key.as_deref(), sealer) {
        (None, _) => None,
        (Some(_), None) => return Err(Unusable::EncryptionMissing),
        (Some(key), Some(sealer)) => match sealer.check_public_key(key) {
            Ok(()) => Some(key.to_owned()),
            Err(error) => {
                leptos::logging::error!(
                    "form {} {}: its key does not read: {error}",
                    entry.id,
                    entry.version
                );
                return Err(Unusable::Unreadable);
            }
        },
    };
    // Through the browser's parser, as the built-in form is read: a second way of reading a
    // form would be a second copy of that code in the module.
    let definition =
        crate::json::parse(&entry.definition.to_string()).ok_or(Unusable::Unreadable)?;
    let form = Form::from_definition(definition).map_err(|_| Unusable::Unreadable)?;
    Ok(Usable {
        form: Arc::new(form),
        public_key,
    })
}

/// The form a new interview of an enrolled phone runs: the newest version of the built-in
/// survey the server gave, or the built-in one if it gave none.
pub fn for_new_interview() -> Result<Arc<Form>, Unusable> {
    GIVEN.with(|g| {
        match g
            .borrow()
            .iter()
            .rev()
            .find(|given| given.id == builtin::COMMUNITY_ACCEPTANCE_ID)
        {
            None => Ok(builtin()),
            Some(Given { usable, .. }) => usable
                .as_ref()
                .map(|usable| Arc::clone(&usable.form))
                .map_err(|reason| *reason),
        }
    })
}

/// A usable version the server gave.
fn given(id: &str, version: &str) -> Option<Usable> {
    GIVEN.with(|g| {
        g.borrow()
            .iter()
            .filter_map(|given| given.usable.as_ref().ok())
            .find(|usable| usable.form.id() == id && usable.form.version() == version)
            .cloned()
    })
}

/// The form a draft names, if this phone has it.
pub fn find(id: &str, version: &str) -> Option<Arc<Form>> {
    let form = builtin();
    if form.id() == id && form.version() == version {
        return Some(form);
    }
    given(id, version).map(|usable| usable.form)
}

/// Why this phone cannot run a version the server gave, if it gave it and cannot.
pub fn unusable(id: &str, version: &str) -> Option<Unusable> {
    GIVEN.with(|g| {
        g.borrow()
            .iter()
            .find(|given| given.id == id && given.version == version)
            .and_then(|given| given.usable.as_ref().err().copied())
    })
}

/// The key interviews of this form version are sealed to, if it is encrypted.
pub fn public_key(id: &str, version: &str) -> Option<String> {
    given(id, version).and_then(|usable| usable.public_key)
}

/// What finalizing an interview of this form version seals to: `None` for a plain form, the
/// key and fresh random bytes for an encrypted one. An error, never a plain outbox entry, if
/// the browser gives no secure random numbers or the encryption module does not load.
pub async fn seal_to(id: &str, version: &str) -> Result<Option<SealTo>, StorageError> {
    match unusable(id, version) {
        None => {}
        Some(Unusable::EncryptionMissing) => {
            return Err(StorageError::EncryptionMissing(format!(
                "form {id} {version}"
            )));
        }
        Some(Unusable::Unreadable) => {
            return Err(StorageError::Seal(format!(
                "form {id} {version} does not read on this phone"
            )));
        }
    }
    let Some(key) = public_key(id, version) else {
        return Ok(None);
    };
    let ephemeral = crate::clock::key_bytes()?;
    Ok(Some(SealTo {
        key,
        ephemeral,
        sealer: sealer::load().await?,
    }))
}
