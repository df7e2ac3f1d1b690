//! `wallet.keys`: the wallet's random database key, wrapped twice — by a key derived
//! from the passphrase, and by one derived from the recovery code.
//!
//! The database key is never derived from anything typed (Signal's design): changing
//! the passphrase re-wraps 32 bytes instead of re-encrypting the database, and the
//! recovery code can unlock it on its own. Each wrap is AES-256-GCM under an Argon2id
//! key (RFC 9106), with the slot's name as associated data so wraps cannot be swapped.
//! A wrong secret fails authentication; nothing is written on the way.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::StoreError;

/// The database key: 256 random bits.
pub(crate) type DbKey = Zeroizing<[u8; 32]>;

/// Argon2id cost. 64 MiB and 3 passes (RFC 9106's second recommended option) take
/// about 150 ms here: slow for guessing, quick for a learner unlocking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    /// Below this a stored file is refused: someone lowered the cost to guess faster.
    const MINIMUM: KdfParams = KdfParams {
        m_kib: 19 * 1024,
        t: 2,
        p: 1,
    };
    /// Above this a stored file is refused: it would exhaust memory or time to open.
    const MAXIMUM_M_KIB: u32 = 4 * 1024 * 1024;
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slot {
    salt: String,
    nonce: String,
    wrapped_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    format: String,
    version: u32,
    kdf: KdfParams,
    passphrase: Slot,
    recovery: Slot,
    /// "Remember on this device" (`store::device`): the key wrapped under a random
    /// secret kept in the OS keychain under `id`. Absent unless the learner asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device: Option<DeviceSlot>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DeviceSlot {
    id: String,
    #[serde(flatten)]
    slot: Slot,
}

const FORMAT: &str = "cairn-wallet-keys";
/// A key file is a few hundred bytes; anything much larger is not one.
pub(crate) const MAX_BYTES: usize = 64 * 1024;
const VERSION: u32 = 1;

#[derive(Clone, Copy)]
pub(crate) enum Which {
    Passphrase,
    Recovery,
    Device,
}

impl Which {
    fn aad(self) -> &'static [u8] {
        match self {
            Which::Passphrase => b"cairn-wallet-keys/1/passphrase",
            Which::Recovery => b"cairn-wallet-keys/1/recovery",
            Which::Device => b"cairn-wallet-keys/1/device",
        }
    }
}

pub(crate) fn random_key() -> Result<DbKey, StoreError> {
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::fill(key.as_mut()).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(key)
}

fn derive(secret: &[u8], salt: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    let params = argon2::Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32))
        .map_err(|e| StoreError::Corrupt(format!("key derivation settings: {e}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(secret, salt, out.as_mut())
        .map_err(|e| StoreError::Corrupt(format!("key derivation: {e}")))?;
    Ok(out)
}

fn wrap(key: &DbKey, secret: &[u8], which: Which, kdf: KdfParams) -> Result<Slot, StoreError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Random(e.to_string()))?;
    getrandom::fill(&mut nonce).map_err(|e| StoreError::Random(e.to_string()))?;
    let kek = derive(secret, &salt, kdf)?;
    let cipher =
        Aes256Gcm::new_from_slice(kek.as_ref()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let wrapped = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: key.as_ref(),
                aad: which.aad(),
            },
        )
        .map_err(|_| StoreError::Corrupt("could not wrap the key".into()))?;
    Ok(Slot {
        salt: B64.encode(salt),
        nonce: B64.encode(nonce),
        wrapped_key: B64.encode(wrapped),
    })
}

