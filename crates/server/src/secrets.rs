//! Tokens, enrolment codes and device ids: drawn from the operating system's randomness,
//! stored only as SHA-256 hashes.

use rand::RngCore as _;

/// A device token: 256 random bits as 64 lowercase hex digits.
pub fn new_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    qabul_core::protocol::to_hex(&bytes)
}

/// Whether `text` has the shape of a token, so that junk never reaches the database.
pub fn is_token(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A one-time enrolment code (100 random bits, typeable).
pub fn new_enrollment_code() -> String {
    let mut bytes = [0_u8; 13];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    qabul_core::protocol::enrollment_code(bytes)
}

/// A device id: a UUID v7, so that devices sort by when they enrolled.
pub fn new_device_id() -> String {
    let mut random = [0_u8; 10];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let now = u64::try_from(crate::now().unix_ms()).unwrap_or(0);
    qabul_core::protocol::uuid_v7(now, random)
}

/// What the database keeps instead of a token or code. Both carry at least 100 random
/// bits, so a plain SHA-256 (no salt, no stretching) cannot be reversed by guessing.
pub fn hash(secret: &str) -> String {
    qabul_core::protocol::sha256_hex(secret.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert!(is_token(&a) && is_token(&b));
        assert_ne!(a, b);
        assert!(!is_token("short"));
        assert!(!is_token(&a.to_uppercase()));
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
    }

    #[test]
    fn codes_normalize_to_themselves() {
        let code = new_enrollment_code();
        assert_eq!(
            qabul_core::protocol::normalize_enrollment_code(&code).as_deref(),
            Some(code.as_str())
        );
        assert!(qabul_core::protocol::is_uuid(&new_device_id()));
    }
}
