//! Fuzz target `frame` (issue 11 fuzzing): see `dief_fuzz::frame` for what it
//! decodes and checks, and README.md for how to run it.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = dief_fuzz::frame(data);
});