impl KeyFile {
    pub(crate) fn new(
        key: &DbKey,
        passphrase: &[u8],
        recovery: &[u8],
        kdf: KdfParams,
    ) -> Result<Self, StoreError> {
        Ok(KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            kdf,
            passphrase: wrap(key, passphrase, Which::Passphrase, kdf)?,
            recovery: wrap(key, recovery, Which::Recovery, kdf)?,
            device: None,
        })
    }

    /// Reads and sanity-checks a key file; a damaged or tampered one is `Corrupt`.
    pub(crate) fn read(path: &Path) -> Result<Self, StoreError> {
        let bytes = std::fs::read(path).map_err(|e| StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Self::from_bytes(&bytes)
    }

    /// Parses and sanity-checks key-file bytes (from `wallet.keys` or a backup).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, StoreError> {
        if bytes.len() > MAX_BYTES {
            return Err(StoreError::Corrupt("the key file is too large".into()));
        }
        let file: KeyFile = serde_json::from_slice(bytes)
            .map_err(|e| StoreError::Corrupt(format!("the key file is unreadable: {e}")))?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(StoreError::Corrupt(format!(
                "the key file is {} version {}, which this Cairn does not read",
                file.format, file.version
            )));
        }
        let k = file.kdf;
        if k.m_kib < KdfParams::MINIMUM.m_kib
            || k.t < KdfParams::MINIMUM.t
            || k.p < 1
            || k.m_kib > KdfParams::MAXIMUM_M_KIB
            || k.t > 64
            || k.p > 16
        {
            return Err(StoreError::Corrupt(
                "the key file's key-derivation settings are out of range".into(),
            ));
        }
        Ok(file)
    }

    /// Writes the file atomically: a crash leaves the old file or the new one, never half.
    pub(crate) fn write(&self, path: &Path) -> Result<(), StoreError> {
        super::atomic_write(path, &self.to_bytes()?)
    }

    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>, StoreError> {
        serde_json::to_vec_pretty(self).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    pub(crate) fn unwrap_key(&self, secret: &[u8], which: Which) -> Result<DbKey, StoreError> {
        let slot = match which {
            Which::Passphrase => &self.passphrase,
            Which::Recovery => &self.recovery,
            Which::Device => match &self.device {
                Some(device) => &device.slot,
                None => return Err(StoreError::NotRemembered),
            },
        };
        let decode = |s: &str| {
            B64.decode(s)
                .map_err(|_| StoreError::Corrupt("the key file is damaged".into()))
        };
        let salt = decode(&slot.salt)?;
        let nonce = decode(&slot.nonce)?;
        let wrapped = decode(&slot.wrapped_key)?;
        if nonce.len() != 12 {
            return Err(StoreError::Corrupt("the key file is damaged".into()));
        }
        let kek = derive(secret, &salt, self.kdf)?;
        let cipher = Aes256Gcm::new_from_slice(kek.as_ref())
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    Nonce::from_slice(&nonce),
                    Payload {
                        msg: &wrapped,
                        aad: which.aad(),
                    },
                )
                .map_err(|_| match which {
                    Which::Passphrase => StoreError::WrongPassphrase,
                    Which::Recovery => StoreError::WrongRecoveryCode,
                    Which::Device => StoreError::NotRemembered,
                })?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if plain.len() != 32 {
            return Err(StoreError::Corrupt(
                "the wrapped key has the wrong length".into(),
            ));
        }
        key.copy_from_slice(&plain);
        Ok(key)
    }

    /// Re-wraps the same database key under a new passphrase (the recovery wrap stays).
    pub(crate) fn rewrap_passphrase(
        &self,
        key: &DbKey,
        passphrase: &[u8],
    ) -> Result<KeyFile, StoreError> {
        let mut next = self.clone();
        next.passphrase = wrap(key, passphrase, Which::Passphrase, self.kdf)?;
        Ok(next)
    }

    /// The keychain account of the device slot, when this wallet is remembered here.
    pub(crate) fn device_id(&self) -> Option<&str> {
        self.device.as_ref().map(|d| d.id.as_str())
    }

    /// The same key wrapped under a device secret kept in the keychain under `id`
    /// (replacing any earlier device slot).
    pub(crate) fn with_device(
        &self,
        key: &DbKey,
        id: String,
        secret: &[u8],
    ) -> Result<KeyFile, StoreError> {
        let mut next = self.clone();
        next.device = Some(DeviceSlot {
            id,
            slot: wrap(key, secret, Which::Device, self.kdf)?,
        });
        Ok(next)
    }

    pub(crate) fn without_device(&self) -> KeyFile {
        let mut next = self.clone();
        next.device = None;
        next
    }
}
