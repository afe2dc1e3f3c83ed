//! The people who use one node: accounts, their roles and what each role
//! may do (ToR-7 delegations, ToR-16 operational use), and their passwords
//! (Argon2id). Accounts live in the node's encrypted store; the key is a
//! hash of the name so that a stolen disk shows no user names.
//!
//! Who may do what is decided here and only here ([`Role::may`]); the web
//! interface and the API ask, they do not decide.

use std::fmt;
use std::str::FromStr;

use ring::digest;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::core::records;
use crate::core::store::{Cf, Store, StoreError};

/// Argon2id cost of a stored password: OWASP's first recommended setting
/// (19 MiB, 2 passes, 1 lane), about 40 ms on this project's 2-core
/// reference machine, so a login costs little and a guess costs the same.
const M_COST_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;
/// NIST SP 800-63B asks for at least 8; a node holding law-enforcement
/// information asks for more.
pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_BYTES: usize = 1024;
const MAX_NAME_CHARS: usize = 64;
const KEY_PREFIX: &[u8] = b"u/";

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("user name {0:?}: use 1 to 64 lower-case letters, digits, '.', '_', '-' or '@'")]
    BadName(String),
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("the password is longer than {MAX_PASSWORD_BYTES} bytes")]
    PasswordTooLong,
    #[error("the password must not contain the user name")]
    PasswordHasName,
    #[error("a user named {0:?} already exists")]
    Exists(String),
    #[error("no user named {0:?}")]
    Unknown(String),
    #[error("{0:?} is the last enabled administrator: give another account that role first")]
    LastAdministrator(String),
    #[error("role {0:?}: use administrator, case_officer, liaison, delegate or reviewer")]
    BadRole(String),
    #[error("language {0:?}: use ar, zh, en, fr, ru or es")]
    BadLanguage(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Codec(#[from] dief_protocol::codec::CodecError),
}

impl UserError {
    /// What the person asked was wrong, as opposed to the node failing.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, UserError::Hash(_) | UserError::Store(_) | UserError::Codec(_))
    }
}

/// The six official languages of the United Nations (ToR-23), in the
/// order the interface lists them.
pub const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// Checks a language code against [`LANGUAGES`].
pub fn language(code: &str) -> Result<&'static str, UserError> {
    LANGUAGES.iter().copied().find(|l| *l == code).ok_or_else(|| UserError::BadLanguage(code.into()))
}

/// A role inside one State's delegation (ToR-7) or the Secretariat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts, keys and the roster; may do everything.
    Administrator,
    /// Records, edits and shares the State's cases; takes part in the
    /// procedures on them.
    CaseOfficer,
    /// Law-enforcement liaison: reads cases, asks for and makes
    /// operational use (ToR-16), takes part in the procedures.
    Liaison,
    /// Takes part in meetings: registration, intents, experts, briefings;
    /// on the Secretariat, coordinates the meeting cycle.
    Delegate,
    /// Reads only.
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Administrator, Role::CaseOfficer, Role::Liaison, Role::Delegate, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::CaseOfficer => "case_officer",
            Role::Liaison => "liaison",
            Role::Delegate => "delegate",
            Role::Reviewer => "reviewer",
        }
    }

    /// The one place that says which role may do what.
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Administrator => true,
            Role::CaseOfficer => matches!(action, Read | EditCases | Share | Procedures | Meetings),
            Role::Liaison => matches!(action, Read | Export | Procedures),
            Role::Delegate => matches!(action, Read | Meetings | Coordinate),
            Role::Reviewer => matches!(action, Read),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UserError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UserError::BadRole(s.into()))
    }
}

/// What a request does, as far as permissions go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Look at anything the node holds.
    Read,
    /// Create, edit or withdraw the State's own cases.
    EditCases,
    /// Send a case to other States.
    Share,
    /// Export a received case for operational use (ToR-16).
    Export,
    /// Replies, notices, right of reply, use requests and answers,
    /// challenges, threads.
    Procedures,
    /// Registration, intents, experts, briefings, contact cards.
    Meetings,
    /// The Secretariat's meeting cycle: scheduling, invitations, agenda.
    Coordinate,
    /// Accounts, keys, roster, backups, retries.
    Administer,
}

