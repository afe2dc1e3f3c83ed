//! Who is signed in: sessions held in memory (a restart signs everyone
//! out, which a node restart should), their cookie, their CSRF token, and
//! the brake on repeated failed sign-ins.
//!
//! The cookie carries a random 256-bit id and nothing else; it is
//! `HttpOnly` (no script reads it) and `SameSite=Strict` (no other site's
//! page sends it). Every form carries the session's CSRF token as well, so
//! a page of another origin cannot post on a user's behalf even where
//! `SameSite` is not honoured.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

use crate::core::users::Role;

pub const COOKIE: &str = "dief_session";

/// What the web interface keeps between requests; the API's state holds
/// it too, since the API accepts sessions.
#[derive(Debug, Default)]
pub struct WebState {
    pub sessions: Sessions,
    pub throttle: Throttle,
}

/// A presented CSRF token against the expected one, in constant time.
pub(crate) fn csrf_ok(presented: &str, expected: &str) -> bool {
    !expected.is_empty() && crate::core::users::constant_time_eq(presented.as_bytes(), expected.as_bytes())
}
/// Signed out after this long without a request.
const IDLE: Duration = Duration::from_secs(30 * 60);
/// Signed out after this long whatever happens.
const ABSOLUTE: Duration = Duration::from_secs(12 * 3600);
/// Bounds memory; the oldest session goes first.
const MAX_SESSIONS: usize = 1024;
/// Failures allowed before the brake: a person mistyping is not slowed.
const FREE_FAILURES: u32 = 3;
const MAX_LOCK: Duration = Duration::from_secs(15 * 60);
const MAX_THROTTLED: usize = 10_000;

/// A signed-in user, as the pages see them.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: Arc<str>,
    pub role: Role,
    pub lang: &'static str,
    pub csrf: String,
    started: Instant,
    seen: Instant,
}

#[derive(Debug, Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

