//! Large files on the case page (issue 13): an officer on FRA attaches a
//! file to a case already shared with GHA through the page's form (the
//! file streamed into FRA's store); GHA's officer, reading in French, sees
//! it arrive complete on the case page and downloads exactly the bytes
//! that were attached. The form is FRA's owner's only, and refused
//! without the session's CSRF token.

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::common::fed::Fed;
use crate::common::webdriver::Driver;
use crate::support::{add_user, base, cookie, request, sign_in, visible_text, wait_for, WAIT};

/// `GET path` with `cookie`: (head, body as bytes).
fn download(addr: &str, path: &str, cookie: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).unwrap();
    let at = out.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    (String::from_utf8_lossy(&out[..at]).into_owned(), out[at + 4..].to_vec())
}

#[test]
fn a_file_attached_on_the_case_page_reaches_the_other_state_whole() {
    let fed = Fed::federation();
    add_user(&fed, "fra", "amina", "case_officer", "en");
    add_user(&fed, "gha", "kofi", "case_officer", "fr");
    let (fra, gha) = (base(&fed, "fra"), base(&fed, "gha"));
    let case = fed.json("fra", &["case", "new", "--title", "Video of the markings", "--status", "detected"]);
    let id = case["id"].as_str().unwrap().to_string();
    fed.json("fra", &["share", &id, "--to", "GHA"]);
    assert!(fed.wait(WAIT, || fed.cmd("gha", &["case", "show", &id]).status.success()), "GHA never got the case");

    let files = tempfile::tempdir().unwrap();
    let video = files.path().join("markings.mp4");
    let bytes = dief_node::federation::noise_bytes(3 * 1024 * 1024 + 777);
    std::fs::write(&video, &bytes).unwrap();
    let mut digest = dief_protocol::case::stream::Sha256Stream::default();
    digest.update(&bytes);
    let digest = hex::encode(digest.finish());

    let driver = Driver::start();
    let s = driver.session();
    sign_in(&s, &fra, "amina");
    s.goto(&format!("{fra}/cases/{id}"));
    assert!(visible_text(&s).contains("This case has no large files."), "{}", visible_text(&s));
    s.find("form.upload input[name=file]").send_keys(video.to_str().unwrap());
    s.submit_form("form.upload button[type=submit]");
    s.wait_for("span[data-state=complete]", WAIT);
    let row = s.find("table.files tbody tr");
    let file = row.attr("data-file").unwrap();
    let text = row.text();
    for expected in ["markings.mp4", "video/mp4", "Complete", digest.as_str()] {
        assert!(text.contains(expected), "{expected:?} not in FRA's row: {text}");
    }

    // Without the session's token, nothing is attached.
    let amina = cookie(&s);
    let forged = "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nnot-the-token\r\n--b\r\n\
                  Content-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n\r\nxyz\r\n--b--\r\n";
    let headers = [("Cookie", amina.as_str()), ("Content-Type", "multipart/form-data; boundary=b")];
    let (status, _) = request(&fed.apis["fra"], "POST", &format!("/cases/{id}/files"), &headers, forged);
    assert_eq!(status, 403);
    assert_eq!(fed.json("fra", &["attachment", "list"]).as_array().unwrap().len(), 1);

    let k = driver.session_with("fr", &[]);
    sign_in(&k, &gha, "kofi");
    k.goto(&format!("{gha}/cases/{id}"));
    wait_for(&k, "the file complete on GHA's case page", |k| k.exists("span[data-state=complete]"));
    let text = visible_text(&k);
    assert!(text.contains("Fichiers volumineux") && text.contains("Complet"), "{text}");
    assert!(!k.exists("form.upload"), "a received case has no upload form");
    let link = k.find("table.files a.download").attr("href").unwrap();
    assert_eq!(link, format!("/cases/{id}/files/{file}"));

    let (head, body) = download(&fed.apis["gha"], &link, &cookie(&k));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-type: video/mp4"), "{head}");
    assert!(head.contains("content-disposition: attachment; filename=\"markings.mp4\""), "{head}");
    assert!(body == bytes, "GHA gave back {} bytes that are not the file attached ({})", body.len(), bytes.len());
}
