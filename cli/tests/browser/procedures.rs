//! The procedures page of a case in a real browser (issue 12; ToR-12, 16):
//! headless Chromium through chromedriver against real `dief run` nodes.
//! FRA records and shares a case with the CLI; through the pages GHA asks
//! for operational use, FRA agrees with conditions and GHA sees the
//! agreement; FRA notifies GHA as an involved State, GHA replies and the
//! reply is in FRA's presentation package; FRA starts a follow-up thread
//! that GHA answers; GHA challenges the Secretariat only once it ticks that
//! the Secretariat reads the concern; FRA withdraws the case with a reason
//! and GHA's page shows it withdrawn. A reviewer on GHA sees no
//! form and is refused (403) when it posts one anyway.

use crate::common::fed::{date_in, Fed};
use crate::common::webdriver::{Driver, Session};
use crate::support::{add_user, cookie, csrf, english_words, form_status, sign_in, visible_text, wait_for, WAIT};

/// Reloads the page until its text contains `text`.
fn wait_for_text(s: &Session, what: &str, text: &str) {
    wait_for(s, what, |s| visible_text(s).contains(text));
}

/// The page's text without what users wrote (every value a user entered
/// is in a `<bdi>`): what the interface itself says.
fn interface_text(s: &Session) -> String {
    let script = "const b = document.body.cloneNode(true); b.querySelectorAll('bdi').forEach(e => e.remove()); \
                  return b.innerText;";
    s.execute(script, &[]).as_str().unwrap_or_default().to_string()
}

/// Saves a screenshot when `DIEF_SCREENSHOTS` names a directory (how
/// `docs/screenshots/` is made); otherwise does nothing.
fn screenshot(s: &Session, name: &str) {
    if let Some(dir) = std::env::var_os("DIEF_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        s.screenshot(std::path::Path::new(&dir).join(name));
    }
}

/// One form POST by hand with the browser's session: the status.
fn post(s: &Session, addr: &str, path: &str, body: &str) -> u16 {
    form_status(addr, "POST", path, &cookie(s), &format!("csrf={}&{body}", csrf(s)))
}

