//! Number formatting shared by the command line, the charts and the page. [`Numbers`] writes
//! them as the page's language does (Russian: a decimal comma, thousands apart by a narrow
//! no-break space, «п. п.», «тыс.», «млн»; English: the usual); the free functions are the
//! command line's English forms.

use super::i18n::Lang;

/// The narrow no-break space Russian puts between thousands (and before a unit).
pub const THIN: &str = "\u{202f}";

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

/// Numbers as `lang` writes them: one place for every number the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbers(pub Lang);

impl Default for Numbers {
    /// English, as the command line writes.
    fn default() -> Numbers {
        Numbers(Lang::En)
    }
}

impl Numbers {
    /// Numbers in `lang`.
    pub fn of(lang: Lang) -> Numbers {
        Numbers(lang)
    }

    fn ru(self) -> bool {
        self.0 == Lang::Ru
    }

    /// A number written with a decimal point, made the language's: Russian's decimal comma.
    pub fn localize(self, text: &str) -> String {
        if self.ru() {
            text.replace('.', ",")
        } else {
            text.to_owned()
        }
    }

    /// `x` with `places` decimals: `2,5` / `2.5`.
    pub fn decimal(self, x: f64, places: usize) -> String {
        self.localize(&format!("{x:.places$}"))
    }

    /// `x` rounded, its thousands grouped: `2 800 000` (narrow spaces) / `2,800,000`.
    pub fn grouped(self, x: f64) -> String {
        grouped(x, if self.ru() { THIN } else { "," })
    }

    /// A share as a percentage with one decimal: `61,2%` / `61.2%`.
    pub fn percent(self, p: f64) -> String {
        self.localize(&percent(p))
    }

    /// An optional share, `—` when absent.
    pub fn percent_or_dash(self, p: Option<f64>) -> String {
        p.map_or_else(|| "—".into(), |p| self.percent(p))
    }

    /// A share as a percentage with `places` decimals: `4,74%` / `4.74%`.
    pub fn percent_places(self, p: f64, places: usize) -> String {
        self.localize(&format!("{:.places$}%", p * 100.0))
    }

    /// A multiple with `places` decimals: `1,5×` / `1.5×`.
    pub fn times(self, x: f64, places: usize) -> String {
        format!("{}×", self.decimal(x, places))
    }

    /// The unit of percentage points: «п. п.» / `pp`.
    pub fn pp(self) -> &'static str {
        if self.ru() {
            "п.\u{a0}п."
        } else {
            "pp"
        }
    }

    /// A whole number of signed percentage points for an axis: `+5 п. п.` / `+5 pp`, and `0`.
    pub fn axis_points(self, d: f64) -> String {
        let v = format!("{:+.0}", d * 100.0);
        if v == "+0" || v == "-0" {
            "0".into()
        } else {
            format!("{v}\u{a0}{}", self.pp())
        }
    }

    /// A difference of shares in signed percentage points: `+3,2 п. п.` / `+3.2 pp`.
    pub fn points(self, d: f64) -> String {
        let number = signed_points(d);
        let number = number.trim_end_matches(" pp");
        format!("{}\u{a0}{}", self.localize(number), self.pp())
    }

    /// A difference of shares with the half-width of its interval, in percentage points:
    /// `−18,0 ± 1,6 п. п.` / `-18.0 ± 1.6 pp`.
    pub fn points_interval(self, d: f64, half: f64) -> String {
        let number = signed_points(d);
        let number = self.localize(number.trim_end_matches(" pp"));
        format!("{number} ± {}\u{a0}{}", self.decimal(half * 100.0, 1), self.pp())
    }

    /// An amount made short for axes and tight cells: `2,8 млн`, `350 тыс.` / `2.8M`, `350k`.
    pub fn compact(self, x: f64) -> String {
        let short = compact(x);
        if !self.ru() {
            return short;
        }
        let (number, unit) = match short.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
            Some((at, _)) => short.split_at(at),
            None => (short.as_str(), ""),
        };
        let unit = match unit {
            "k" => "тыс.",
            "M" => "млн",
            "B" => "млрд",
            _ => "",
        };
        let number = self.localize(number);
        if unit.is_empty() {
            number
        } else {
            format!("{number}\u{a0}{unit}")
        }
    }
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
    fn each_language_writes_its_own_numbers() {
        let (ru, en) = (Numbers(Lang::Ru), Numbers(Lang::En));
        assert_eq!(ru.percent(0.6123), "61,2%");
        assert_eq!(en.percent(0.6123), "61.2%");
        assert_eq!(ru.grouped(2_800_000.0), "2\u{202f}800\u{202f}000");
        assert_eq!(en.grouped(2_800_000.0), "2,800,000");
        assert_eq!(ru.points(0.032), "+3,2\u{a0}п.\u{a0}п.");
        assert_eq!(en.points(-0.004), "-0.4\u{a0}pp");
        assert_eq!(ru.points_interval(-0.18, 0.0157), "-18,0 ± 1,6\u{a0}п.\u{a0}п.");
        assert_eq!(en.points_interval(-0.18, 0.0157), "-18.0 ± 1.6\u{a0}pp");
        assert_eq!(ru.compact(2_800_000.0), "2,8\u{a0}млн");
        assert_eq!(ru.compact(350_000.0), "350\u{a0}тыс.");
        assert_eq!(ru.compact(1_500_000_000.0), "1,5\u{a0}млрд");
        assert_eq!(ru.compact(900.0), "900");
        assert_eq!(en.compact(350_000.0), "350k");
        assert_eq!(ru.decimal(5.125, 1), "5,1");
        assert_eq!(ru.percent_or_dash(None), "—");
        assert_eq!(ru.percent_places(0.04744, 2), "4,74%");
        assert_eq!(en.percent_places(0.04744, 0), "5%");
        assert_eq!(ru.times(2.26, 1), "2,3×");
        assert_eq!(en.times(3.0, 2), "3.00×");
    }

    #[test]
    fn compacts() {
        assert_eq!(compact(2_800_000.0), "2.8M");
        assert_eq!(compact(350_000.0), "350k");
        assert_eq!(compact(3_000_000.0), "3M");
    }
}
