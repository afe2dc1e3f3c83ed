//! What every browser test uses: accounts made with the CLI, signing in,
//! the page's text, the session's cookie and CSRF token, requests sent by
//! hand (to prove a route refuses what the page does not offer), waiting
//! for what another node sends, and the English words of the catalogs
//! that must not show on a page in another language.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use crate::common::fed::{Fed, BIN};
use crate::common::webdriver::Session;

pub const PASSWORD: &str = "correct horse battery staple";
pub const WAIT: Duration = Duration::from_secs(20);

/// `dief user add` on `node`, with [`PASSWORD`].
pub fn add_user(fed: &Fed, node: &str, name: &str, role: &str, language: &str) {
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

/// The web address of `node`.
pub fn base(fed: &Fed, node: &str) -> String {
    format!("http://{}", fed.apis[node])
}

/// Fills and sends the sign-in form.
pub fn sign_in_with(s: &Session, base: &str, name: &str, password: &str) {
    s.goto(&format!("{base}/login"));
    s.fill("#name", name);
    s.fill("#password", password);
    s.submit_form("form[action='/login'] button[type=submit]");
}

/// Signs in with [`PASSWORD`].
pub fn sign_in(s: &Session, base: &str, name: &str) {
    sign_in_with(s, base, name, PASSWORD);
}

/// The session cookie the browser holds, to send requests by hand.
pub fn cookie(s: &Session) -> String {
    let c = s.cookies().into_iter().find(|c| c["name"] == "dief_session").expect("a session cookie");
    format!("dief_session={}", c["value"].as_str().unwrap())
}

/// The page's CSRF token (every signed-in page has the sign-out form).
pub fn csrf(s: &Session) -> String {
    s.find("input[name=csrf]").attr("value").unwrap()
}

/// The text of the whole page as a reader sees it.
pub fn visible_text(s: &Session) -> String {
    s.execute("return document.body.innerText;", &[]).as_str().unwrap_or_default().to_string()
}

/// One HTTP request by hand: (status, body).
pub fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    let status = out.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// A form sent by hand with `cookie`: its status.
pub fn form_status(addr: &str, method: &str, path: &str, cookie: &str, body: &str) -> u16 {
    let headers = [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")];
    request(addr, method, path, &headers, body).0
}

/// Reloads `s` until `ready` holds: what another node sent arrives by
/// itself, and a page shows what the node holds when it is loaded.
pub fn wait_for(s: &Session, what: &str, ready: impl Fn(&Session) -> bool) {
    s.wait_until(what, WAIT, |s| {
        s.refresh();
        ready(s)
    });
}

/// Every word of the English catalogs (4 letters or more) that does not
/// occur in `lang`'s: none may show on a page in `lang`.
pub fn english_words(lang: &str) -> Vec<String> {
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