/// A stored password: Argon2id with its own salt and cost, so the cost can
/// rise later without invalidating earlier accounts.
#[derive(Clone, Serialize, Deserialize)]
struct PasswordHash {
    m_cost_kib: u32,
    t_cost: u32,
    #[serde(with = "serde_bytes")]
    salt: Vec<u8>,
    #[serde(with = "serde_bytes")]
    hash: Vec<u8>,
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

fn argon2(password: &str, salt: &[u8], m_cost_kib: u32, t_cost: u32) -> Result<Zeroizing<Vec<u8>>, UserError> {
    let params =
        argon2::Params::new(m_cost_kib, t_cost, 1, Some(HASH_LEN)).map_err(|e| UserError::Hash(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new(vec![0u8; HASH_LEN]);
    argon.hash_password_into(password.as_bytes(), salt, &mut out).map_err(|e| UserError::Hash(e.to_string()))?;
    Ok(out)
}

impl PasswordHash {
    fn new(password: &str) -> Result<Self, UserError> {
        let mut salt = vec![0u8; SALT_LEN];
        SystemRandom::new().fill(&mut salt).map_err(|_| UserError::Hash("no randomness".into()))?;
        let hash = argon2(password, &salt, M_COST_KIB, T_COST)?;
        Ok(PasswordHash { m_cost_kib: M_COST_KIB, t_cost: T_COST, salt, hash: hash.to_vec() })
    }

    fn matches(&self, password: &str) -> Result<bool, UserError> {
        if password.len() > MAX_PASSWORD_BYTES {
            return Ok(false);
        }
        let computed = argon2(password, &self.salt, self.m_cost_kib, self.t_cost)?;
        Ok(constant_time_eq(&computed, &self.hash))
    }
}

/// One account, as stored (versioned: a later layout adds a migration).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    format: u16,
    pub name: String,
    pub role: Role,
    pub language: String,
    pub created_at: i64,
    pub password_changed_at: i64,
    password: PasswordHash,
    /// When an administrator disabled the account; a disabled account
    /// signs in no more but keeps its name in the audit log, which is why
    /// accounts are disabled rather than removed. Absent in accounts
    /// stored before it existed (read as enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<i64>,
}

const ACCOUNT_FORMAT: u16 = 1;

/// An account without its password hash, for listings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub name: String,
    pub role: Role,
    pub language: String,
    pub created_at: i64,
    pub password_changed_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<i64>,
}

impl From<&Account> for UserView {
    fn from(a: &Account) -> Self {
        UserView {
            name: a.name.clone(),
            role: a.role,
            language: a.language.clone(),
            created_at: a.created_at,
            password_changed_at: a.password_changed_at,
            disabled_at: a.disabled_at,
        }
    }
}

/// Checks a user name and returns it in its stored (lower-case) form.
pub fn normalise_name(name: &str) -> Result<String, UserError> {
    let n = name.trim().to_lowercase();
    let ok = !n.is_empty()
        && n.chars().count() <= MAX_NAME_CHARS
        && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(n)
    } else {
        Err(UserError::BadName(name.into()))
    }
}

/// A new password's rules (NIST SP 800-63B: length, not composition).
pub fn check_password(name: &str, password: &str) -> Result<(), UserError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(UserError::PasswordTooShort);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(UserError::PasswordTooLong);
    }
    if password.to_lowercase().contains(name) {
        return Err(UserError::PasswordHasName);
    }
    Ok(())
}

/// Equality that takes the same time wherever the inputs differ (tokens,
/// password hashes); lengths are not secret.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn key(name: &str) -> Vec<u8> {
    let d = digest::digest(&digest::SHA256, name.as_bytes());
    let mut k = KEY_PREFIX.to_vec();
    k.extend_from_slice(hex::encode(d.as_ref()).as_bytes());
    k
}

/// The accounts of one node, in its store. Hashing is slow on purpose:
/// call these from a blocking context.
#[derive(Clone, Copy, Debug)]
pub struct Users<'a> {
    store: &'a Store,
}

impl<'a> Users<'a> {
    pub fn new(store: &'a Store) -> Self {
        Users { store }
    }

    pub fn get(&self, name: &str) -> Result<Option<Account>, UserError> {
        let Ok(name) = normalise_name(name) else { return Ok(None) };
        match self.store.get(Cf::Meta, &key(&name))? {
            Some(bytes) => Ok(Some(records::decode("account", &bytes)?)),
            None => Ok(None),
        }
    }