pub fn random_token() -> String {
    let mut b = [0u8; 32];
    // SystemRandom fails only without an OS entropy source, where nothing
    // of the node works; an all-zero token would then be refused as stale
    // soon enough but must never be handed out: panic instead.
    SystemRandom::new().fill(&mut b).expect("the operating system's random source");
    hex::encode(b)
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new session for `user`; returns its id (the cookie's value).
    pub fn open(&self, user: &str, role: Role, lang: &'static str) -> String {
        let id = random_token();
        let now = Instant::now();
        let s = Session { user: user.into(), role, lang, csrf: random_token(), started: now, seen: now };
        let mut map = self.lock();
        map.retain(|_, s| live(s, now));
        if map.len() >= MAX_SESSIONS {
            if let Some(oldest) = map.iter().min_by_key(|(_, s)| s.seen).map(|(k, _)| k.clone()) {
                map.remove(&oldest);
            }
        }
        map.insert(id.clone(), s);
        id
    }

    /// The live session named by a request's `Cookie` headers.
    pub fn from_headers(&self, headers: &axum::http::HeaderMap) -> Option<Session> {
        headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(cookie_value)
            .find_map(|id| self.get(id))
    }

    /// The live session with this id, its idle timer restarted.
    pub fn get(&self, id: &str) -> Option<Session> {
        let now = Instant::now();
        let mut map = self.lock();
        let s = map.get_mut(id)?;
        if !live(s, now) {
            map.remove(id);
            return None;
        }
        s.seen = now;
        Some(s.clone())
    }

    pub fn set_lang(&self, id: &str, lang: &'static str) {
        if let Some(s) = self.lock().get_mut(id) {
            s.lang = lang;
        }
    }

    pub fn close(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Signs `user` out everywhere (after a password change, but for the
    /// session `keep`).
    pub fn close_user(&self, user: &str, keep: &str) {
        self.lock().retain(|id, s| &*s.user != user || id == keep);
    }
}

fn live(s: &Session, now: Instant) -> bool {
    now.duration_since(s.seen) < IDLE && now.duration_since(s.started) < ABSOLUTE
}

/// `Set-Cookie` for a session id; an empty id clears the cookie.
pub fn set_cookie(id: &str) -> String {
    if id.is_empty() {
        format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    } else {
        format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict")
    }
}

/// The session id in a `Cookie` header.
pub fn cookie_value(header: &str) -> Option<&str> {
    header.split(';').find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

/// Failed sign-ins per account name and per client address: after
/// [`FREE_FAILURES`], each further attempt waits twice as long as the one
/// before (2 s, 4 s, ... up to 15 minutes). Both keys count, so guessing
/// many names from one address and one name from many addresses are both
/// slowed. A success clears the name's count.
#[derive(Debug, Default)]
pub struct Throttle {
    map: Mutex<HashMap<String, (u32, Instant)>>,
}

fn keys(name: &str, ip: Option<IpAddr>) -> [String; 2] {
    [format!("n:{}", name.trim().to_lowercase()), format!("a:{}", ip.map(|i| i.to_string()).unwrap_or_default())]
}

impl Throttle {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How long this attempt must still wait, if it must.
    pub fn wait(&self, name: &str, ip: Option<IpAddr>) -> Option<Duration> {
        let now = Instant::now();
        let map = self.lock();
        keys(name, ip)
            .iter()
            .filter_map(|k| map.get(k))
            .filter_map(|(_, until)| until.checked_duration_since(now))
            .max()
    }

    pub fn failed(&self, name: &str, ip: Option<IpAddr>) {
        let now = Instant::now();
        let mut map = self.lock();
        if map.len() >= MAX_THROTTLED {
            map.retain(|_, (_, until)| *until > now);
        }
        for k in keys(name, ip) {
            let e = map.entry(k).or_insert((0, now));
            e.0 = e.0.saturating_add(1);
            if e.0 > FREE_FAILURES {
                let shift = (e.0 - FREE_FAILURES).min(10);
                e.1 = now + Duration::from_secs(1 << shift).min(MAX_LOCK);
            }
        }
    }

    pub fn succeeded(&self, name: &str) {
        let [n, _] = keys(name, None);
        self.lock().remove(&n);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn repeated_failures_are_slowed_and_a_success_clears_the_name() {
        let t = Throttle::default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..FREE_FAILURES {
            assert_eq!(t.wait("amina", Some(ip)), None);
            t.failed("amina", Some(ip));
        }
        assert_eq!(t.wait("amina", Some(ip)), None);
        t.failed("amina", Some(ip));
        let w = t.wait("amina", Some(ip)).unwrap();
        assert!(w > Duration::from_secs(1) && w <= Duration::from_secs(2), "{w:?}");
        t.failed("amina", Some(ip));
        assert!(t.wait("AMINA", None).unwrap() > Duration::from_secs(3), "the name counts whatever the address");
        assert!(t.wait("other", Some(ip)).is_some(), "the address counts whatever the name");
        t.succeeded("amina");
        assert_eq!(t.wait("amina", Some("10.0.0.1".parse().unwrap())), None);
    }

    #[test]
    fn sessions_are_found_by_their_id_only_and_close() {
        let s = Sessions::default();
        let id = s.open("amina", Role::Reviewer, "fr");
        assert_eq!(id.len(), 64);
        let got = s.get(&id).unwrap();
        assert_eq!((&*got.user, got.role, got.lang), ("amina", Role::Reviewer, "fr"));
        assert!(s.get(&id[..63]).is_none());
        let other = s.open("amina", Role::Reviewer, "fr");
        s.close_user("amina", &other);
        assert!(s.get(&id).is_none() && s.get(&other).is_some());
        s.close(&other);
        assert!(s.get(&other).is_none());
        assert_eq!(cookie_value(&format!("a=b; {COOKIE}={id}; c=d")), Some(id.as_str()));
    }
}
