//! Rules-file text → `Rules::from_toml` (the `--rules FILE` reader): never a panic, and a
//! file it accepts holds only thresholds `Rules::validate` accepts (finite, in range, each
//! low edge below its high edge: issue 22, item 15).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stridewise::coach::rules::Rules;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(r) = Rules::from_toml(text) {
        assert_eq!(r.validate(), Ok(()));
        assert!(r.cadence_target_low_spm < r.cadence_target_high_spm);
        assert!(r.cadence_target_high_spm.is_finite() && r.noise_sd.is_finite());
    }
});
