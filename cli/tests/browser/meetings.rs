//! The meeting cycle of one meeting in a real browser (issue 12): the
//! Secretariat schedules and invites with the CLI; then, through the pages
//! of real `dief run` nodes, FRA announces a presentation, the Secretariat
//! circulates the draft agenda built from it and adopts it, FRA sees the
//! agenda, GHA registers its delegation and the Secretariat's page lists
//! it. On the way, GHA proposes a non-state expert for its own
//! presentation and FRA, a State Party, objects during the silence
//! period: GHA reads the reason, the Secretariat only that it is sealed
//! (ToR-8). A reviewer sees no form and is refused (403) when it posts
//! anyway.

use crate::common::fed::{date_in, Fed};
use crate::common::webdriver::{Driver, Session};
use crate::support::{add_user, base, form_status, sign_in, wait_for};

/// One form posted by hand with the session's cookie: the status.
fn post(addr: &str, path: &str, cookie: &str, body: &str) -> u16 {
    form_status(addr, "POST", path, cookie, body)
}

fn text(s: &Session, css: &str) -> String {
    s.find_all(css).iter().map(|e| e.text()).collect::<Vec<_>>().join("\n")
}

/// ToR-8: the Secretariat circulated GHA's proposal at once; FRA, a State
/// Party, objects during the silence period. The reason is sealed to the
/// members: GHA reads it, the Secretariat is told only that it is sealed.
fn expert_objected(fra: &Session, gha: &Session, sec: &Session, fra_page: &str) {
    let reason = "Not consulted beforehand";
    fra.goto(fra_page);
    wait_for(fra, "the circulated proposal reaches FRA", |a| a.exists("article.expert form.object-form"));
    assert!(text(fra, "article.expert .expert-state").contains("silence procedure running"));
    assert!(text(fra, "article.expert").contains("Marking analysis"), "a member reads the purpose");
    fra.fill("article.expert form.object-form textarea", reason);
    fra.submit_form("article.expert form.object-form button[type=submit]");
    assert!(text(fra, "article.expert .expert-state").contains("objection by FRA"));
    assert!(!gha.exists("form.object-form"), "the proposer does not object to its own expert");
    wait_for(gha, "FRA's objection reaches GHA", |k| text(k, "article.expert").contains(reason));
    wait_for(sec, "FRA's objection reaches the Secretariat", |o| text(o, "article.expert").contains("FRA objected"));
    let seen = text(sec, "article.expert");
    assert!(!seen.contains(reason) && !seen.contains("Marking analysis"), "the Secretariat reads neither: {seen}");
    assert!(seen.contains("sealed to the member States"), "{seen}");
}

