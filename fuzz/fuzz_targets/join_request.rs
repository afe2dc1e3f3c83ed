//! Fuzz target `join_request` (issue 11 fuzzing): see `dief_fuzz::join_request` for what it
//! decodes and checks, and README.md for how to run it.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = dief_fuzz::join_request(data);
});
