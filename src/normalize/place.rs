//! Places: the gazetteer (`models/gazetteer/places.tsv`, built by `build_gazetteer.py`) and
//! the resolution of a place mention to an entry with its admin levels and coordinates.

use crate::text::fold_key;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    Country,
    Admin1,
    Admin2,
    PopulatedPlace,
    Site,
    Feature,
}

impl PlaceKind {
    fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "country" => PlaceKind::Country,
            "admin1" => PlaceKind::Admin1,
            "admin2" => PlaceKind::Admin2,
            "populated_place" => PlaceKind::PopulatedPlace,
            "site" => PlaceKind::Site,
            "feature" => PlaceKind::Feature,
            _ => return None,
        })
    }

    /// How precisely an event at a place of this kind is located (the spec's geo_precision),
    /// before "près de"-style context lowers it.
    pub fn geo_precision(self) -> u8 {
        match self {
            PlaceKind::PopulatedPlace | PlaceKind::Site => 1,
            PlaceKind::Admin2 => 2,
            PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Feature => 3,
        }
    }

    /// Rank for picking the most precise of several places (lower is more precise).
    pub fn specificity(self) -> u8 {
        match self {
            PlaceKind::PopulatedPlace | PlaceKind::Site => 0,
            PlaceKind::Admin2 => 1,
            PlaceKind::Feature => 2,
            PlaceKind::Admin1 => 3,
            PlaceKind::Country => 4,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub kind: PlaceKind,
    pub country: String,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub population: u64,
    pub alt_names: Vec<String>,
    pub source: String,
}

impl Place {
    /// The place's country; none for areas across borders (Liptako-Gourma, the Komadougou
    /// Yobé river), whose events take the article's country.
    pub fn country(&self) -> Option<&str> {
        (!self.country.is_empty()).then_some(self.country.as_str())
    }

    /// ISO 3166 alpha-3 code of the place's country, as ACLED's `iso` column wants it (numeric
    /// in ACLED; the alpha-3 code is what analysts read).
    pub fn iso(&self) -> Option<&'static str> {
        country_iso(&self.country)
    }
}

pub fn country_iso(country: &str) -> Option<&'static str> {
    Some(match country {
        "Mali" => "MLI",
        "Burkina Faso" => "BFA",
        "Niger" => "NER",
        "Mauritania" => "MRT",
        "Chad" => "TCD",
        "Algeria" => "DZA",
        "Nigeria" => "NGA",
        "Benin" => "BEN",
        "Togo" => "TGO",
        "Senegal" => "SEN",
        "Ivory Coast" => "CIV",
        "Libya" => "LBY",
        "France" => "FRA",
        _ => return None,
    })
}

/// What the words before a mention say about the kind of place meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceHint {
    None,
    /// "région de", "province de" (Burkina's provinces are admin2), "wilaya de"
    Region,
    /// "cercle de", "département de", "préfecture de"
    District,
    /// "localité de", "village de", "commune de", "ville de"
    Town,
    /// "fleuve", "rivière", "lac", "forêt"
    Feature,
}

#[derive(Debug)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    by_key: HashMap<String, Vec<usize>>,
}

