//! Proves the WebDriver client in `common::webdriver` against a real
//! chromedriver and headless Chromium, on static pages served by Python's
//! http.server: a form filled and submitted, a right-to-left page, a
//! screenshot, cookies and the errors a test sees when something is wrong.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::webdriver::Driver;

const FORM: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report form</title></head>
<body>
<form id="report" action="result.html" method="get">
  <label>Name <input id="name" name="name" value="placeholder text"></label>
  <select id="colour" name="colour">
    <option value="red">Red</option>
    <option value="green">Green</option>
    <option value="blue &quot;deep&quot;">Blue</option>
  </select>
  <label><input type="checkbox" id="agree" name="agree" value="yes"> Agree</label>
  <p id="hidden" style="display:none">not shown</p>
  <button id="send" type="submit">Send</button>
</form>
<script>document.cookie = "seen=1; path=/";</script>
</body></html>
"#;

// http.server answers only GET, so the form submits by GET and this page
// shows what arrived in its query string.
const RESULT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Received</title></head>
<body>
<dl>
  <dt>name</dt><dd id="name"></dd>
  <dt>colour</dt><dd id="colour"></dd>
  <dt>agree</dt><dd id="agree"></dd>
</dl>
<script>
  const q = new URLSearchParams(location.search);
  for (const k of ["name", "colour", "agree"]) {
    document.getElementById(k).textContent = q.get(k) ?? "(absent)";
  }
</script>
</body></html>
"#;

const RTL: &str = r#"<!doctype html>
<html dir="rtl" lang="ar"><head><meta charset="utf-8"><title>تقرير</title></head>
<body><h1 id="greeting">مرحبا</h1></body></html>
"#;

/// `python3 -m http.server` on a free loopback port, serving `pages` from a
/// temp dir; killed on drop.
struct StaticSite {
    child: Child,
    port: u16,
    _root: tempfile::TempDir,
}

impl StaticSite {
    fn start(pages: &[(&str, &str)]) -> StaticSite {
        let root = tempfile::tempdir().unwrap();
        let site = root.path().join("site");
        fs::create_dir(&site).unwrap();
        for (name, body) in pages {
            fs::write(site.join(name), body).unwrap();
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = fs::File::create(root.path().join("server.log")).unwrap();
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1", "--directory"])
            .arg(&site)
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("starting python3 -m http.server");
        let mut server = StaticSite { child, port, _root: root };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            let log = fs::read_to_string(server._root.path().join("server.log")).unwrap_or_default();
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("http.server exited with {status}:\n{log}");
            }
            assert!(Instant::now() < deadline, "http.server not listening on {port} after 10 s:\n{log}");
            thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn url(&self, page: &str) -> String {
        format!("http://127.0.0.1:{}/{page}", self.port)
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The message of the panic `f` raises; fails the test if it does not.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = panic::catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap()
}

#[test]
fn the_webdriver_client_drives_a_real_headless_chromium() {
    let driver = Driver::start();
    let site = StaticSite::start(&[("form.html", FORM), ("result.html", RESULT), ("rtl.html", RTL)]);
    let s = driver.session();

    s.goto(&site.url("form.html"));
    assert_eq!(s.title(), "Report form");
    assert!(s.exists("#send"));
    assert!(!s.exists("#no-such-thing"));
    assert_eq!(s.find_all("#colour option").len(), 3);
    assert!(s.find("#name").is_displayed());
    assert!(!s.find("#hidden").is_displayed());
    assert_eq!(s.find("#send").tag_name(), "button");
    assert_eq!(s.find("#name").attr("value").as_deref(), Some("placeholder text"));
    assert_eq!(s.find("#name").attr("data-missing"), None);
    assert_eq!(s.find("#report").find("option[value=green]").text(), "Green");

    // Filling must replace the initial value, not append to it, and keep
    // non-ASCII text intact through the keyboard emulation.
    s.fill("#name", "Zoë & 東京");
    assert_eq!(s.find("#name").property("value"), json!("Zoë & 東京"));
    // A value needing CSS escaping proves the option lookup quotes it.
    s.find("#colour").select_by_value("blue \"deep\"");
    assert_eq!(s.find("#colour").property("value"), json!("blue \"deep\""));
    assert_eq!(s.find("#agree").property("checked"), json!(false));
    s.find("#agree").click();
    assert_eq!(s.find("#agree").property("checked"), json!(true));

    let echoed = s.execute("return [arguments[0] * 2, arguments[1].id];", &[json!(21), s.find("#name").as_arg()]);
    assert_eq!(echoed, json!([42, "name"]));

    let names = |s: &crate::common::webdriver::Session| -> Vec<String> {
        s.cookies().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names(&s), ["seen"]);
    assert_eq!(s.cookies()[0]["value"], json!("1"));
    s.delete_cookie("seen");
    assert!(names(&s).is_empty());

    s.submit_form("#send");
    assert!(s.url().starts_with(&site.url("result.html?")), "after submit: {}", s.url());
    assert_eq!(s.title(), "Received");
    assert_eq!(s.wait_for("#name", Duration::from_secs(5)).text(), "Zoë & 東京");
    assert_eq!(s.find("#colour").text(), "blue \"deep\"");
    assert_eq!(s.find("#agree").text(), "yes");

    s.back();
    assert_eq!(s.url(), site.url("form.html"));
    s.refresh();
    assert_eq!(s.find("#name").property("value"), json!("placeholder text"));

    s.goto(&site.url("rtl.html"));
    let html = s.find("html");
    assert_eq!(html.attr("dir").as_deref(), Some("rtl"));
    assert_eq!(html.attr("lang").as_deref(), Some("ar"));
    assert_eq!(s.execute("return getComputedStyle(document.body).direction;", &[]), json!("rtl"));
    assert_eq!(s.title(), "تقرير");
    assert!(s.source().contains("مرحبا"), "{}", s.source());

    let shots = tempfile::tempdir().unwrap();
    let png_path = shots.path().join("rtl.png");
    s.screenshot(&png_path);
    let png = fs::read(&png_path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 1280, "screenshot width should follow --window-size");

    // Failures name what was asked and where, and carry the driver's code.
    let missing = panic_message(|| {
        s.find("#not-on-this-page");
    });
    assert!(missing.contains("#not-on-this-page") && missing.contains("rtl.html"), "{missing}");
    let thrown = s.try_execute("throw new Error('deliberate');", &[]).unwrap_err();
    assert_eq!(thrown.error, "javascript error");
    let thrown = thrown.to_string();
    assert!(thrown.contains("execute script") && thrown.contains("deliberate"), "{thrown}");

    // The accept-language variant reaches the page.
    let ar = driver.session_with("ar", &[]);
    ar.goto(&site.url("rtl.html"));
    assert_eq!(ar.execute("return navigator.language;", &[]), json!("ar"));
}
