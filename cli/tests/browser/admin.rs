//! The administration pages in a real browser (issue 12): an administrator
//! on FRA sees the roster and this node's keys, reads the audit log naming
//! the officer who recorded a case, and publishes a contact card that GHA's
//! directory then lists; a reviewer gets no administration and is refused
//! (403); the Secretariat's administrator sees the roster administration.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::fed::{Fed, BIN};
use crate::common::webdriver::{Driver, Session};

const PASSWORD: &str = "correct horse battery staple";
const WAIT: Duration = Duration::from_secs(20);

fn add_user(fed: &Fed, node: &str, name: &str, role: &str, language: &str) {
    let out = Command::new(BIN)
        .arg("--dir")
        .arg(fed.dir(node))
        .args(["user", "add", name, "--role", role, "--language", language])
        .env("DIEF_KEY_FILE", &fed.key)
        .env("DIEF_USER_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "user add {name}: {}", String::from_utf8_lossy(&out.stderr));
}

fn base(fed: &Fed, node: &str) -> String {
    format!("http://{}", fed.apis[node])
}

/// Signs in; the nodes share 127.0.0.1, so the browser keeps one session
/// cookie for all of them and signing in elsewhere replaces it.
fn sign_in(s: &Session, base: &str, name: &str) {
    s.delete_cookie("dief_session");
    s.goto(&format!("{base}/login"));
    s.fill("#name", name);
    s.fill("#password", PASSWORD);
    s.submit_form("form[action='/login'] button[type=submit]");
    assert!(s.url().ends_with('/'), "{name} signed in lands on the home page, not {}", s.url());
}

fn cookie(s: &Session) -> String {
    let c = s.cookies().into_iter().find(|c| c["name"] == "dief_session").expect("a session cookie");
    format!("dief_session={}", c["value"].as_str().unwrap())
}

fn csrf(s: &Session) -> String {
    s.find("input[name=csrf]").attr("value").unwrap()
}

/// One HTTP request by hand; its status.
fn status(addr: &str, method: &str, path: &str, cookie: &str, body: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap()
}

fn text(s: &Session) -> String {
    s.execute("return document.body.innerText;", &[]).as_str().unwrap_or_default().to_string()
}

/// Every word of the English catalog (4 letters or more) that does not
/// occur in `lang`'s catalog: none may show on a page in `lang`.
fn english_words(lang: &str) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../node/i18n");
    let catalog = |lang: &str| -> String {
        let mut files: Vec<_> = std::fs::read_dir(root.join(lang)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect::<Vec<_>>().join("\n")
    };
    // Values only, without placeables (variables and selector keys).
    let values = |src: &str| -> String {
        src.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split_once(" = ").map(|(_, v)| v).unwrap_or(l))
            .map(|v| {
                let mut depth = 0;
                v.chars()
                    .filter(|c| match c {
                        '{' => {
                            depth += 1;
                            false
                        }
                        '}' => {
                            depth -= 1;
                            false
                        }
                        _ => depth == 0,
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let theirs = values(&catalog(lang));
    let mut words: Vec<String> = values(&catalog("en"))
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4 && !theirs.contains(*w))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
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
