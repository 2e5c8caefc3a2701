//! French date expressions → ISO dates with ACLED's time precision, resolved against the
//! publication date: `jeudi 15 août 2024`, `lundi`, `mardi soir`, `hier`, `4 et le 7 avril`,
//! `nuit de mercredi à jeudi` (the first day, precision 2), `début août`, `juillet 2022`, `le week-end dernier`.

use crate::document::PublicationDate;
use crate::text::fold;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::sync::OnceLock;

/// A resolved date: `precision` 1 = the day is known, 2 = a range of days or a week (the
/// first day is coded), 3 = only the month (the first of the month is coded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedDate {
    pub date: NaiveDate,
    pub precision: u8,
}

/// Folded month names and abbreviations, in the pattern used by every date regex.
pub const MONTHS: &str = r"janvier|janv\.?|fevrier|fevr\.?|fev\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|aout|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|decembre|dec\.?";
pub const WEEKDAYS: &str = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche";

fn month_number(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.');
    Some(match m {
        "janvier" | "janv" => 1,
        "fevrier" | "fevr" | "fev" => 2,
        "mars" => 3,
        "avril" | "avr" => 4,
        "mai" => 5,
        "juin" => 6,
        "juillet" | "juil" => 7,
        "aout" => 8,
        "septembre" | "sept" => 9,
        "octobre" | "oct" => 10,
        "novembre" | "nov" => 11,
        "decembre" | "dec" => 12,
        _ => return None,
    })
}

fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "lundi" => Weekday::Mon,
        "mardi" => Weekday::Tue,
        "mercredi" => Weekday::Wed,
        "jeudi" => Weekday::Thu,
        "vendredi" => Weekday::Fri,
        "samedi" => Weekday::Sat,
        "dimanche" => Weekday::Sun,
        _ => return None,
    })
}

struct Patterns {
    full: Regex,
    range: Regex,
    night: Regex,
    weekday: Regex,
    part_of_month: Regex,
    month: Regex,
    numeric: Regex,
    relative: Regex,
    year: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: String| Regex::new(&s).expect("date pattern");
        Patterns {
            full: r(format!(r"^(?:(?:{WEEKDAYS}) )?(?:le )?(1er|\d{{1,2}}) ({MONTHS})(?: (\d{{4}}))?(?: (?:au )?(?:soir|matin|apres midi|nuit))?$")),
            range: r(format!(r"^(?:(?:{WEEKDAYS}) )?(1er|\d{{1,2}})(?: ({MONTHS}))?(?: (\d{{4}}))? (?:et le|et|au|a|-|/) (?:(?:{WEEKDAYS}) )?(\d{{1,2}}) ({MONTHS})(?: (\d{{4}}))?$")),
            night: r(format!(r"^(?:nuit|soiree|journee|matinee) (?:de |du )?({WEEKDAYS})(?: (1er|\d{{1,2}}) ({MONTHS})(?: (\d{{4}}))?)?(?: (?:a|au) (?:{WEEKDAYS})(?: \d{{1,2}} (?:{MONTHS})(?: \d{{4}})?)?)?(?: dernier| derniere)?$")),
            weekday: r(format!(r"^(?:ce |le )?({WEEKDAYS})(?: (?:dernier|soir|matin|apres midi|nuit|matin tres tot|en fin de journee|en debut de soiree|en fin d'apres midi))*$")),
            part_of_month: r(format!(r"^(debut|fin|courant|mi|mi )\s?(?:(?:du )?mois (?:de |d'))?({MONTHS})(?: (\d{{4}}))?$")),
            month: r(format!(r"^(?:(?:le )?mois (?:de |d'))?({MONTHS})(?: (\d{{4}}))?$")),
            // folding turns ISO hyphens into spaces
            numeric: r(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$|^(\d{4})[- ](\d{2})[- ](\d{2})$".to_string()),
            relative: r(r"^(hier|avant hier|aujourd'hui|ce matin|ce soir|cette nuit|la veille|(?:le |ce )?week end(?: dernier)?|(?:la )?semaine derniere|(?:la )?nuit derniere|hier soir|hier matin)$".to_string()),
            year: r(r"^(?:en |l'an )?((?:19|20)\d{2})$".to_string()),
        }
    })
}

