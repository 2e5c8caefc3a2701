//! Publication dates found in an article's header or byline, for inputs that carry no
//! `published` field: " date 2021-01 , 15 janv. () –", "Publié le 16 août 2024",
//! "16/08/2024 à 10h32".

use crate::document::PublicationDate;
use crate::normalize::date::MONTHS;
use crate::text::fold;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

fn patterns() -> &'static [Regex; 3] {
    static P: OnceLock<[Regex; 3]> = OnceLock::new();
    P.get_or_init(|| {
        [
            // " date 2021-01 , 15 janv." (aggregator stamp: year-month, then the day; folding
            // has turned the hyphens into spaces)
            Regex::new(&format!(r"^\s*date (\d{{4}})[- ](\d{{2}})(?:[- ](\d{{2}}))?(?: ?, ?(\d{{1,2}}) (?:{MONTHS}))?")).unwrap(),
            // "publié le (jeudi) 16 août 2024", "mis à jour le 16/08/2024"
            Regex::new(&format!(r"(?:publie|mis a jour|date|le) (?:le )?(?:\w+ )?(\d{{1,2}}) ({MONTHS}) (\d{{4}})")).unwrap(),
            Regex::new(r"(?:publie|mis a jour|le)?\s*(\d{1,2})/(\d{1,2})/(\d{4})").unwrap(),
        ]
    })
}

/// Looks for a publication date in the first lines of a text.
pub fn published_in_header(text: &str) -> Option<PublicationDate> {
    let head: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    let head = fold(&head.chars().take(300).collect::<String>());
    let [stamp, byline, numeric] = patterns();
    if let Some(c) = stamp.captures(&head) {
        let year: i32 = c[1].parse().ok()?;
        let month: u32 = c[2].parse().ok()?;
        let day = c.get(3).or(c.get(4)).and_then(|d| d.as_str().parse().ok());
        let day = day.filter(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some());
        NaiveDate::from_ymd_opt(year, month, 1)?;
        return Some(PublicationDate { year, month, day });
    }
    // Only a byline line, not a date told in the story, counts: it must be short.
    for line in head.lines().filter(|l| l.len() < 80) {
        if let Some(c) = byline.captures(line) {
            let d =
                crate::normalize::date::resolve(&format!("{} {} {}", &c[1], &c[2], &c[3]), None)?;
            return Some(PublicationDate::from_date(d.date));
        }
        if let Some(c) = numeric.captures(line) {
            let d = NaiveDate::from_ymd_opt(
                c[3].parse().ok()?,
                c[2].parse().ok()?,
                c[1].parse().ok()?,
            )?;
            return Some(PublicationDate::from_date(d));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_aggregator_stamps_and_bylines() {
        let d =
            published_in_header(" date 2021-01 , 15 janv. () –\n\nLe Groupe de soutien…").unwrap();
        assert_eq!(d.to_string(), "2021-01-15");
        let d = published_in_header("Publié le vendredi 16 août 2024 à 10h\nLa région de Mopti…")
            .unwrap();
        assert_eq!(d.to_string(), "2024-08-16");
        assert!(published_in_header("La région de Mopti a été le théâtre d'affrontements le jeudi 15 août 2024, selon des sources locales concordantes rapportées ce matin.").is_none());
    }
}
