//! Number formatting shared by the command line, the charts and the page.

/// Groups the integer part of `x` (rounded) in threes with `sep`: `2800000` → `2,800,000`.
pub fn grouped(x: f64, sep: &str) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let rounded = x.round();
    let negative = rounded < 0.0;
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len() + 1);
    if negative {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// A money amount made short for chart axes: `2.8M`, `350k`, `900`.
pub fn compact(x: f64) -> String {
    let a = x.abs();
    let (v, suffix) = if a >= 1e9 {
        (x / 1e9, "B")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e3 {
        (x / 1e3, "k")
    } else {
        (x, "")
    };
    let text = if v.abs() >= 100.0 || v.fract().abs() < 0.05 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    format!("{text}{suffix}")
}

/// A share as a percentage with one decimal: `0.6123` → `61.2%`.
pub fn percent(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

/// An optional share, `—` when absent.
pub fn percent_or_dash(p: Option<f64>) -> String {
    p.map_or_else(|| "—".into(), percent)
}

/// A difference of shares in signed percentage points: `+3.2 pp`, `-0.4 pp`.
pub fn signed_points(d: f64) -> String {
    format!("{:+.1} pp", d * 100.0).replace("-0.0 pp", "+0.0 pp")
}

/// A difference of shares with the half-width of its interval, in percentage points:
/// `-18.0 ± 1.6 pp`.
pub fn points_interval(d: f64, half: f64) -> String {
    format!("{} ± {:.1} pp", signed_points(d).trim_end_matches(" pp"), half * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentage_points_are_signed() {
        assert_eq!(signed_points(0.032), "+3.2 pp");
        assert_eq!(signed_points(-0.004), "-0.4 pp");
        assert_eq!(signed_points(-0.0001), "+0.0 pp");
        assert_eq!(points_interval(-0.18, 0.0157), "-18.0 ± 1.6 pp");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(2_800_000.0, ","), "2,800,000");
        assert_eq!(grouped(-1234.4, " "), "-1 234");
        assert_eq!(grouped(999.0, ","), "999");
        assert_eq!(grouped(0.0, ","), "0");
    }

    #[test]
    fn compacts() {
        assert_eq!(compact(2_800_000.0), "2.8M");
        assert_eq!(compact(350_000.0), "350k");
        assert_eq!(compact(3_000_000.0), "3M");
    }
}
