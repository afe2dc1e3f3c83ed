//! A blocking W3C WebDriver client for the browser tests. It owns the
//! `chromedriver` process (`Driver`), the headless Chromium sessions opened
//! through it (`Session`) and references to elements of their pages
//! (`Element`); nothing else about browsers lives in the tests.
//!
//! Test code may use only std, serde_json and tempfile, so this speaks
//! HTTP/1.1 itself: one request per connection (`Connection: close`), bodies
//! read by `Content-Length` or chunked encoding. Every WebDriver error panics
//! with the command, the W3C error code and the driver's message; the
//! `try_` methods return it instead for tests that expect a failure.

use std::fmt;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key under which W3C WebDriver puts an element's id in JSON.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Debian's launcher, which also applies the flags in /etc/chromium.d.
const CHROMIUM: &str = "/usr/bin/chromium";
const STARTUP: Duration = Duration::from_secs(20);
const PAGE_LOAD_MS: u64 = 30_000;
const SCRIPT_MS: u64 = 30_000;
/// Longer than the page-load and script timeouts given to the browser, so a
/// slow page is reported by chromedriver as a `timeout` error naming the
/// command rather than as a bare socket timeout here.
const CALL_TIMEOUT: Duration = Duration::from_secs(90);
/// Cleanup runs in `Drop`, possibly while a test is already panicking: it
/// must not hang the test binary for long on a wedged driver.
const CLEANUP_TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);
const SUBMIT_TIMEOUT: Duration = Duration::from_secs(30);

/// A failed WebDriver command: `error` is the W3C error code (`no such
/// element`, `javascript error`, ...), or `transport` / `bad response` when
/// the driver could not be reached or understood.
#[derive(Debug, Clone)]
pub struct WdError {
    pub command: String,
    pub error: String,
    pub message: String,
}

impl fmt::Display for WdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebDriver command {} failed: {}: {}", self.command, self.error, self.message)
    }
}

impl std::error::Error for WdError {}

/// A running `chromedriver` on a loopback port; dropping it quits every
/// browser it started and then the process.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Driver {
    /// Starts `chromedriver` (from PATH, else /usr/bin/chromedriver) and
    /// waits until its `/status` says it is ready.
    pub fn start() -> Driver {
        let exe = chromedriver_path();
        let dir = tempfile::Builder::new()
            .prefix("webdriver-")
            .tempdir()
            .unwrap_or_else(|e| panic!("creating a temp dir for chromedriver: {e}"));
        let log_path = dir.path().join("chromedriver.log");
        // The port is picked by binding :0 and released before chromedriver
        // binds it, so another process may take it in between; chromedriver
        // then exits at once and a new port is tried.
        for _ in 0..3 {
            let port = free_port();
            let log = File::create(&log_path).unwrap_or_else(|e| panic!("creating {}: {e}", log_path.display()));
            let err_log = log.try_clone().unwrap_or_else(|e| panic!("duplicating the chromedriver log handle: {e}"));
            let mut child = Command::new(&exe)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::from(log))
                .stderr(Stdio::from(err_log))
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", exe.display()));
            match wait_ready(&mut child, port) {
                Ready::Yes => return Driver { child, port, dir },
                Ready::Exited => continue,
                Ready::TimedOut(last) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "chromedriver on port {port} not ready after {STARTUP:?} ({last}); its log:\n{}",
                        fs::read_to_string(&log_path).unwrap_or_default()
                    );
                }
            }
        }
        panic!(
            "chromedriver exited before becoming ready, 3 times; its last log:\n{}",
            fs::read_to_string(&log_path).unwrap_or_default()
        );
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// What chromedriver printed so far, for failure messages.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }

    /// A headless Chromium session in English.
    pub fn session(&self) -> Session {
        self.session_with("en", &[])
    }

    /// A headless Chromium session whose UI language and `Accept-Language`
    /// are `lang` (e.g. `ar`, `fr-FR`), with `extra_args` added to the
    /// browser's command line.
    pub fn session_with(&self, lang: &str, extra_args: &[&str]) -> Session {
        if !Path::new(CHROMIUM).exists() {
            panic!("{CHROMIUM} is missing: install Debian's chromium package");
        }
        let profile = tempfile::Builder::new()
            .prefix("chromium-profile-")
            .tempdir()
            .unwrap_or_else(|e| panic!("creating a Chromium profile dir: {e}"));
        let mut args: Vec<String> = [
            "--headless=new",
            // Tests run as root here, where Chromium refuses its sandbox.
            "--no-sandbox",
            "--disable-gpu",
            // Containers often give /dev/shm 64 MB, too little for Chromium.
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        args.push(format!("--lang={lang}"));
        // A fresh profile per session: no cookies, cache or crash-restore
        // state leaks between tests.
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra_args.iter().map(|s| (*s).to_owned()));
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "implicit": 0, "pageLoad": PAGE_LOAD_MS, "script": SCRIPT_MS },
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": args,
                        "prefs": { "intl.accept_languages": lang },
                    },
                }
            }
        });
        let value = call(self.port, "new session", "POST", "/session", Some(&caps), CALL_TIMEOUT)
            .unwrap_or_else(|e| panic!("{e}\nchromedriver log:\n{}", self.log()));
        let id =
            value["sessionId"].as_str().unwrap_or_else(|| panic!("new session: no sessionId in {value}")).to_owned();
        Session { conn: Conn { port: self.port, session: id }, _profile: profile }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Killing chromedriver alone orphans the browsers it started;
        // `/shutdown` makes it quit them first.
        let _ = call(self.port, "shutdown", "GET", "/shutdown", None, CLEANUP_TIMEOUT);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(POLL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

enum Ready {
    Yes,
    Exited,
    TimedOut(String),
}

fn wait_ready(child: &mut Child, port: u16) -> Ready {
    let deadline = Instant::now() + STARTUP;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            return Ready::Exited;
        }
        let last = match call(port, "status", "GET", "/status", None, Duration::from_secs(2)) {
            Ok(v) if v["ready"] == json!(true) => return Ready::Yes,
            Ok(v) => format!("not ready: {v}"),
            Err(e) => e.to_string(),
        };
        if Instant::now() >= deadline {
            return Ready::TimedOut(last);
        }
        thread::sleep(POLL);
    }
}

