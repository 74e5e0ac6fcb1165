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