/// Resolves a DATE span's text. Returns `None` when the expression cannot be placed (a
/// weekday with no publication date, a bare year).
pub fn resolve(text: &str, published: Option<PublicationDate>) -> Option<ResolvedDate> {
    let f = fold(text.trim());
    let f = f.trim_end_matches([',', '.', ';']).replace(" 1er ", " 1 ");
    let f = f.trim_start_matches("le ").trim_start_matches("l'").trim();
    let p = patterns();
    let anchor = published.map(|p| p.anchor());
    let day = |d: &str| {
        if d == "1er" {
            1
        } else {
            d.parse().unwrap_or(0)
        }
    };

    if let Some(c) = p.full.captures(f) {
        let d = day(&c[1]);
        let m = month_number(&c[2])?;
        let date = with_year(d, m, c.get(3).map(|y| y.as_str()), anchor)?;
        return Some(ResolvedDate { date, precision: 1 });
    }
    if let Some(c) = p.range.captures(f) {
        let d = day(&c[1]);
        let m = month_number(c.get(2).map_or(&c[5], |m| m.as_str()))?;
        let year = c.get(3).or(c.get(6)).map(|y| y.as_str());
        let date = with_year(d, m, year, anchor)?;
        return Some(ResolvedDate { date, precision: 2 });
    }
    if let Some(c) = p.night.captures(f) {
        if let (Some(d), Some(m)) = (c.get(2), c.get(3)) {
            let date = with_year(
                day(d.as_str()),
                month_number(m.as_str())?,
                c.get(4).map(|y| y.as_str()),
                anchor,
            )?;
            return Some(ResolvedDate { date, precision: 2 });
        }
        let date = last_weekday(weekday(&c[1])?, anchor?, true);
        return Some(ResolvedDate { date, precision: 2 });
    }
    if let Some(c) = p.weekday.captures(f) {
        let date = last_weekday(weekday(&c[1])?, anchor?, false);
        return Some(ResolvedDate { date, precision: 1 });
    }
    if let Some(c) = p.part_of_month.captures(f) {
        let m = month_number(&c[2])?;
        let first = with_year(1, m, c.get(3).map(|y| y.as_str()), anchor)?;
        return Some(if c[1].starts_with("mi") {
            ResolvedDate {
                date: first.with_day(15)?,
                precision: 2,
            }
        } else {
            ResolvedDate {
                date: first,
                precision: 3,
            }
        });
    }
    if let Some(c) = p.month.captures(f) {
        let m = month_number(&c[1])?;
        let date = with_year(1, m, c.get(2).map(|y| y.as_str()), anchor)?;
        return Some(ResolvedDate { date, precision: 3 });
    }
    if let Some(c) = p.numeric.captures(f) {
        let date = if c.get(1).is_some() {
            NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?
        } else {
            NaiveDate::from_ymd_opt(c[4].parse().ok()?, c[5].parse().ok()?, c[6].parse().ok()?)?
        };
        return Some(ResolvedDate { date, precision: 1 });
    }
    if let Some(c) = p.relative.captures(f) {
        let a = anchor?;
        let w = &c[1];
        return Some(
            if w.starts_with("hier") || w == "la veille" || w.contains("nuit derniere") {
                ResolvedDate {
                    date: a - Duration::days(1),
                    precision: 1,
                }
            } else if w == "avant hier" {
                ResolvedDate {
                    date: a - Duration::days(2),
                    precision: 1,
                }
            } else if w.contains("week end") {
                ResolvedDate {
                    date: last_weekday(Weekday::Sat, a, true),
                    precision: 2,
                }
            } else if w.contains("semaine") {
                let monday = a - Duration::days(a.weekday().num_days_from_monday() as i64 + 7);
                ResolvedDate {
                    date: monday,
                    precision: 2,
                }
            } else {
                ResolvedDate {
                    date: a,
                    precision: 1,
                }
            },
        );
    }
    if p.year.is_match(f) {
        return None;
    }
    None
}