fn chromedriver_path() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("chromedriver")).find(|f| f.is_file()))
        .unwrap_or_default();
    on_path.unwrap_or_else(|| {
        let fallback = PathBuf::from("/usr/bin/chromedriver");
        if !fallback.is_file() {
            panic!("chromedriver is neither on PATH nor at /usr/bin/chromedriver: install chromium-driver");
        }
        fallback
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("finding a free loopback port: {e}"))
}

/// Where one session's commands go; elements carry a copy so they need no
/// borrow of their `Session`.
#[derive(Debug, Clone)]
struct Conn {
    port: u16,
    session: String,
}

impl Conn {
    fn try_cmd(&self, name: &str, method: &str, suffix: &str, body: Option<Value>) -> Result<Value, WdError> {
        let path = format!("/session/{}{suffix}", self.session);
        // W3C requires a JSON body on every POST, even one with no parameters.
        let body = match (method, body) {
            ("POST", None) => Some(json!({})),
            (_, body) => body,
        };
        call(self.port, name, method, &path, body.as_ref(), CALL_TIMEOUT)
    }

    fn cmd(&self, name: &str, method: &str, suffix: &str, body: Option<Value>) -> Value {
        self.try_cmd(name, method, suffix, body).unwrap_or_else(|e| panic!("{e}"))
    }

    fn elements(&self, name: &str, suffix: &str, css: &str) -> Result<Vec<Element>, WdError> {
        let found = self.try_cmd(name, "POST", suffix, Some(json!({"using": "css selector", "value": css})))?;
        let list =
            found.as_array().and_then(|l| l.iter().map(|v| self.element_from(v, css)).collect::<Option<Vec<_>>>());
        list.ok_or_else(|| WdError {
            command: format!("{name} (POST /session/{}{suffix})", self.session),
            error: "bad response".into(),
            message: format!("not a list of element references: {found}"),
        })
    }

    fn element(&self, name: &str, suffix: &str, css: &str) -> Result<Element, WdError> {
        let found = self.try_cmd(name, "POST", suffix, Some(json!({"using": "css selector", "value": css})))?;
        self.element_from(&found, css).ok_or_else(|| WdError {
            command: format!("{name} (POST /session/{}{suffix})", self.session),
            error: "bad response".into(),
            message: format!("not an element reference: {found}"),
        })
    }

    fn element_from(&self, v: &Value, css: &str) -> Option<Element> {
        let id = v.get(ELEMENT_KEY)?.as_str()?;
        Some(Element { conn: self.clone(), id: id.to_owned(), css: css.to_owned() })
    }

    fn string(&self, name: &str, method: &str, suffix: &str) -> String {
        match self.cmd(name, method, suffix, None) {
            Value::String(s) => s,
            other => panic!("WebDriver command {name}: expected a string, got {other}"),
        }
    }

