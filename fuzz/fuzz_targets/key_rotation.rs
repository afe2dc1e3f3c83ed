//! Fuzz target `key_rotation` (issue 11 fuzzing): see `dief_fuzz::key_rotation` for what it
//! decodes and checks, and README.md for how to run it.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = dief_fuzz::key_rotation(data);
});
