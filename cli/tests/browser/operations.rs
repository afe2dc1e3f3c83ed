//! Node operations in a real browser (issue 12): FRA's administrator
//! writes a backup through `/admin/operations` (a relative path refused in
//! words), rotates FRA's keys until the roster lists the new signing key,
//! and reads FRA's join request; a reviewer is refused (403) on the page
//! and its posts; a State is shown none of the Secretariat's forms and
//! its posts to their routes are refused; the Secretariat's administrator
//! sets the wire version to the current one and sees it; in Arabic the
//! page is right-to-left with no English word of the catalogs left.

use std::time::{Duration, Instant};

use crate::common::fed::Fed;
use crate::common::webdriver::{Driver, Session};
use crate::support::{self, add_user, base, cookie, csrf, english_words, form_status as status, visible_text as text};

/// Signs in; the nodes share 127.0.0.1, so the browser keeps one session
/// cookie for all of them and signing in elsewhere replaces it.
fn sign_in(s: &Session, base: &str, name: &str) {
    s.delete_cookie("dief_session");
    support::sign_in(s, base, name);
    assert!(s.url().ends_with('/'), "{name} signed in lands on the home page, not {}", s.url());
}

/// The signing key the roster `node` holds lists for `state`.
fn listed_key(fed: &Fed, node: &str, state: &str) -> String {
    let roster = fed.json(node, &["roster", "show"]);
    let member = roster["members"].as_array().unwrap().iter().find(|m| m["state"] == state).unwrap().clone();
    member["signing_key"].as_str().unwrap().to_string()
}

/// The Secretariat's forms, none of which a State's page may show.
const SECRETARIAT_FORMS: [&str; 5] =
    ["form.wire-version", "form.rotation", "form.recover", "form.rotate-roster-key", "form.publish"];

#[test]
fn an_administrator_backs_up_and_rotates_keys_and_the_secretariat_sets_the_wire_version() {
    let started = Instant::now();
    let fed = Fed::federation();
    add_user(&fed, "fra", "ada", "administrator", "en");
    add_user(&fed, "fra", "rita", "reviewer", "en");
    add_user(&fed, "sec", "sam", "administrator", "en");
    add_user(&fed, "sec", "samira", "administrator", "ar");
    let (fra, sec) = (base(&fed, "fra"), base(&fed, "sec"));
    let ops = |b: &str| format!("{b}/admin/operations");
    let driver = Driver::start();
    let s = driver.session();

    // FRA's administrator: the way in, the join request, no Secretariat forms.
    sign_in(&s, &fra, "ada");
    s.goto(&format!("{fra}/admin"));
    assert!(s.exists("a[href='/admin/operations']"), "administration links to the operations");
    s.goto(&ops(&fra));
    let join = s.find("#join-text").text();
    assert!(join.contains("BEGIN DIEF JOIN REQUEST") && join.contains("END DIEF JOIN REQUEST"), "{join}");
    for form in SECRETARIAT_FORMS {
        assert!(!s.exists(form), "{form} is not on a State's page");
    }

    // A backup: a relative path refused in words, then written.
    s.fill("#backup-path", "fra.backup");
    s.submit_form("form.backup button.primary");
    let refusal = s.find("div.error").text();
    assert!(refusal.contains("fra.backup") && refusal.contains("relative"), "{refusal}");
    let out = fed.dir("fra-web.backup");
    s.goto(&ops(&fra));
    s.fill("#backup-path", out.to_str().unwrap());
    s.submit_form("form.backup button.primary");
    assert_eq!(s.find("#backup-file").text(), out.display().to_string());
    let size = std::fs::metadata(&out).expect("the backup file").len();
    assert!(size > 0 && s.find("#backup-size").text().contains("bytes"), "{}", text(&s));

    // FRA's keys, rotated: the statement to carry, then the roster lists them.
    let old_key = listed_key(&fed, "fra", "FRA");
    s.goto(&ops(&fra));
    s.find("form.rotate-keys input[name=confirmed]").click();
    s.submit_form("form.rotate-keys button.primary");
    let new_key = s.find("#new-signing-key").text();
    assert!(!new_key.is_empty() && new_key != old_key, "a new signing key: {}", text(&s));
    assert!(s.find("#statement-text").text().contains("BEGIN DIEF KEY ROTATION"));
    assert!(
        fed.wait(Duration::from_secs(30), || listed_key(&fed, "fra", "FRA") == new_key),
        "FRA's roster lists FRA's new signing key {new_key}"
    );

    // A State's posts to the Secretariat's routes are refused.
    s.goto(&ops(&fra));
    let (c, token) = (cookie(&s), csrf(&s));
    let addr = &fed.apis["fra"];
    assert_eq!(status(addr, "POST", "/admin/operations/wire-version", &c, &format!("csrf={token}&version=1")), 403);
    assert_eq!(status(addr, "POST", "/admin/operations/publish", &c, &format!("csrf={token}&text=x")), 403);

    // A reviewer: refused on the page and its posts.
    sign_in(&s, &fra, "rita");
    let (c, token) = (cookie(&s), csrf(&s));
    assert_eq!(status(addr, "GET", "/admin/operations", &c, ""), 403);
    let backup = format!("csrf={token}&path=/tmp/never.backup");
    assert_eq!(status(addr, "POST", "/admin/operations/backup", &c, &backup), 403);
    let rotate = format!("csrf={token}&confirmed=yes");
    assert_eq!(status(addr, "POST", "/admin/operations/rotate-keys", &c, &rotate), 403);

    // The Secretariat: its forms, the wire version set to the current one.
    sign_in(&s, &sec, "sam");
    s.goto(&ops(&sec));
    for form in ["form.wire-version", "form.rotation", "form.recover", "form.rotate-roster-key"] {
        assert!(s.exists(form), "{form} on the Secretariat's page");
    }
    assert!(!s.exists("#join-text") && !s.exists("form.publish"), "no join request, and the roster key is here");
    let current = fed.json("sec", &["roster", "show"])["wire_version"].as_u64().unwrap().to_string();
    assert_eq!(s.find("#wire-version").text(), current);
    let sequence = fed.json("sec", &["roster", "show"])["sequence"].as_u64().unwrap();
    s.fill("#wire-input", &current);
    s.submit_form("form.wire-version button");
    assert!(s.url().ends_with("done=published"), "{}", s.url());
    assert_eq!(s.find("#wire-version").text(), current);
    let roster = fed.json("sec", &["roster", "show"]);
    assert_eq!(roster["wire_version"].as_u64().unwrap().to_string(), current);
    assert!(roster["sequence"].as_u64().unwrap() > sequence, "a new roster was published: {roster}");

    // In Arabic: right to left, and no English word of the catalogs.
    sign_in(&s, &sec, "samira");
    s.goto(&ops(&sec));
    assert_eq!(s.find("html").attr("dir").as_deref(), Some("rtl"));
    let english = english_words("ar");
    let left: Vec<&String> = english.iter().filter(|w| text(&s).contains(w.as_str())).collect();
    assert!(left.is_empty(), "English words on the Arabic operations page: {left:?}\n{}", text(&s));
    if let Some(dir) = std::env::var_os("DIEF_SCREENSHOTS") {
        s.screenshot(std::path::Path::new(&dir).join("operations-secretariat-ar.png"));
    }
    eprintln!("browser_operations: {:?}", started.elapsed());
}
