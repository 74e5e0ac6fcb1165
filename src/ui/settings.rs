//! The run settings as the page reads them: trials and seed typed as text, checked by the
//! engine's own [`RunConfig::validate`].

use crate::sim::run::MAX_TRIALS;
use crate::sim::scenario::{FieldError, FieldErrorKind, Shown};
use crate::sim::RunConfig;

/// Text typed where a whole number between `lo` and `hi` was wanted.
fn not_a_number(path: &str, text: &str, lo: u64, hi: u64) -> FieldError {
    let (value, lo, hi) = (Shown::Text(text.to_owned()), Shown::Nat(lo), Shown::Nat(hi));
    FieldError::new(path, FieldErrorKind::Outside { value, lo, hi, hi_open: false, of: None })
}

/// Parses the run settings typed by the user: spaces, underscores and commas may group the
/// trials' digits; the limits are the engine's.
pub fn parse_config(trials: &str, seed: &str) -> Result<RunConfig, Vec<FieldError>> {
    let mut errors = Vec::new();
    let t = trials.trim().replace([' ', '_', ','], "").parse::<u64>();
    let n = t.unwrap_or_else(|_| {
        errors.push(not_a_number("trials", trials, 1, MAX_TRIALS));
        crate::sim::run::DEFAULT_TRIALS
    });
    let seed = seed.trim().parse::<u64>().unwrap_or_else(|_| {
        errors.push(not_a_number("seed", seed, 0, u64::MAX));
        0
    });
    let config = RunConfig { trials: n, seed, ..RunConfig::default() };
    if let Err(e) = config.validate() {
        errors.extend(e.field_error());
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(r: Result<RunConfig, Vec<FieldError>>) -> Vec<String> {
        r.err().unwrap_or_default().into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn typed_settings_become_a_config() {
        let c = parse_config(" 20 000 ", "7").expect("valid");
        assert_eq!((c.trials, c.seed), (20_000, 7));
        assert_eq!(parse_config("1_000,000", "0").map(|c| c.trials), Ok(1_000_000));
        assert_eq!(parse_config("10000000", &u64::MAX.to_string()).map(|c| c.seed), Ok(u64::MAX));
    }

    #[test]
    fn limits_are_the_engines() {
        assert_eq!(paths(parse_config("0", "1")), ["trials: 0 is outside 1..=10000000"]);
        assert_eq!(
            paths(parse_config("10000001", "1")),
            ["trials: 10000001 is outside 1..=10000000"]
        );
        // The same words as the engine's own refusal of the number.
        let engine =
            RunConfig { trials: 0, ..RunConfig::default() }.validate().expect_err("refused");
        assert_eq!(engine.to_string(), paths(parse_config("0", "1"))[0]);
    }

    #[test]
    fn text_that_is_no_number_is_named() {
        assert_eq!(
            paths(parse_config("many", "x")),
            ["trials: many is outside 1..=10000000", "seed: x is outside 0..=18446744073709551615"]
        );
        assert_eq!(
            paths(parse_config("5", "-1")),
            ["seed: -1 is outside 0..=18446744073709551615"]
        );
    }
}