    fn url(&self) -> String {
        self.string("get url", "GET", "/url")
    }

    /// The current URL for a failure message, which must not itself panic
    /// when the session is what broke.
    fn where_now(&self) -> String {
        match self.try_cmd("get url", "GET", "/url", None) {
            Ok(Value::String(url)) => url,
            Ok(other) => format!("(URL unknown: {other})"),
            Err(e) => format!("(URL unknown: {e})"),
        }
    }
}

/// A headless Chromium session; dropping it closes the browser and deletes
/// its profile.
#[derive(Debug)]
pub struct Session {
    conn: Conn,
    // Dropped after `Drop::drop` has quit the browser that writes into it.
    _profile: tempfile::TempDir,
}

impl Session {
    pub fn id(&self) -> &str {
        &self.conn.session
    }

    /// Navigates and waits for the page's load event.
    pub fn goto(&self, url: &str) {
        self.conn.cmd("navigate to", "POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.conn.url()
    }

    pub fn title(&self) -> String {
        self.conn.string("get title", "GET", "/title")
    }

    /// The current DOM serialised, not the bytes the server sent.
    pub fn source(&self) -> String {
        self.conn.string("get page source", "GET", "/source")
    }

    /// The first element matching `css`; panics naming the selector and the
    /// page when there is none.
    pub fn find(&self, css: &str) -> Element {
        match self.try_find(css) {
            Ok(el) => el,
            Err(e) if e.error == "no such element" => {
                panic!("find: no element matches `{css}` on {}", self.conn.where_now())
            }
            Err(e) => panic!("{e} (selector `{css}`)"),
        }
    }

    pub fn try_find(&self, css: &str) -> Result<Element, WdError> {
        self.conn.element("find element", "/element", css)
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.conn.elements("find elements", "/elements", css).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn exists(&self, css: &str) -> bool {
        !self.find_all(css).is_empty()
    }

    /// Polls until an element matches `css`, for content that scripts add
    /// after the load event.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            match self.try_find(css) {
                Ok(el) => return el,
                Err(e) if e.error == "no such element" => {}
                Err(e) => panic!("wait_for `{css}`: {e}"),
            }
            if Instant::now() >= deadline {
                panic!("wait_for: no element matches `{css}` on {} after {timeout:?}", self.conn.where_now());
            }
            thread::sleep(POLL);
        }
    }

    /// Polls `ready` until it holds; `what` names the condition in the
    /// panic on timeout.
    pub fn wait_until(&self, what: &str, timeout: Duration, mut ready: impl FnMut(&Session) -> bool) {
        let deadline = Instant::now() + timeout;
        while !ready(self) {
            if Instant::now() >= deadline {
                panic!("wait_until: {what} still false on {} after {timeout:?}", self.conn.where_now());
            }
            thread::sleep(POLL);
        }
    }

    /// Runs `script` as a function body (`return` gives the result);
    /// `args` are its `arguments`, elements passed as `Element::as_arg`.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.try_execute(script, args).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn try_execute(&self, script: &str, args: &[Value]) -> Result<Value, WdError> {
        self.conn.try_cmd("execute script", "POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// The viewport as PNG bytes.
    pub fn screenshot_png(&self) -> Vec<u8> {
        let encoded = self.conn.cmd("take screenshot", "GET", "/screenshot", None);
        let text = encoded.as_str().unwrap_or_else(|| panic!("take screenshot: not a string: {encoded}"));
        base64_decode(text).unwrap_or_else(|e| panic!("take screenshot: {e}"))
    }

    /// Writes the viewport as a PNG file at `path`.
    pub fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        fs::write(path, self.screenshot_png()).unwrap_or_else(|e| panic!("writing screenshot {}: {e}", path.display()));
    }

    /// Cookies visible to the current page, as the W3C cookie objects
    /// (`name`, `value`, `path`, `domain`, `httpOnly`, `secure`, `sameSite`,
    /// `expiry`).
    pub fn cookies(&self) -> Vec<Value> {
        match self.conn.cmd("get all cookies", "GET", "/cookie", None) {
            Value::Array(cookies) => cookies,
            other => panic!("WebDriver command get all cookies: expected a list, got {other}"),
        }
    }

    pub fn delete_cookie(&self, name: &str) {
        self.conn.cmd("delete cookie", "DELETE", &format!("/cookie/{}", percent_encode(name)), None);
    }

    pub fn back(&self) {
        self.conn.cmd("back", "POST", "/back", None);
    }

    pub fn refresh(&self) {
        self.conn.cmd("refresh", "POST", "/refresh", None);
    }

    /// Replaces the value of the field matching `css` with `text`.
    pub fn fill(&self, css: &str, text: &str) {
        let el = self.find(css);
        el.clear();
        el.send_keys(text);
    }

    /// Clicks the submit button matching `button_css` and waits until the
    /// page it leads to has loaded; panics if no new page comes.
    pub fn submit_form(&self, button_css: &str) {
        // chromedriver's click does not always wait for the navigation a
        // submit starts, and the new page may have the same URL: a marker
        // on the old document's window tells the two documents apart.
        self.execute("window.__webdriverBeforeSubmit = true;", &[]);
        self.find(button_css).click();
        let deadline = Instant::now() + SUBMIT_TIMEOUT;
        let probe = "return !window.__webdriverBeforeSubmit && document.readyState === 'complete';";
        loop {
            // Scripts can fail while the old document is being torn down;
            // that is "not yet", not an error.
            let last = match self.try_execute(probe, &[]) {
                Ok(Value::Bool(true)) => return,
                Ok(v) => v.to_string(),
                Err(e) => e.to_string(),
            };
            if Instant::now() >= deadline {
                panic!(
                    "submit_form `{button_css}`: no new page loaded after {SUBMIT_TIMEOUT:?}, still on {} ({last})",
                    self.conn.where_now()
                );
            }
            thread::sleep(POLL);
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.conn.session);
        let _ = call(self.conn.port, "delete session", "DELETE", &path, None, CLEANUP_TIMEOUT);
    }
}

