//! The run settings as the page reads them: trials and seed typed as text.

use crate::sim::scenario::FieldError;
use crate::sim::RunConfig;

/// Parses the run settings typed by the user.
pub fn parse_config(trials: &str, seed: &str) -> Result<RunConfig, Vec<FieldError>> {
    let mut errors = Vec::new();
    let t = trials.trim().replace([' ', '_', ','], "").parse::<u64>();
    let trials = match t {
        Ok(n) if (1..=crate::sim::run::MAX_TRIALS).contains(&n) => n,
        _ => {
            errors.push(FieldError {
                path: "trials".into(),
                message: format!("{trials} is outside 1..={}", crate::sim::run::MAX_TRIALS),
            });
            0
        }
    };
    let seed = seed.trim().parse::<u64>().unwrap_or_else(|_| {
        errors.push(FieldError {
            path: "seed".into(),
            message: format!("{seed} is outside 0..={}", u64::MAX),
        });
        0
    });
    if errors.is_empty() {
        Ok(RunConfig { trials, seed, ..RunConfig::default() })
    } else {
        Err(errors)
    }
}