#[test]
fn a_meetings_intent_agenda_and_delegation_go_through_the_browser() {
    let fed = Fed::federation();
    add_user(&fed, "sec", "olga", "delegate", "en");
    add_user(&fed, "fra", "amina", "case_officer", "en");
    add_user(&fed, "gha", "kofi", "delegate", "en");
    add_user(&fed, "gha", "rita", "reviewer", "en");
    let (sec, fra, gha) = (base(&fed, "sec"), base(&fed, "fra"), base(&fed, "gha"));

    // The Secretariat schedules and invites with the CLI.
    let (first, last) = (date_in(80), date_in(82));
    let scheduled = fed.json(
        "sec",
        &[
            "meeting",
            "schedule",
            "--title",
            "DIEF meeting at CSP99",
            "--from",
            &first,
            "--to",
            &last,
            "--venue",
            "Geneva, CICG",
            "--call",
            "The President invites submissions of cases",
        ],
    );
    let meeting = scheduled["meeting"]["id"].as_str().unwrap().to_string();
    fed.json("sec", &["meeting", "invite", &meeting]);
    let case = fed.json("fra", &["case", "new", "--title", "Rifles in transit", "--status", "detected"]);
    let case = case["id"].as_str().unwrap().to_string();
    let gha_case = fed.json("gha", &["case", "new", "--title", "Pistols at the port", "--status", "detected"]);
    let gha_case = gha_case["id"].as_str().unwrap().to_string();
    let page = |base: &str| format!("{base}/meetings/{meeting}");
    let driver = Driver::start();

    // ToR-11: FRA announces the presentation of its case.
    let a = driver.session();
    sign_in(&a, &fra, "amina");
    a.goto(&page(&fra));
    wait_for(&a, "the invitation reaches FRA", |a| a.exists("#intent-form"));
    assert!(text(&a, "#invitation").contains("on time"), "{}", text(&a, "#invitation"));
    a.find("#intent-case").select_by_value(&case);
    a.fill("#intent-minutes", "20");
    a.submit_form("#intent-form button[type=submit]");
    let row = text(&a, "#intents tbody tr");
    assert!(row.contains(&case) && row.contains("FRA") && row.contains("open until"), "{row}");
    assert!(!a.exists("#agenda-form") && !a.exists("#adopt-form"), "a State does not circulate agendas");

    // GHA announces one of its cases too, and proposes an expert for it.
    let k = driver.session();
    sign_in(&k, &gha, "kofi");
    k.goto(&page(&gha));
    k.find("#intent-case").select_by_value(&gha_case);
    k.find("input[name=with_expert]").click();
    k.submit_form("#intent-form button[type=submit]");
    assert!(text(&k, "#intents tbody tr").contains(&gha_case));
    let o = driver.session();
    sign_in(&o, &sec, "olga");
    o.goto(&page(&sec));
    wait_for(&o, "both intents reach the Secretariat", |o| o.find_all("#intents tbody tr").len() == 2);
    k.fill("#expert-name", "Dr A. Example");
    k.fill("#expert-affiliation", "Small Arms Survey");
    k.fill("#expert-purpose", "Marking analysis of the recovered rifles");
    k.submit_form("#expert-form button[type=submit]");
    assert!(text(&k, "article.expert").contains("Dr A. Example"));
    expert_objected(&a, &k, &o, &page(&fra));

    // ToR-10: the Secretariat circulates the draft agenda built from the intents, then adopts it.
    assert!(
        !o.exists("#intent-form") && !o.exists("#registration-form"),
        "the Secretariat neither presents nor registers"
    );
    assert!(!o.exists("#adopt-form"), "nothing to adopt before a draft");
    o.fill("#agenda-items", "Trends and lessons");
    o.submit_form("#agenda-form button[type=submit]");
    let mut items: Vec<String> = o.find_all("ol.agenda li").iter().map(|e| e.text()).collect();
    assert_eq!(items.pop().as_deref(), Some("Trends and lessons"), "the further item comes last");
    items.sort();
    assert_eq!(items, ["Presentation by FRA (case)", "Presentation by GHA (case)"], "one item per intent");
    o.submit_form("#adopt-form button[type=submit]");
    assert!(text(&o, "#adopted").contains("version 1"), "{}", text(&o, "#adopted"));
    assert!(!o.exists("#agenda-form") && !o.exists("#adopt-form"), "an adopted agenda is not circulated again");

    assert!(!o.source().contains('⟦'), "every word of the Secretariat's page is in the catalog");

    // FRA sees the agenda and its adoption; intents are closed.
    wait_for(&a, "the adopted agenda reaches FRA", |a| a.exists("#adopted"));
    assert_eq!(a.find_all("ol.agenda li").len(), 3);
    assert!(!a.exists("#intent-form"), "no intent after the adoption (ToR-11)");

    // ToR-6, ToR-7: GHA registers its delegation.
    k.goto(&page(&gha));
    k.fill("input[name=d0_name]", "A. Mensah");
    k.find("select[name=d0_role]").select_by_value("law_enforcement");
    k.fill("input[name=d0_agency]", "Ghana Police Service");
    k.find("input[name=head][value='0']").click();
    k.fill("input[name=d1_name]", "K. Owusu");
    k.find("select[name=d1_role]").select_by_value("customs");
    k.submit_form("#registration-form button[type=submit]");
    let own = text(&k, "article.delegation[data-state=GHA]");
    assert!(own.contains("A. Mensah") && own.contains("head of delegation") && own.contains("K. Owusu"), "{own}");
    assert!(k.exists("input[name=d2_name]"), "the revision form has the delegates and spare rows");
    assert!(!k.source().contains('⟦'), "every word of GHA's page is in the catalog");

    // The Secretariat's page lists it.
    wait_for(&o, "GHA's delegation reaches the Secretariat", |o| o.exists("article.delegation[data-state=GHA]"));
    let listed = text(&o, "article.delegation[data-state=GHA]");
    assert!(
        listed.contains("A. Mensah") && listed.contains("law enforcement") && listed.contains("Ghana Police Service"),
        "{listed}"
    );

    // A reviewer reads the page but has no form, and its post is refused.
    let r = driver.session();
    sign_in(&r, &gha, "rita");
    r.goto(&page(&gha));
    assert!(text(&r, "#registrations").contains("A. Mensah"), "a reviewer reads the delegations");
    assert!(!r.exists("#registration-form") && !r.exists("#intent-form") && !r.exists("#expert-form"));
    let c = r.cookies().into_iter().find(|c| c["name"] == "dief_session").expect("a session cookie");
    let cookie = format!("dief_session={}", c["value"].as_str().unwrap());
    let token = r.find("input[name=csrf]").attr("value").unwrap();
    let path = format!("/meetings/{meeting}/registration");
    let status = post(&fed.apis["gha"], &path, &cookie, &format!("csrf={token}&d0_name=Forged&d0_role=other"));
    assert_eq!(status, 403, "a reviewer's registration is refused");
    r.refresh();
    assert!(!text(&r, "#registrations").contains("Forged"));
}
