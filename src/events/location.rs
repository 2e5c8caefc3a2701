//! Where an event happened, as the row's location fields: a gazetteer place, or a place the
//! tagger marked that the gazetteer does not list (most often a village), set inside the
//! admin areas the text names around it ("à Sanam, dans la commune d'Abala").

use crate::normalize::{Place, PlaceKind};

/// The location columns of one event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventLocation {
    pub location: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<u8>,
}

impl EventLocation {
    /// A gazetteer place; `near` when the text says "près de" it. A country alone is no
    /// location (ACLED's rows need at least a region), but it still gives the country.
    pub fn listed(p: &Place, near: bool) -> Self {
        if p.kind == PlaceKind::Country {
            return EventLocation {
                country: p.country().map(String::from),
                ..Default::default()
            };
        }
        let mut geo = p.kind.geo_precision();
        if near && geo == 1 {
            geo = 2;
        }
        let (admin1, admin2) = admin_areas(p);
        EventLocation {
            location: Some(p.name.clone()),
            country: p.country().map(String::from),
            admin1,
            admin2,
            latitude: p.latitude,
            longitude: p.longitude,
            geo_precision: Some(geo),
        }
    }

    /// A place the gazetteer does not list, named as the text names it. It takes its admin
    /// areas from the listed place the text sets it in, if any, and has no coordinates: an
    /// analyst geocodes it, rather than the tool inventing a point.
    pub fn unlisted(name: &str, near: bool, within: Option<&Place>, country: Option<&str>) -> Self {
        let (admin1, admin2) = within.map(admin_areas).unwrap_or_default();
        EventLocation {
            location: Some(name.to_string()),
            country: within
                .and_then(Place::country)
                .or(country)
                .map(String::from),
            admin1,
            admin2,
            latitude: None,
            longitude: None,
            geo_precision: Some(if near { 2 } else { 1 }),
        }
    }
}

/// The admin1 and admin2 a place lies in, counting the place itself when it is one.
fn admin_areas(p: &Place) -> (Option<String>, Option<String>) {
    let admin1 = match p.kind {
        PlaceKind::Admin1 => Some(p.name.clone()),
        _ => p.admin1.clone(),
    };
    let admin2 = match p.kind {
        PlaceKind::Admin2 => Some(p.name.clone()),
        _ => p.admin2.clone(),
    };
    (admin1, admin2)
}

/// Whether a tagged place name can stand as an event's location: a proper name, not a
/// common noun the tagger took for a place ("la frontière").
pub fn is_place_name(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}