/// An element of the page it was found on; commands on it fail with `stale
/// element reference` once that page is gone.
#[derive(Debug, Clone)]
pub struct Element {
    conn: Conn,
    id: String,
    /// The selector it was found by, for messages.
    css: String,
}

impl Element {
    fn cmd(&self, name: &str, method: &str, what: &str, body: Option<Value>) -> Value {
        let suffix = format!("/element/{}{what}", self.id);
        self.conn.try_cmd(name, method, &suffix, body).unwrap_or_else(|e| panic!("{e} (element `{}`)", self.css))
    }

    fn string(&self, name: &str, what: &str) -> String {
        match self.cmd(name, "GET", what, None) {
            Value::String(s) => s,
            other => panic!("WebDriver command {name}: expected a string, got {other} (element `{}`)", self.css),
        }
    }

    /// The reference to pass in `Session::execute`'s `args`.
    pub fn as_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// The first descendant matching `css`.
    pub fn find(&self, css: &str) -> Element {
        let suffix = format!("/element/{}/element", self.id);
        match self.conn.element("find element from element", &suffix, css) {
            Ok(el) => el,
            Err(e) if e.error == "no such element" => {
                panic!("find: no element matches `{css}` inside `{}` on {}", self.css, self.conn.where_now())
            }
            Err(e) => panic!("{e} (selector `{css}`)"),
        }
    }

    pub fn click(&self) {
        self.cmd("element click", "POST", "/click", None);
    }

    /// Types `text` into the element, after what it already holds.
    pub fn send_keys(&self, text: &str) {
        self.cmd("element send keys", "POST", "/value", Some(json!({ "text": text })));
    }

    pub fn clear(&self) {
        self.cmd("element clear", "POST", "/clear", None);
    }

    /// The rendered text, as a user would see it (hidden parts left out).
    pub fn text(&self) -> String {
        self.string("get element text", "/text")
    }

    pub fn tag_name(&self) -> String {
        self.string("get element tag name", "/name")
    }

    /// The HTML attribute as written in the markup (`None` if absent); for
    /// the live state of a form control use `property`.
    pub fn attr(&self, name: &str) -> Option<String> {
        let v = self.cmd("get element attribute", "GET", &format!("/attribute/{}", percent_encode(name)), None);
        v.as_str().map(str::to_owned)
    }

    /// The DOM property (`value`, `checked`, ...), `Value::Null` if unset.
    pub fn property(&self, name: &str) -> Value {
        self.cmd("get element property", "GET", &format!("/property/{}", percent_encode(name)), None)
    }

    pub fn is_displayed(&self) -> bool {
        self.cmd("is element displayed", "GET", "/displayed", None) == json!(true)
    }

