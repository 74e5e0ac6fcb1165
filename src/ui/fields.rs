//! Numbers in the page's fields: how an input shows a value and reads what was typed.

/// A number as an input shows it: up to six decimals, no trailing zeros, empty for NaN.
pub fn show(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Parses what the user typed (a comma works as the decimal point); NaN when it is no number,
/// which validation then reports in words.
pub fn parse(text: &str) -> f64 {
    text.trim()
        .replace(',', ".")
        .replace([' ', '\u{a0}', '\u{202f}'], "")
        .parse()
        .unwrap_or(f64::NAN)
}

/// A whole number from a field; anything not finite becomes 0, which validation then names.
pub fn whole(v: f64) -> i64 {
    if v.is_finite() {
        v.round() as i64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_shows_without_trailing_zeros() {
        assert_eq!(show(2_000_000.0), "2000000");
        assert_eq!(show(0.7), "0.7");
        assert_eq!(show(0.7 * 100.0), "70");
        assert_eq!(show(1.0 / 3.0), "0.333333");
        assert_eq!(show(-1.5), "-1.5");
        assert_eq!(show(f64::NAN), "");
        assert_eq!(show(f64::INFINITY), "");
    }

    #[test]
    fn typed_numbers_are_read_as_people_write_them() {
        assert_eq!(parse("0,7"), 0.7);
        assert_eq!(parse(" 2 000 000 "), 2_000_000.0);
        assert_eq!(parse("1\u{a0}500"), 1500.0);
        assert_eq!(parse("1\u{202f}500,5"), 1500.5);
        assert_eq!(parse("-3"), -3.0);
        assert!(parse("").is_nan());
        assert!(parse("много").is_nan());
        // What is shown reads back as the same value (a percent field scales by 100).
        for x in [0.0, 0.05, 0.7, 3.25, 150000.0] {
            assert_eq!(parse(&show(x * 100.0)) / 100.0, x);
        }
    }

    #[test]
    fn whole_numbers_round_and_no_number_is_zero() {
        assert_eq!(whole(2.5), 3);
        assert_eq!(whole(-2.4), -2);
        assert_eq!(whole(f64::NAN), 0);
        assert_eq!(whole(f64::INFINITY), 0);
    }
}