#[test]
fn a_use_request_is_agreed_with_conditions_and_the_withdrawal_reaches_the_holder() {
    let fed = Fed::federation();
    add_user(&fed, "fra", "amina", "case_officer", "en");
    add_user(&fed, "gha", "kofi", "liaison", "en");
    add_user(&fed, "gha", "rita", "reviewer", "ar");
    let (fra, gha) = (format!("http://{}", fed.apis["fra"]), format!("http://{}", fed.apis["gha"]));
    let case = fed.json("fra", &["case", "new", "--title", "Pistols diverted at a free zone", "--status", "detected"]);
    let id = case["id"].as_str().unwrap().to_string();
    fed.json("fra", &["share", &id, "--to", "GHA"]);
    assert!(fed.wait(WAIT, || fed.cmd("gha", &["case", "show", &id]).status.success()), "GHA did not receive the case");
    let page = format!("/cases/{id}/procedures");
    let driver = Driver::start();

    // GHA's liaison asks FRA for agreement to use the case.
    let g = driver.session();
    sign_in(&g, &gha, "kofi");
    g.goto(&format!("{gha}{page}"));
    assert!(g.find("h1").text().contains(&id), "the procedures page of {id}: {}", g.find("h1").text());
    assert!(!g.exists("form.withdraw"), "a received case cannot be withdrawn by its holder");
    g.find("#purpose").select_by_value("enforcement_proceedings");
    g.fill("#use_details", "Prosecution of the broker in Accra.");
    g.submit_form("form.use-request-form button.primary");
    assert!(g.url().contains(&page), "back on the procedures page, not {}", g.url());
    assert!(visible_text(&g).contains("awaiting the provider’s answer"), "the request is pending on GHA's page");

    // FRA's officer sees the request and agrees with conditions.
    let f = driver.session();
    sign_in(&f, &fra, "amina");
    f.goto(&format!("{fra}{page}"));
    wait_for(&f, "the request on FRA's page", |s| s.exists("form.use-answer-form"));
    assert!(visible_text(&f).contains("Prosecution of the broker in Accra."), "the request's details on FRA's page");
    f.find("form.use-answer-form input[name=decision][value=agree_with_conditions]").click();
    f.fill("form.use-answer-form textarea[name=conditions]", "Not to be cited in court without FRA's consent.");
    f.submit_form("form.use-answer-form button.primary");
    assert!(visible_text(&f).contains("Agree with conditions"), "the answer on FRA's page");
    screenshot(&f, "procedures-en.png");

    // GHA sees the agreement and its conditions.
    wait_for_text(&g, "the agreement on GHA's page", "Not to be cited in court without FRA's consent.");
    assert_eq!(g.find("article.use-request").attr("data-state").as_deref(), Some("agreed"));
    assert!(visible_text(&g).contains("Agree with conditions"));

    // FRA notifies GHA as an involved State; GHA replies; the reply is in
    // FRA's presentation package.
    let meeting = date_in(60);
    f.find("form.notify input[name=to][value=GHA]").click();
    f.execute("document.querySelector('#meeting_date').value = arguments[0];", &[meeting.clone().into()]);
    f.fill("#notice_summary", "The pistols transited your territory.");
    f.submit_form("form.notify button.primary");
    wait_for_text(&g, "the notice on GHA's page", "The pistols transited your territory.");
    g.fill("form.notice-reply textarea", "GHA customs have the transit records.");
    g.submit_form("form.notice-reply button");
    f.goto(&format!("{fra}/cases/{id}/presentation?meeting={meeting}"));
    wait_for_text(&f, "GHA's reply in the package", "GHA customs have the transit records.");
    assert!(!f.exists("nav"), "the package prints without the navigation");
    screenshot(&f, "presentation-en.png");

    // A reviewer on GHA, who reads Arabic, reads the page in full but has
    // no form, and posting one anyway is refused.
    let r = driver.session();
    sign_in(&r, &gha, "rita");
    r.goto(&format!("{gha}{page}"));
    assert_eq!(r.find("html").attr("dir").as_deref(), Some("rtl"));
    assert_eq!(r.find("article.use-request").attr("data-state").as_deref(), Some("agreed"));
    let text = interface_text(&r);
    assert!(text.contains("الموافقة بشروط") && !text.contains('⟦'), "the Arabic page in full:\n{text}");
    let left: Vec<String> = english_words("ar").into_iter().filter(|w| text.contains(w.as_str())).collect();
    assert!(left.is_empty(), "English left on the Arabic page: {left:?}\n{text}");
    screenshot(&r, "procedures-ar.png");
    for form in ["form.use-request-form", "form.notice-reply", "form.challenge-form", "form.withdraw"] {
        assert!(!r.exists(form), "a reviewer sees {form}");
    }
    let addr = &fed.apis["gha"];
    let status = post(&r, addr, &format!("/cases/{id}/use-requests"), "purpose=export_assessment&details=x");
    assert_eq!(status, 403, "the use-request route refuses a reviewer");
    let status = post(&r, addr, &format!("/cases/{id}/challenges"), "to=FRA&concern=x");
    assert_eq!(status, 403, "the challenge route refuses a reviewer");

    // FRA starts a follow-up thread with GHA, which answers in it.
    f.goto(&format!("{fra}{page}"));
    f.find("form.thread-start input[name=with][value=GHA]").click();
    f.fill("#subject", "Free-zone records");
    f.fill("#thread_body", "Could you send the free-zone entry log?");
    f.submit_form("form.thread-start button.primary");
    wait_for_text(&g, "the thread on GHA's page", "Could you send the free-zone entry log?");
    g.fill("form.thread-follow-up textarea", "The log is on its way through customs channels.");
    g.submit_form("form.thread-follow-up button");
    wait_for_text(&f, "GHA's post on FRA's page", "The log is on its way through customs channels.");

    // A challenge to the Secretariat needs the acknowledgement that the
    // Secretariat reads it, as the API does.
    g.find("#challenge_to").select_by_value("SECRETARIAT");
    g.fill("#concern", "A summary of this case appeared in a briefing.");
    g.submit_form("form.challenge-form button.primary");
    assert!(visible_text(&g).contains("tick the box"), "refused without the acknowledgement: {}", visible_text(&g));
    g.goto(&format!("{gha}{page}"));
    assert!(!g.exists("article.challenge"), "nothing was sent");
    g.find("#challenge_to").select_by_value("SECRETARIAT");
    g.fill("#concern", "A summary of this case appeared in a briefing.");
    g.find("form.challenge-form input[name=secretariat_reads]").click();
    g.submit_form("form.challenge-form button.primary");
    assert_eq!(g.find("article.challenge").attr("data-state").as_deref(), Some("open"));
    assert!(visible_text(&g).contains("Challenge from GHA to the Secretariat"));

    // FRA withdraws the case with a reason; GHA's page shows it withdrawn.
    f.goto(&format!("{fra}{page}"));
    f.fill("#reason", "The serial numbers were misread.");
    f.submit_form("form.withdraw button.primary");
    assert!(f.exists("div.withdrawn"), "FRA's page shows the case withdrawn");
    assert!(!f.exists("form.withdraw"), "a withdrawn case has no withdrawal form");
    wait_for_text(&g, "the withdrawal on GHA's page", "The serial numbers were misread.");
    assert!(g.exists("div.withdrawn"), "GHA's page shows the case withdrawn");
    assert!(!g.exists("form.use-request-form"), "no use request on a withdrawn case");
}