impl Gazetteer {
    pub fn parse(tsv: &str) -> Result<Self, String> {
        let mut lines = tsv.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .map(|(_, h)| h.split('\t').collect())
            .unwrap_or_default();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .ok_or_else(|| format!("places.tsv: no `{name}` column"))
        };
        let (c_name, c_kind, c_country, c_a1, c_a2) = (
            col("name")?,
            col("kind")?,
            col("country")?,
            col("admin1")?,
            col("admin2")?,
        );
        let (c_lat, c_lon, c_pop, c_alt, c_src) = (
            col("latitude")?,
            col("longitude")?,
            col("population")?,
            col("alt_names")?,
            col("source")?,
        );
        let mut places = Vec::new();
        for (i, line) in lines {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let get = |c: usize| cols.get(c).copied().unwrap_or("").trim();
            let opt = |c: usize| Some(get(c)).filter(|s| !s.is_empty()).map(String::from);
            let kind = PlaceKind::parse(get(c_kind)).ok_or_else(|| {
                format!("places.tsv line {}: unknown kind `{}`", i + 1, get(c_kind))
            })?;
            places.push(Place {
                name: get(c_name).to_string(),
                kind,
                country: get(c_country).to_string(),
                admin1: opt(c_a1),
                admin2: opt(c_a2),
                latitude: get(c_lat).parse().ok(),
                longitude: get(c_lon).parse().ok(),
                population: get(c_pop).parse().unwrap_or(0),
                alt_names: get(c_alt)
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                source: get(c_src).to_string(),
            });
        }
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(&p.alt_names) {
                let v = by_key.entry(fold_key(n)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        Ok(Gazetteer { places, by_key })
    }

    /// Every name and alternate name with its place: what the rule tagger matches.
    pub fn names(&self) -> impl Iterator<Item = (&str, usize)> {
        self.places.iter().enumerate().flat_map(|(i, p)| {
            std::iter::once(p.name.as_str())
                .chain(p.alt_names.iter().map(String::as_str))
                .map(move |n| (n, i))
        })
    }

    pub fn get(&self, i: usize) -> &Place {
        &self.places[i]
    }

    /// All places a name can denote (folded comparison).
    pub fn candidates(&self, name: &str) -> &[usize] {
        self.by_key
            .get(&fold_key(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// True when two names denote a common place (the harness's location agreement).
    pub fn same_place(&self, a: &str, b: &str) -> bool {
        if fold_key(a) == fold_key(b) {
            return true;
        }
        let ca = self.candidates(a);
        self.candidates(b).iter().any(|i| ca.contains(i))
    }

    /// Resolves a mention, preferring the kind the context asks for, then places in the
    /// document's country, then countries and admin units over homonymous towns, then the
    /// most populous.
    pub fn resolve(&self, mention: &str, hint: PlaceHint, country: Option<&str>) -> Option<usize> {
        let cands = self.candidates(mention);
        cands.iter().copied().min_by_key(|&i| {
            let p = &self.places[i];
            let hinted = match hint {
                PlaceHint::None => true,
                PlaceHint::Region => matches!(p.kind, PlaceKind::Admin1 | PlaceKind::Admin2),
                PlaceHint::District => p.kind == PlaceKind::Admin2,
                PlaceHint::Town => matches!(p.kind, PlaceKind::PopulatedPlace | PlaceKind::Site),
                PlaceHint::Feature => p.kind == PlaceKind::Feature,
            };
            let other_country =
                country.is_some_and(|c| c != p.country) && p.kind != PlaceKind::Country;
            let kind_rank = match p.kind {
                PlaceKind::Country => 0,
                PlaceKind::Admin1 => 1,
                PlaceKind::Admin2 => 2,
                PlaceKind::PopulatedPlace => 3,
                PlaceKind::Site => 4,
                PlaceKind::Feature => 5,
            };
            (!hinted, other_country, kind_rank, u64::MAX - p.population)
        })
    }
}

/// Reads the descriptor just before a place mention ("région de", "près de") from the folded
/// text that precedes it.
pub fn hint_before(folded_before: &str) -> PlaceHint {
    let tail: String = folded_before
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.trim_end();
    let ends = |words: &[&str]| words.iter().any(|w| tail.ends_with(w));
    if ends(&[
        "region de",
        "region du",
        "region de l'",
        "region d'",
        "province de",
        "province du",
        "wilaya de",
        "wilaya du",
        "wilaya d'",
        "regions de",
    ]) {
        PlaceHint::Region
    } else if ends(&[
        "cercle de",
        "cercle d'",
        "departement de",
        "departement d'",
        "prefecture de",
        "moughataa de",
        "cercles de",
    ]) {
        PlaceHint::District
    } else if ends(&[
        "localite de",
        "village de",
        "commune de",
        "ville de",
        "localite d'",
        "village d'",
        "commune d'",
        "ville d'",
        "hameau de",
        "camp de",
    ]) {
        PlaceHint::Town
    } else if ends(&[
        "fleuve",
        "riviere",
        "lac",
        "foret de",
        "foret du",
        "foret d'",
        "massif de",
        "massif du",
        "mare de",
    ]) {
        PlaceHint::Feature
    } else {
        PlaceHint::None
    }
}

/// True when the words before a place say the event happened near it, not in it.
pub fn near_before(folded_before: &str) -> bool {
    let tail: String = folded_before
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    static NEAR: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = NEAR.get_or_init(|| {
        regex::Regex::new(concat!(
            r"(?:pres|non loin|aux environs|environs|a proximite|autour|\d+ ?km(?: au (?:nord|sud|est|ouest)(?: est| ouest)?)?|kilometres(?: au (?:nord|sud|est|ouest)(?: est| ouest)?)?|secteur)",
            r" d(?:e|u|es|')(?:\s*(?:la|le|les|l'))?(?:\s*(?:localite|village|ville|commune|hameau) d(?:e|u|')?)?$|(?-u:\b)entre$"
        ))
        .unwrap()
    });
    re.is_match(tail.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_descriptors_before_a_place() {
        assert_eq!(hint_before("la region de "), PlaceHint::Region);
        assert_eq!(hint_before("dans le cercle de "), PlaceHint::District);
        assert_eq!(hint_before("pres de la localite de "), PlaceHint::Town);
        assert_eq!(hint_before("l'armee a frappe a "), PlaceHint::None);
        assert!(near_before("une embuscade pres de la localite de "));
        assert!(near_before("a 70 km de "));
        assert!(near_before("a une trentaine de kilometres au nord de "));
        assert!(!near_before("une attaque a "));
    }

    #[test]
    fn resolves_with_hints_and_country() {
        let tsv = "name\tkind\tcountry\tadmin1\tadmin2\tlatitude\tlongitude\tpopulation\talt_names\tsource\n\
                   Mopti\tadmin1\tMali\tMopti\t\t14.5\t-4.2\t\t\tt\n\
                   Mopti\tpopulated_place\tMali\tMopti\tMopti\t14.49\t-4.19\t120000\t\tt\n\
                   Tombouctou\tpopulated_place\tMali\tTombouctou\tTombouctou\t16.77\t-3.0\t35000\tTimbuktu\tt\n";
        let g = Gazetteer::parse(tsv).unwrap();
        assert_eq!(
            g.get(g.resolve("Mopti", PlaceHint::Region, None).unwrap())
                .kind,
            PlaceKind::Admin1
        );
        assert_eq!(
            g.get(g.resolve("Mopti", PlaceHint::Town, None).unwrap())
                .kind,
            PlaceKind::PopulatedPlace
        );
        assert_eq!(
            g.get(
                g.resolve("Timbuktu", PlaceHint::None, Some("Mali"))
                    .unwrap()
            )
            .name,
            "Tombouctou"
        );
        assert!(g.same_place("Timbuktu", "tombouctou"));
        assert!(g.resolve("Paris", PlaceHint::None, None).is_none());
    }
}