    pub fn list(&self) -> Result<Vec<UserView>, UserError> {
        let mut out = Vec::new();
        for (_, v) in self.store.scan_prefix(Cf::Meta, KEY_PREFIX)? {
            let a: Account = records::decode("account", &v)?;
            out.push(UserView::from(&a));
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    pub fn add(&self, name: &str, role: Role, password: &str, lang: &str, now: i64) -> Result<UserView, UserError> {
        let name = normalise_name(name)?;
        check_password(&name, password)?;
        let language = language(lang)?.to_string();
        if self.store.get(Cf::Meta, &key(&name))?.is_some() {
            return Err(UserError::Exists(name));
        }
        let account = Account {
            format: ACCOUNT_FORMAT,
            name,
            role,
            language,
            created_at: now,
            password_changed_at: now,
            password: PasswordHash::new(password)?,
            disabled_at: None,
        };
        self.put(&account)?;
        Ok(UserView::from(&account))
    }

    /// The account if `password` is its password. An unknown name costs
    /// the same hashing as a known one, so timing does not tell which
    /// names exist.
    pub fn verify(&self, name: &str, password: &str) -> Result<Option<Account>, UserError> {
        match self.get(name)? {
            // A disabled account is hashed like any other, so its refusal
            // takes the same time and does not tell it apart.
            Some(a) => Ok((a.password.matches(password)? && a.disabled_at.is_none()).then_some(a)),
            None => {
                argon2(password, &[0u8; SALT_LEN], M_COST_KIB, T_COST)?;
                Ok(None)
            }
        }
    }

    pub fn set_password(&self, name: &str, password: &str, now: i64) -> Result<(), UserError> {
        let mut a = self.get(name)?.ok_or_else(|| UserError::Unknown(name.into()))?;
        check_password(&a.name, password)?;
        a.password = PasswordHash::new(password)?;
        a.password_changed_at = now;
        self.put(&a)
    }

    pub fn set_language(&self, name: &str, lang: &str) -> Result<(), UserError> {
        let mut a = self.get(name)?.ok_or_else(|| UserError::Unknown(name.into()))?;
        a.language = language(lang)?.to_string();
        self.put(&a)
    }

    /// Gives `name` another role; the node keeps at least one enabled
    /// administrator, or nobody could manage its accounts from the interface.
    pub fn set_role(&self, name: &str, role: Role) -> Result<(), UserError> {
        let mut a = self.get(name)?.ok_or_else(|| UserError::Unknown(name.into()))?;
        if role != Role::Administrator {
            self.keep_an_administrator(&a.name)?;
        }
        a.role = role;
        self.put(&a)
    }

    /// Disables (`Some(now)`) or enables (`None`) an account.
    pub fn set_disabled(&self, name: &str, disabled_at: Option<i64>) -> Result<(), UserError> {
        let mut a = self.get(name)?.ok_or_else(|| UserError::Unknown(name.into()))?;
        if disabled_at.is_some() {
            self.keep_an_administrator(&a.name)?;
        }
        if a.disabled_at.is_some() != disabled_at.is_some() {
            a.disabled_at = disabled_at;
            self.put(&a)?;
        }
        Ok(())
    }

    /// Refuses a change that would leave no enabled administrator but `name`.
    fn keep_an_administrator(&self, name: &str) -> Result<(), UserError> {
        let others = self
            .list()?
            .into_iter()
            .any(|u| u.name != name && u.role == Role::Administrator && u.disabled_at.is_none());
        let is_admin = self.get(name)?.is_some_and(|a| a.role == Role::Administrator && a.disabled_at.is_none());
        if is_admin && !others {
            return Err(UserError::LastAdministrator(name.into()));
        }
        Ok(())
    }

    fn put(&self, a: &Account) -> Result<(), UserError> {
        Ok(self.store.put_sync(Cf::Meta, &key(&a.name), &records::encode("account", a)?)?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::core::store::temp_store;

    #[test]
    fn a_password_opens_only_its_own_account() {
        let (_d, store) = temp_store();
        let users = Users::new(&store);
        users.add("Amina.K", Role::CaseOfficer, "correct horse battery", "fr", 1).unwrap();
        let a = users.verify("amina.k", "correct horse battery").unwrap().unwrap();
        assert_eq!((a.name.as_str(), a.role, a.language.as_str()), ("amina.k", Role::CaseOfficer, "fr"));
        assert!(users.verify("amina.k", "correct horse batterY").unwrap().is_none());
        assert!(users.verify("nobody", "correct horse battery").unwrap().is_none());
        assert!(matches!(users.add("amina.k", Role::Reviewer, "another long one", "en", 2), Err(UserError::Exists(_))));
        users.set_password("amina.k", "a new long password", 3).unwrap();
        assert!(users.verify("amina.k", "correct horse battery").unwrap().is_none());
        assert!(users.verify("amina.k", "a new long password").unwrap().is_some());
    }

    #[test]
    fn weak_names_passwords_and_languages_are_refused_by_name() {
        let (_d, store) = temp_store();
        let users = Users::new(&store);
        assert!(matches!(users.add("a b", Role::Reviewer, "long enough pass", "en", 1), Err(UserError::BadName(_))));
        assert!(matches!(users.add("bob", Role::Reviewer, "short", "en", 1), Err(UserError::PasswordTooShort)));
        assert!(matches!(
            users.add("bob", Role::Reviewer, "bob-is-my-password", "en", 1),
            Err(UserError::PasswordHasName)
        ));
        assert!(matches!(
            users.add("bob", Role::Reviewer, "long enough pass", "de", 1),
            Err(UserError::BadLanguage(_))
        ));
        assert!(users.list().unwrap().is_empty());
    }

    #[test]
    fn a_disabled_account_signs_in_no_more_and_the_last_administrator_stays() {
        let (_d, store) = temp_store();
        let users = Users::new(&store);
        users.add("root", Role::Administrator, "the chief password", "en", 1).unwrap();
        users.add("amina", Role::CaseOfficer, "her long password", "ar", 1).unwrap();
        users.set_disabled("amina", Some(5)).unwrap();
        assert!(users.verify("amina", "her long password").unwrap().is_none());
        assert_eq!(users.get("amina").unwrap().unwrap().disabled_at, Some(5));
        users.set_disabled("amina", None).unwrap();
        assert!(users.verify("amina", "her long password").unwrap().is_some());
        // The only administrator can be neither disabled nor demoted...
        assert!(matches!(users.set_disabled("root", Some(6)), Err(UserError::LastAdministrator(_))));
        assert!(matches!(users.set_role("root", Role::Reviewer), Err(UserError::LastAdministrator(_))));
        // ...until another one is enabled.
        users.set_role("amina", Role::Administrator).unwrap();
        users.set_disabled("amina", Some(7)).unwrap();
        assert!(matches!(users.set_role("root", Role::Delegate), Err(UserError::LastAdministrator(_))));
        users.set_disabled("amina", None).unwrap();
        users.set_role("root", Role::Delegate).unwrap();
        assert_eq!(users.get("root").unwrap().unwrap().role, Role::Delegate);
        assert!(matches!(users.set_disabled("nobody", Some(1)), Err(UserError::Unknown(_))));
    }

    #[test]
    fn the_store_holds_no_name_nor_password_in_clear() {
        let (dir, store) = temp_store();
        Users::new(&store).add("very.unusual.name", Role::Reviewer, "canary-password-xyz", "en", 1).unwrap();
        store.flush().unwrap();
        drop(store);
        for entry in walk(dir.path()) {
            let bytes = std::fs::read(&entry).unwrap();
            for canary in [&b"very.unusual.name"[..], b"canary-password-xyz"] {
                assert!(
                    !bytes.windows(canary.len()).any(|w| w == canary),
                    "{} in {}",
                    String::from_utf8_lossy(canary),
                    entry.display()
                );
            }
        }
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn only_the_roles_that_may_share_or_export_can() {
        let sharers: Vec<_> = Role::ALL.into_iter().filter(|r| r.may(Action::Share)).collect();
        assert_eq!(sharers, [Role::Administrator, Role::CaseOfficer]);
        let exporters: Vec<_> = Role::ALL.into_iter().filter(|r| r.may(Action::Export)).collect();
        assert_eq!(exporters, [Role::Administrator, Role::Liaison]);
        assert!(Role::ALL.into_iter().all(|r| r.may(Action::Read)));
        assert!(!Role::Reviewer.may(Action::Procedures) && !Role::Reviewer.may(Action::Meetings));
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
    }
}