    /// Selects the `<option>` with this `value` in a `<select>` by clicking
    /// it, as a user would, so `change` listeners fire.
    pub fn select_by_value(&self, value: &str) {
        let css = format!("option[value=\"{}\"]", css_string(value));
        let suffix = format!("/element/{}/element", self.id);
        let option = self
            .conn
            .element("find element from element", &suffix, &css)
            .unwrap_or_else(|e| panic!("select_by_value: no option with value {value:?} in `{}` ({e})", self.css));
        option.click();
        let now = self.property("value");
        if now != json!(value) {
            panic!("select_by_value: `{}` has value {now} after clicking the option {value:?}", self.css);
        }
    }
}

/// Sends one command and returns the `value` of its answer, or the W3C
/// error it carried.
fn call(
    port: u16,
    name: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> Result<Value, WdError> {
    let command = format!("{name} ({method} {path})");
    let fail = |error: &str, message: String| WdError { command: command.clone(), error: error.to_owned(), message };
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let (status, bytes) = http(port, method, path, &body, timeout).map_err(|e| fail("transport", e))?;
    let mut answer: Value = serde_json::from_slice(&bytes).map_err(|e| {
        let text = String::from_utf8_lossy(&bytes);
        fail("bad response", format!("HTTP {status}, not JSON ({e}): {}", truncate(&text, 500)))
    })?;
    let value = answer.get_mut("value").map(Value::take).unwrap_or(Value::Null);
    match value.get("error").and_then(Value::as_str) {
        Some(error) => {
            let message = value.get("message").and_then(Value::as_str).unwrap_or_default();
            Err(fail(error, format!("{message} (HTTP {status})")))
        }
        None if status != 200 => {
            Err(fail("bad response", format!("HTTP {status}: {}", truncate(&answer.to_string(), 500))))
        }
        None => Ok(value),
    }
}

/// One HTTP/1.1 exchange on a fresh connection: the status and the body.
fn http(port: u16, method: &str, path: &str, body: &str, timeout: Duration) -> Result<(u16, Vec<u8>), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5).min(timeout))
        .map_err(|e| format!("connecting to {addr}: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body.as_bytes()))
        .map_err(|e| format!("sending: {e}"))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    // Read until the response is complete rather than until EOF, so a
    // server that keeps the connection open despite `Connection: close`
    // cannot stall us until the timeout.
    loop {
        let n = stream.read(&mut chunk).map_err(|e| format!("reading the response: {e}"))?;
        let eof = n == 0;
        buf.extend_from_slice(&chunk[..n]);
        if let Some(done) = parse_response(&buf, eof)? {
            return Ok(done);
        }
    }
}

/// `Ok(None)` while more bytes are needed.
fn parse_response(buf: &[u8], eof: bool) -> Result<Option<(u16, Vec<u8>)>, String> {
    let Some(end) = position_of(buf, b"\r\n\r\n") else {
        return if eof { Err("connection closed inside the response headers".into()) } else { Ok(None) };
    };
    let head = String::from_utf8_lossy(&buf[..end]);
    let rest = &buf[end + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let mut length = None;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().map_err(|_| format!("bad Content-Length {value:?}"))?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    let body = if chunked {
        dechunk(rest)?
    } else if let Some(n) = length {
        (rest.len() >= n).then(|| rest[..n].to_vec())
    } else {
        eof.then(|| rest.to_vec())
    };
    match body {
        Some(body) => Ok(Some((status, body))),
        None if eof => Err(format!("connection closed inside the body (HTTP {status}, {} bytes)", rest.len())),
        None => Ok(None),
    }
}

/// Decodes a chunked body; `Ok(None)` if it has not all arrived.
fn dechunk(mut data: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = position_of(data, b"\r\n") else { return Ok(None) };
        let line = String::from_utf8_lossy(&data[..eol]);
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| format!("bad chunk size {size_text:?}"))?;
        data = &data[eol + 2..];
        if size == 0 {
            // Trailers are ignored; the body is complete.
            return Ok(Some(out));
        }
        if data.len() < size + 2 {
            return Ok(None);
        }
        out.extend_from_slice(&data[..size]);
        if &data[size..size + 2] != b"\r\n" {
            return Err("chunk not followed by CRLF".into());
        }
        data = &data[size + 2..];
    }
}

fn position_of(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Standard base64 with padding, as WebDriver sends screenshots. The cli
/// crate's test code has no base64 crate, and this is all it needs.
fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = 0;
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b'\r' | b'\n' => continue,
            _ => return Err(format!("base64: unexpected byte {c:#04x} at {i}")),
        };
        if padding > 0 {
            return Err(format!("base64: data after padding at {i}"));
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// Escapes `text` for use inside a double-quoted CSS string.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\a "),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a URL path segment (cookie and attribute names).
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
