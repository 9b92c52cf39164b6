#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| clawscope_fuzz::run("transcript_line", data));
