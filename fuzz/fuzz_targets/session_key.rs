#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| clawscope_fuzz::run("session_key", data));
