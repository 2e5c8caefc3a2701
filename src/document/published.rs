//! The publication date of an article: `YYYY-MM-DD` or `YYYY-MM`, the anchor against which
//! relative dates ("lundi", "hier") are resolved.

use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicationDate {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

impl PublicationDate {
    /// The day to resolve relative expressions against: the day itself, or for a month-only
    /// date the last day of that month (the article cannot predate what it reports).
    pub fn anchor(&self) -> NaiveDate {
        match self.day {
            Some(d) => NaiveDate::from_ymd_opt(self.year, self.month, d).expect("validated"),
            None => {
                let (y, m) = if self.month == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, self.month + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .expect("valid")
                    .pred_opt()
                    .expect("valid")
            }
        }
    }

    pub fn from_date(d: NaiveDate) -> Self {
        use chrono::Datelike;
        PublicationDate {
            year: d.year(),
            month: d.month(),
            day: Some(d.day()),
        }
    }
}

impl FromStr for PublicationDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a date of the form YYYY-MM-DD or YYYY-MM");
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.len() < 2 || parts.len() > 3 || parts[0].len() != 4 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u32 = parts[1].parse().map_err(|_| bad())?;
        let day = match parts.get(2) {
            Some(d) => Some(d.parse::<u32>().map_err(|_| bad())?),
            None => None,
        };
        if NaiveDate::from_ymd_opt(year, month, day.unwrap_or(1)).is_none() {
            return Err(bad());
        }
        Ok(PublicationDate { year, month, day })
    }
}

impl fmt::Display for PublicationDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_day_and_month_forms_and_rejects_others() {
        let d: PublicationDate = "2024-08-16".parse().unwrap();
        assert_eq!(d.anchor(), NaiveDate::from_ymd_opt(2024, 8, 16).unwrap());
        let m: PublicationDate = "2024-02".parse().unwrap();
        assert_eq!(m.anchor(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(m.to_string(), "2024-02");
        assert!("2024-13-01".parse::<PublicationDate>().is_err());
        assert!("16/08/2024".parse::<PublicationDate>().is_err());
    }
}
