//! The web interface in a real browser (issue 12): Debian's headless
//! Chromium driven through chromedriver, against real `dief run` nodes
//! formed into a federation with the CLI. Screenshots go to the test's
//! temporary directory, or to `DIEF_SCREENSHOTS` when it names one (how
//! `docs/screenshots/` is made).

use std::path::PathBuf;

use crate::common::fed::{date_in, Fed};
use crate::common::webdriver::Driver;
use crate::support::{
    add_user, base, cookie, csrf, english_words, request, sign_in, sign_in_with, visible_text, wait_for, PASSWORD, WAIT,
};

const TITLE: &str = "DIEF meeting at CSP99";

fn screenshots() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("DIEF_SCREENSHOTS") {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            (None, PathBuf::from(d))
        }
        None => {
            let t = tempfile::tempdir().unwrap();
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    }
}

/// An officer on FRA records a case with items and a transfer chain and
/// shares it with GHA; a GHA officer sees it and replies; the reply shows
/// on FRA's page. A reviewer sees no share or export control and is
/// refused (403) if it posts anyway; a form without the CSRF token is
/// refused; a wrong password is refused and repeated failures are slowed.
#[test]
fn a_case_recorded_and_shared_in_the_browser_is_answered_from_the_other_state() {
    let fed = Fed::federation();
    add_user(&fed, "fra", "amina", "case_officer", "en");
    add_user(&fed, "gha", "kofi", "case_officer", "en");
    add_user(&fed, "gha", "rita", "reviewer", "en");
    let (fra, gha) = (base(&fed, "fra"), base(&fed, "gha"));
    let (_keep, shots) = screenshots();
    let driver = Driver::start();

    let s = driver.session();
    sign_in(&s, &fra, "amina");
    assert!(s.url().ends_with('/'), "signed in lands on the home page, not {}", s.url());
    s.goto(&format!("{fra}/cases/new"));
    s.fill("#title", "Rifles diverted in transit");
    s.fill("#summary", "Serial numbers match a 2019 export licence.");
    s.find("#status").select_by_value("detected");
    s.find("select[name=item0_category]").select_by_value("small_arms_and_light_weapons");
    s.fill("input[name=item0_make]", "Fictional Arms");
    s.fill("input[name=item0_quantity]", "40");
    s.fill("input[name=item0_serials]", "FA7-2019-00417, FA7-2019-00418");
    s.find("select[name=leg0_role]").select_by_value("exporter");
    s.fill("input[name=leg0_entity]", "Exporter SA");
    s.fill("input[name=leg0_country]", "FRA");
    s.find("select[name=leg1_role]").select_by_value("broker");
    s.fill("input[name=leg1_entity]", "Fictional Brokerage Ltd");
    let uploads = tempfile::tempdir().unwrap();
    let photo = uploads.path().join("markings-photo.txt");
    std::fs::write(&photo, "serial FA7-2019-00417 stamped on the receiver").unwrap();
    s.find("input[name=attachment]").send_keys(photo.to_str().unwrap());
    s.submit_form("form[action='/cases/new'] button.primary");
    let case_url = s.url();
    let id = case_url.rsplit('/').next().unwrap().to_string();
    assert!(id.starts_with("FRA-"), "the new case's page, not {case_url}");
    assert_eq!(s.find("h1").text(), "Rifles diverted in transit");
    let record = visible_text(&s);
    for expected in ["Fictional Arms", "FA7-2019-00418", "Exporter SA", "Fictional Brokerage Ltd", "broker", "40"] {
        assert!(record.contains(expected), "{expected:?} not on the case page:\n{record}");
    }
    assert!(record.contains("markings-photo.txt"), "the attachment is listed:\n{record}");
    let fra_cookie = cookie(&s);
    let (status, body) =
        request(&fed.apis["fra"], "GET", &format!("/cases/{id}/attachments/0"), &[("Cookie", fra_cookie.as_str())], "");
    assert_eq!((status, body.as_str()), (200, "serial FA7-2019-00417 stamped on the receiver"));
    s.screenshot(shots.join("case-en.png"));
    s.find("input[name=to][value=GHA]").click();
    s.submit_form("form.share button.primary");
    assert!(
        fed.wait(WAIT, || fed.json("gha", &["case", "show", &id])["record"]["content"]["title"]
            == "Rifles diverted in transit"),
        "GHA did not receive the case"
    );
    assert!(visible_text(&s).contains("GHA"), "the holders list names GHA");

    let g = driver.session();
    sign_in(&g, &gha, "kofi");
    g.goto(&format!("{gha}/cases"));
    g.find(&format!("a[href='/cases/{id}']")).click();
    g.wait_for("textarea#body", WAIT);
    assert!(!g.exists("form.share"), "a received case has no share form");
    g.fill("textarea#body", "GHA customs confirm the container transited Tema.");
    g.submit_form(&format!("form[action='/cases/{id}/reply'] button"));
    wait_for(&s, "the reply on FRA's page", |s| {
        visible_text(s).contains("GHA customs confirm the container transited Tema.")
    });

    // A reviewer: no control to share, reply or export, and the routes refuse.
    let r = driver.session();
    sign_in(&r, &gha, "rita");
    r.goto(&format!("{gha}/cases/{id}"));
    assert_eq!(r.find("h1").text(), "Rifles diverted in transit", "a reviewer reads the case");
    for control in ["form.share", "textarea#body", &format!("form[action='/cases/{id}/export']")] {
        assert!(!r.exists(control), "a reviewer sees {control}");
    }
    let (cookie_r, token_r) = (cookie(&r), csrf(&r));
    let addr = &fed.apis["gha"];
    let form = [("Cookie", cookie_r.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
    let (status, _) = request(addr, "POST", &format!("/cases/{id}/export"), &form, &format!("csrf={token_r}"));
    assert_eq!(status, 403, "the export route refuses a reviewer");
    let (status, _) = request(addr, "POST", &format!("/cases/{id}/reply"), &form, &format!("csrf={token_r}&body=x"));
    assert_eq!(status, 403, "the reply route refuses a reviewer");
    let api = [("Cookie", cookie_r.as_str()), ("X-CSRF-Token", token_r.as_str()), ("Content-Type", "application/json")];
    let (status, body) = request(addr, "POST", &format!("/v1/cases/{id}/reply"), &api, r#"{"body":"x"}"#);
    assert_eq!(status, 403, "the API refuses a reviewer's session too: {body}");
    let (status, _) = request(addr, "GET", &format!("/v1/cases/{id}"), &api, "");
    assert_eq!(status, 200, "the API reads for a reviewer's session");

    // An officer's form without its CSRF token, and the API without the header.
    let cookie_k = cookie(&g);
    let form = [("Cookie", cookie_k.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
    let (status, body) = request(addr, "POST", &format!("/cases/{id}/reply"), &form, "body=forged");
    assert_eq!(status, 403, "a form without the CSRF token: {body}");
    let (status, _) = request(addr, "POST", &format!("/cases/{id}/reply"), &form, "csrf=00&body=forged");
    assert_eq!(status, 403, "a form with a wrong CSRF token");
    let api = [("Cookie", cookie_k.as_str()), ("Content-Type", "application/json")];
    let (status, _) = request(addr, "POST", &format!("/v1/cases/{id}/reply"), &api, r#"{"body":"forged"}"#);
    assert_eq!(status, 403, "the API without X-CSRF-Token");
    assert!(!fed.ok("fra", &["--json", "inbox"]).contains("forged"), "nothing forged was sent");

    // A wrong password is refused; repeated failures are slowed, even for
    // the right password, until the wait is over.
    let w = driver.session();
    sign_in_with(&w, &fra, "amina", "not the password at all");
    assert!(w.url().ends_with("/login"), "a wrong password stays on the sign-in page");
    assert!(visible_text(&w).contains("The user name or the password is not right."));
    for _ in 0..3 {
        sign_in_with(&w, &fra, "amina", "not the password at all");
    }
    sign_in(&w, &fra, "amina");
    let text = visible_text(&w);
    assert!(text.contains("Too many failed attempts"), "the right password right after five failures: {text}");
    let login = [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "dief_login=abc")];
    // A wrong password sent by hand first: it meets the brake, or fails
    // again and sets a longer one, so the right password right after it is
    // braked however long the browser took (the brake lasts 2 s here).
    let wrong = "login_token=abc&name=amina&password=not+the+password+at+all";
    let (status, _) = request(&fed.apis["fra"], "POST", "/login", &login, wrong);
    assert!(status == 429 || status == 401, "a wrong password by hand: {status}");
    let body = format!("login_token=abc&name=amina&password={}", PASSWORD.replace(' ', "+"));
    let (status, _) = request(&fed.apis["fra"], "POST", "/login", &login, &body);
    assert_eq!(status, 429, "the brake answers 429 with Retry-After");
    let (status, _) = request(&fed.apis["gha"], "POST", "/login", &login[..1], "name=kofi&password=x");
    assert_eq!(status, 403, "a sign-in form without its token (login CSRF)");
}

/// A GHA user switches to Arabic, Chinese and Russian: the page changes
/// language and direction and no English word of the interface remains;
/// screenshots are saved. The Secretariat schedules a meeting and sends
/// its invitation in the interface; FRA's home page shows the T-50 and
/// T-30 dates.
#[test]
fn each_language_reads_in_full_and_the_secretariats_meeting_reaches_fras_deadlines() {
    let fed = Fed::federation();
    add_user(&fed, "sec", "olga", "delegate", "en");
    add_user(&fed, "fra", "amina", "case_officer", "fr");
    add_user(&fed, "gha", "kofi", "case_officer", "en");
    let (sec, fra, gha) = (base(&fed, "sec"), base(&fed, "fra"), base(&fed, "gha"));
    let (_keep, shots) = screenshots();
    let driver = Driver::start();

    let o = driver.session();
    sign_in(&o, &sec, "olga");
    o.goto(&format!("{sec}/meetings"));
    let (first, last) = (date_in(80), date_in(82));
    o.fill("#title", TITLE);
    o.execute("document.querySelector('input[name=first_day]').value = arguments[0];", &[first.clone().into()]);
    o.execute("document.querySelector('input[name=last_day]').value = arguments[0];", &[last.clone().into()]);
    o.fill("#venue", "Geneva, CICG");
    o.fill("#call", "The President calls for submissions of cases.");
    o.submit_form("form.stack button.primary");
    assert!(visible_text(&o).contains(TITLE), "the meeting is listed");
    o.submit_form("form[action='/meetings'] input[name=invite] ~ button");
    assert!(!o.exists("input[name=invite]"), "the invitation was sent");
    o.screenshot(shots.join("meetings-secretariat-en.png"));

    let (t50, t30) = (date_in(80 - 50), date_in(80 - 30));
    let a = driver.session();
    sign_in(&a, &fra, "amina");
    wait_for(&a, "the invitation's deadlines on FRA's home page", |a| {
        a.exists(&format!("tr[data-due='{t50}']")) && a.exists(&format!("tr[data-due='{t30}']"))
    });
    assert_eq!(a.find("html").attr("lang").as_deref(), Some("fr"), "amina's account is in French");
    let home = visible_text(&a);
    assert!(home.contains("Échéances") || home.contains("échéances"), "French headings: {home}");

    let k = driver.session();
    sign_in(&k, &gha, "kofi");
    k.screenshot(shots.join("home-en.png"));
    for (lang, dir) in [("ar", "rtl"), ("zh", "ltr"), ("ru", "ltr")] {
        k.goto(&format!("{gha}/account"));
        k.find("#language").select_by_value(lang);
        k.submit_form("form[action='/account/language'] button");
        k.goto(&format!("{gha}/"));
        let html = k.find("html");
        assert_eq!(html.attr("lang").as_deref(), Some(lang));
        assert_eq!(html.attr("dir").as_deref(), Some(dir));
        // The meeting's title is the Secretariat's own text, not the interface's.
        let text = visible_text(&k).replace(TITLE, "");
        assert!(!text.contains('⟦'), "{lang}: a key missing from the catalog shows: {text}");
        let left: Vec<String> = english_words(lang).into_iter().filter(|w| text.contains(w.as_str())).collect();
        assert!(left.is_empty(), "{lang}: English words on the home page: {left:?}\n{text}");
        k.screenshot(shots.join(format!("home-{lang}.png")));
        k.goto(&format!("{gha}/meetings"));
        let text = visible_text(&k).replace(TITLE, "");
        let left: Vec<String> = english_words(lang).into_iter().filter(|w| text.contains(w.as_str())).collect();
        assert!(left.is_empty(), "{lang}: English words on the meetings page: {left:?}\n{text}");
    }
    let png = std::fs::read(shots.join("home-ar.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}
