#![allow(dead_code)]

pub mod fed;
pub mod webdriver;
