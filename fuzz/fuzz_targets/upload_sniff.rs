//! The upload sniffer and the file-name cleaner on arbitrary bytes: a file
//! is accepted only with a real PDF, PNG or JPEG signature, and whatever
//! name it declares, the name kept is short, has no folder, no character
//! outside the safe set and the extension of what the file really is.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| asn_portal_fuzz::upload_sniff(data));
