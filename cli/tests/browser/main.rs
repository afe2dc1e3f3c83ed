//! The web interface in a real browser (issue 12): Debian's headless
//! Chromium driven through chromedriver (`common::webdriver`) against real
//! `dief run` nodes formed into a federation with the CLI
//! (`common::fed`). One module per area of the interface; `driver` proves
//! the WebDriver client itself. With `DIEF_SCREENSHOTS` set, the tests
//! save their screenshots there (how `docs/screenshots/` is made).

#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod attachments;
mod cases;
mod driver;
mod meetings;
mod operations;
mod procedures;
mod support;