/// Builds a date, taking the year from the text, else from the anchor — the year before
/// when that would put the date after the publication.
fn with_year(
    day: u32,
    month: u32,
    year: Option<&str>,
    anchor: Option<NaiveDate>,
) -> Option<NaiveDate> {
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y.parse().ok()?, month, day),
        None => {
            let a = anchor?;
            let d = NaiveDate::from_ymd_opt(a.year(), month, day)?;
            if d > a + Duration::days(1) {
                NaiveDate::from_ymd_opt(a.year() - 1, month, day)
            } else {
                Some(d)
            }
        }
    }
}

/// The most recent `w` on or before the anchor (strictly before when `strict`: the night or
/// week-end before an article is never the article's own day).
fn last_weekday(w: Weekday, anchor: NaiveDate, strict: bool) -> NaiveDate {
    let mut back =
        (7 + anchor.weekday().num_days_from_monday() as i64 - w.num_days_from_monday() as i64) % 7;
    if strict && back == 0 {
        back = 7;
    }
    anchor - Duration::days(back)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str, published: &str) -> Option<(String, u8)> {
        resolve(text, Some(published.parse().unwrap())).map(|d| (d.date.to_string(), d.precision))
    }

    fn day(s: &str) -> Option<(String, u8)> {
        Some((s.to_string(), 1))
    }

    #[test]
    fn full_dates() {
        assert_eq!(r("jeudi 15 août 2024", "2024-08-16"), day("2024-08-15"));
        assert_eq!(r("mardi 30 juillet 2024", "2024-07-31"), day("2024-07-30"));
        assert_eq!(
            r("vendredi 26 juillet 2024", "2024-07-31"),
            day("2024-07-26")
        );
        assert_eq!(r("1er janvier 2020", "2020-01-05"), day("2020-01-01"));
        assert_eq!(r("15 janv.", "2021-01-15"), day("2021-01-15"));
        // a date after the publication belongs to the year before
        assert_eq!(r("28 décembre", "2021-01-04"), day("2020-12-28"));
    }

    #[test]
    fn weekdays_and_relative_days() {
        // 2024-07-31 is a Wednesday
        assert_eq!(r("lundi", "2024-07-31"), day("2024-07-29"));
        assert_eq!(r("mardi soir", "2024-07-31"), day("2024-07-30"));
        assert_eq!(r("mercredi", "2024-07-31"), day("2024-07-31"));
        assert_eq!(r("hier", "2024-07-31"), day("2024-07-30"));
        // a night spans two days: the first, coded as a two-day range
        assert_eq!(
            r("nuit de mercredi à jeudi", "2024-08-02"),
            Some(("2024-07-31".into(), 2))
        );
        assert_eq!(r("week-end", "2024-07-31"), Some(("2024-07-27".into(), 2)));
        assert_eq!(resolve("lundi", None), None);
    }

    #[test]
    fn ranges_and_months() {
        assert_eq!(
            r("4 et le 7 avril", "2020-04-20"),
            Some(("2020-04-04".into(), 2))
        );
        assert_eq!(
            r("4 au 7 avril 2020", "2020-05-01"),
            Some(("2020-04-04".into(), 2))
        );
        assert_eq!(
            r("début août", "2022-08-16"),
            Some(("2022-08-01".into(), 3))
        );
        assert_eq!(r("juillet", "2022-08-16"), Some(("2022-07-01".into(), 3)));
        assert_eq!(r("mai 2021", "2022-08-16"), Some(("2021-05-01".into(), 3)));
        assert_eq!(r("mi-août", "2022-08-30"), Some(("2022-08-15".into(), 2)));
        assert_eq!(r("30/07/2024", "2024-08-01"), day("2024-07-30"));
        assert_eq!(r("2013", "2022-08-16"), None);
    }
}
