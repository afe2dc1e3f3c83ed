//! The administration pages in a real browser (issue 12): an administrator
//! on FRA sees the roster and this node's keys, reads the audit log naming
//! the officer who recorded a case, and publishes a contact card that GHA's
//! directory then lists; a reviewer gets no administration and is refused
//! (403); the Secretariat's administrator sees the roster administration.

use std::time::Instant;

use crate::common::fed::Fed;
use crate::common::webdriver::{Driver, Session};
use crate::support::{
    self, add_user, base, cookie, csrf, english_words, form_status as status, visible_text as text, WAIT,
};

/// Signs in; the nodes share 127.0.0.1, so the browser keeps one session
/// cookie for all of them and signing in elsewhere replaces it.
fn sign_in(s: &Session, base: &str, name: &str) {
    s.delete_cookie("dief_session");
    support::sign_in(s, base, name);
    assert!(s.url().ends_with('/'), "{name} signed in lands on the home page, not {}", s.url());
}

/// An officer records a case on FRA; FRA's administrator sees the roster
/// (FRA and GHA with their keys) and this node's signing key, an audit log
/// naming the officer and verified intact, and publishes a contact card
/// that reaches GHA's directory through the Secretariat. A reviewer sees
/// no administration, no publishing form, and is refused (403) on
/// `/admin`, `/audit` and their posts. The Secretariat's administrator
/// sees the admit, remove and Chair forms (and removes nobody).
#[test]
fn an_administrator_sees_roster_keys_and_audit_and_publishes_a_contact_card() {
    let started = Instant::now();
    let fed = Fed::federation();
    add_user(&fed, "fra", "ada", "administrator", "en");
    add_user(&fed, "fra", "amina", "case_officer", "en");
    add_user(&fed, "fra", "rita", "reviewer", "en");
    add_user(&fed, "gha", "kwame", "reviewer", "en");
    add_user(&fed, "sec", "sam", "administrator", "ar");
    let (fra, gha, sec) = (base(&fed, "fra"), base(&fed, "gha"), base(&fed, "sec"));
    let roster = fed.json("fra", &["roster", "show"]);
    let key_of = |state: &str| {
        roster["members"].as_array().unwrap().iter().find(|m| m["state"] == state).unwrap()["signing_key"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let driver = Driver::start();
    let s = driver.session();

    // An officer records a case, so that the log names her.
    sign_in(&s, &fra, "amina");
    s.goto(&format!("{fra}/cases/new"));
    s.fill("#title", "Pistols found at the border");
    s.submit_form("form[action='/cases/new'] button.primary");
    let case = s.url().rsplit('/').next().unwrap().to_string();
    assert!(case.starts_with("FRA-"), "the new case's page, not {}", s.url());

    // The administrator: roster, keys, no roster administration on a State.
    sign_in(&s, &fra, "ada");
    assert!(s.exists("nav a[href='/admin']"), "administrators are shown the way in");
    s.goto(&format!("{fra}/admin"));
    for state in ["FRA", "GHA"] {
        let row = s.find(&format!("#members tr[data-state={state}]"));
        assert!(row.text().contains(&key_of(state)), "{state}'s signing key on its row: {}", row.text());
    }
    assert!(s.find("#members tr[data-state=GHA]").text().contains("Signatory State"));
    assert_eq!(s.find("#signing-key").text(), key_of("FRA"), "this node's own signing key");
    assert!(!s.exists("form.admit") && !s.exists("form.remove"), "no roster administration on a State");
    assert!(text(&s).contains("No alerts."));

    // The audit log: newest first, naming users, verified intact.
    s.goto(&format!("{fra}/audit"));
    assert_eq!(s.find("#verification").attr("data-result").as_deref(), Some("intact"));
    assert!(s.find("#verification").text().contains("intact"));
    let users: Vec<String> = s.find_all("#audit td.user").iter().map(|e| e.text()).collect();
    assert_eq!(users.first().map(String::as_str), Some("ada"), "the newest entry is ada's sign-in: {users:?}");
    let recorded = s.find_all("#audit tbody tr").into_iter().find(|r| r.text().contains("Case recorded"));
    let recorded = recorded.expect("the case's entry").text();
    assert!(recorded.contains("amina") && recorded.contains(&case), "the case entry names the officer: {recorded}");
    let seqs: Vec<u64> =
        s.find_all("#audit tbody tr").iter().map(|r| r.attr("data-seq").unwrap().parse().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "newest first: {seqs:?}");

    // A contact card, published on FRA, listed on GHA.
    s.goto(&format!("{fra}/contacts"));
    s.fill("#agency", "Office central de lutte contre le trafic d'armes");
    s.find("#role").select_by_value("law_enforcement");
    s.fill("input[name=c0_function]", "Duty officer");
    s.fill("input[name=c0_email]", "permanence@example.fr");
    s.fill("#languages", "fr, en");
    s.submit_form("form.publish button.primary");
    assert!(s.url().ends_with("/contacts?done=published"), "back on the directory: {}", s.url());
    sign_in(&s, &gha, "kwame");
    assert!(!s.exists("nav a[href='/admin']"), "a reviewer is not shown administration");
    s.goto(&format!("{gha}/contacts"));
    assert!(!s.exists("form.publish"), "a reviewer cannot publish a card");
    s.wait_until("FRA's card in GHA's directory", WAIT, |s| {
        s.refresh();
        s.exists("article.card[data-state=FRA]")
    });
    let card = s.find("article.card[data-state=FRA]").text();
    assert!(card.contains("trafic d'armes") && card.contains("permanence@example.fr"), "{card}");
    s.goto(&format!("{gha}/contacts?state=GHA"));
    assert!(!s.exists("article.card"), "the search by State leaves FRA's card out");

    // A reviewer: refused on every administration route.
    sign_in(&s, &fra, "rita");
    s.goto(&format!("{fra}/contacts"));
    let (c, token) = (cookie(&s), csrf(&s));
    let addr = &fed.apis["fra"];
    assert_eq!(status(addr, "GET", "/admin", &c, ""), 403);
    assert_eq!(status(addr, "GET", "/audit", &c, ""), 403);
    assert_eq!(status(addr, "POST", "/admin/alerts", &c, &format!("csrf={token}&id=x&confirmed=yes")), 403);
    assert_eq!(status(addr, "POST", "/contacts", &c, &format!("csrf={token}&agency=X&role=other")), 403);

    // The Secretariat, in Arabic: the roster administration forms, nobody
    // removed, no English word of the interface left.
    sign_in(&s, &sec, "sam");
    s.goto(&format!("{sec}/audit"));
    assert_eq!(s.find("#verification").attr("data-result").as_deref(), Some("intact"));
    let english = english_words("ar");
    let left: Vec<&String> = english.iter().filter(|w| text(&s).contains(w.as_str())).collect();
    assert!(left.is_empty(), "English words on the Arabic audit page: {left:?}\n{}", text(&s));
    s.goto(&format!("{sec}/admin"));
    assert_eq!(s.find("html").attr("dir").as_deref(), Some("rtl"));
    let left: Vec<&String> = english.iter().filter(|w| text(&s).contains(w.as_str())).collect();
    assert!(left.is_empty(), "English words on the Arabic administration page: {left:?}\n{}", text(&s));
    if let Some(dir) = std::env::var_os("DIEF_SCREENSHOTS") {
        s.screenshot(std::path::Path::new(&dir).join("admin-secretariat-ar.png"));
    }
    for form in ["form.admit textarea[name=text]", "form.remove select[name=state]", "form.chair input[name=term_ends]"]
    {
        assert!(s.exists(form), "{form} on the Secretariat's administration page");
    }
    assert!(s.exists("form.remove option[value=GHA]"));
    assert!(s.exists("#members tr[data-state=FRA]") && s.exists("#members tr[data-state=GHA]"));
    assert_eq!(fed.json("sec", &["roster", "show"])["members"].as_array().unwrap().len(), 2);
    eprintln!("browser_admin: {:?}", started.elapsed());
}

/// Accounts over their life (issue 12): FRA's administrator disables an
/// officer, whose open session ends at once and who cannot sign in again;
/// enables her; makes her a reviewer, which also ends her session and
/// takes the case form away. The node keeps an enabled administrator: the
/// page refuses, in the reader's language, to disable the last one, and
/// so does the CLI, in French when the locale asks for it. The audit log
/// records each change.
#[test]
fn an_administrator_disables_an_account_and_changes_its_role_with_immediate_effect() {
    let fed = Fed::federation();
    add_user(&fed, "fra", "ada", "administrator", "es");
    add_user(&fed, "fra", "amina", "case_officer", "en");
    let fra = base(&fed, "fra");
    let driver = Driver::start();
    let (admin, officer) = (driver.session(), driver.session());
    sign_in(&admin, &fra, "ada");
    sign_in(&officer, &fra, "amina");
    officer.goto(&format!("{fra}/cases"));
    assert!(officer.exists("a[href='/cases/new']"), "an officer may record a case");

    // Disabled: the open session ends and the password opens nothing.
    admin.goto(&format!("{fra}/users"));
    admin.submit_form("tr[data-user=amina] form.status button");
    assert!(admin.find("tr[data-user=amina]").text().contains("desactivada"), "{}", text(&admin));
    officer.goto(&format!("{fra}/cases"));
    assert!(officer.url().contains("/login"), "the disabled officer's session ended: {}", officer.url());
    support::sign_in(&officer, &fra, "amina");
    assert!(officer.url().contains("/login"), "a disabled account does not sign in: {}", officer.url());
    let listed = fed.json("fra", &["user", "list"]);
    let amina = listed.as_array().unwrap().iter().find(|u| u["name"] == "amina").unwrap().clone();
    assert!(amina["disabled_at"].as_i64().is_some(), "{listed}");

    // Enabled again, then made a reviewer: signed out, and no case form.
    admin.submit_form("tr[data-user=amina] form.status button");
    sign_in(&officer, &fra, "amina");
    admin.find("tr[data-user=amina] form.role select").select_by_value("reviewer");
    admin.submit_form("tr[data-user=amina] form.role button");
    officer.goto(&format!("{fra}/cases"));
    assert!(officer.url().contains("/login"), "a change of role ends the session: {}", officer.url());
    sign_in(&officer, &fra, "amina");
    officer.goto(&format!("{fra}/cases"));
    assert!(!officer.exists("a[href='/cases/new']"), "a reviewer records no case");

    // The last administrator stays, refused in Spanish on the page...
    admin.goto(&format!("{fra}/users"));
    admin.submit_form("tr[data-user=ada] form.status button");
    let refusal = admin.find("div.error").text();
    assert!(refusal.contains("ada") && refusal.contains("último administrador activo"), "{refusal}");
    assert!(!admin.exists("div.error details"), "worded in full, with no English detail: {refusal}");
    // ...and in French by the CLI, with the English kept for others.
    let disable_ada = |lang: &str| {
        std::process::Command::new(crate::common::fed::BIN)
            .arg("--dir")
            .arg(fed.dir("fra"))
            .args(["user", "disable", "ada"])
            .env("DIEF_KEY_FILE", &fed.key)
            .env("DIEF_LANG", lang)
            .output()
            .unwrap()
    };
    let out = disable_ada("fr");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("dernier administrateur actif"), "{stderr}");
    let english = disable_ada("en");
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(stderr.contains("last enabled administrator"), "{stderr}");

    let audit = fed.ok("fra", &["audit", "show"]);
    for change in ["disabled", "enabled", "role reviewer"] {
        assert!(audit.contains(change), "the audit log records {change:?}: {audit}");
    }
}
