//! The conservative toll of one event, as ACLED codes it: the lowest credible count of each
//! side's dead, added up over the sides. Counts listed together add up ("un gendarme et
//! quatorze éléments" = 15, "49 civils et 15 militaires" = 64); separate reports about the
//! same side are alternative claims and the lowest wins (the army says 5 soldiers, the group
//! claims 20 → 5). A count whose side the text does not say ("30 morts") is a claim about the
//! whole toll: it caps the sides' sum.

use crate::normalize::FatalityCount;
use std::collections::BTreeMap;

/// Whose dead a count reports, from the noun after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    StateForces,
    Attackers,
    Civilians,
    Unknown,
}

impl Side {
    /// Reads the side from the folded words that follow a count.
    pub fn from_following(folded_after: &str) -> Side {
        // « d'assaillants », « l'ennemi »: the elided article is not part of the noun.
        let words: Vec<&str> = folded_after
            .split_whitespace()
            .take(4)
            .map(|w| w.strip_prefix("d'").or(w.strip_prefix("l'")).unwrap_or(w))
            .collect();
        let has = |list: &[&str]| words.iter().any(|w| list.iter().any(|p| w.starts_with(p)));
        if has(&[
            "soldat",
            "militaire",
            "gendarme",
            "element",
            "policier",
            "garde",
            "fama",
            "fds",
            "vdp",
            "casque",
            "officier",
            "douanier",
            "membre",
            "agent",
            "supplet",
            "volontaire",
            "sous officier",
            // what each camp calls the soldiers it lost or killed
            "martyr",
            "apostat",
        ]) {
            Side::StateForces
        } else if has(&[
            "terroriste",
            "jihadiste",
            "djihadiste",
            "assaillant",
            "combattant",
            "insurge",
            "islamiste",
            "hommes armes",
            "rebelle",
            "kamikaze",
            "bandit",
            "ennemi",
            "militant",
        ]) {
            Side::Attackers
        } else if has(&[
            "civil",
            "villageois",
            "habitant",
            "femme",
            "enfant",
            "fidele",
            "passager",
            "eleveur",
            "berger",
            "commercant",
            "orpailleur",
            "paysan",
            "personne",
            "innocent",
            "deplace",
        ]) {
            // "personnes" is usually civilians in these reports
            Side::Civilians
        } else {
            Side::Unknown
        }
    }
}

/// One count as it appears: its value, its side and the report it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct CountMention {
    pub count: FatalityCount,
    pub side: Side,
    /// Counts listed together ("un gendarme et quatorze éléments") share a report; the same
    /// sentence can hold two reports ("… plus de 100 soldats tués, que le JNIM affirme avoir
    /// tué « 107 militaires »").
    pub report: usize,
}

/// Whether the folded text between two counts of one sentence lists them together
/// ("un casque bleu, d'un soldat malien et de cinq agents") rather than reports a second
/// claim: a few words, no verb of saying or claiming.
pub fn lists_together(folded_gap: &str) -> bool {
    const CLAIMS: &[&str] = &[
        "selon",
        "affirm",
        "revendiqu",
        "tandis",
        "alors que",
        "mais",
        "parle",
        "evoque",
        "dit",
        "annonce",
        "reconna",
        "indique",
        "precise",
        "avance",
        "fait etat",
        "contre",
    ];
    folded_gap.split_whitespace().count() <= 8 && !CLAIMS.iter().any(|c| folded_gap.contains(c))
}

/// The event's toll: `None` when deaths are reported without a usable number.
///
/// `state_struck`: a state force is the event's first actor. Then the "terrorists" the army
/// says it killed and the "civilians" the villagers mourn are two accounts of the same dead,
/// not two sides to add.
pub fn combine(mentions: &[CountMention], state_struck: bool) -> Option<u32> {
    // Per side, each report's total: a side's counts listed together add up, counts of no
    // known side in one report are alternatives.
    let mut reports: BTreeMap<(Side, usize), u32> = BTreeMap::new();
    for m in mentions {
        let Some(value) = m.count.value else { continue };
        let side = match m.side {
            Side::Civilians if state_struck => Side::Attackers,
            side => side,
        };
        reports
            .entry((side, m.report))
            .and_modify(|v| {
                *v = if side == Side::Unknown {
                    (*v).min(value)
                } else {
                    *v + value
                }
            })
            .or_insert(value);
    }
    // Per side, the lowest report.
    let mut lowest: BTreeMap<Side, u32> = BTreeMap::new();
    for (&(side, _), &v) in &reports {
        lowest
            .entry(side)
            .and_modify(|x| *x = (*x).min(v))
            .or_insert(v);
    }
    let whole = lowest.remove(&Side::Unknown);
    let sides: Option<u32> = (!lowest.is_empty()).then(|| lowest.values().sum());
    match (sides, whole) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Bound;
    use crate::text::fold;

    /// A count of `v` whose side is read off the words after it, in report `report`.
    fn m(v: u32, after: &str, report: usize) -> CountMention {
        CountMention {
            count: FatalityCount {
                value: Some(v),
                bound: Bound::Exact,
            },
            side: Side::from_following(&fold(after)),
            report,
        }
    }

    #[test]
    fn reads_the_side_from_the_noun_after_the_count() {
        let side = |after: &str| Side::from_following(&fold(after));
        assert_eq!(side(" soldats maliens ont été tués"), Side::StateForces);
        assert_eq!(side(" d'assaillants ont été neutralisés"), Side::Attackers);
        assert_eq!(side(" de terroristes"), Side::Attackers);
        assert_eq!(side(" martyrs et vingt-trois blessés"), Side::StateForces);
        assert_eq!(side(" civils, dont des femmes"), Side::Civilians);
        assert_eq!(side(" morts selon des sources locales"), Side::Unknown);
    }

    #[test]
    fn adds_the_counts_listed_together() {
        // « un gendarme et quatorze éléments de la Garde nationale ont perdu la vie »
        assert_eq!(
            combine(
                &[
                    m(1, " gendarme et quatorze", 3),
                    m(14, " éléments de la Garde", 3)
                ],
                false
            ),
            Some(15)
        );
        // « Le bilan provisoire est de 49 civils et 15 militaires tués »
        assert_eq!(
            combine(
                &[m(49, " civils et 15", 4), m(15, " militaires tués", 4)],
                false
            ),
            Some(64)
        );
    }

    #[test]
    fn takes_each_sides_lowest_report_and_adds_the_sides() {
        // « au moins quinze membres des forces » … « un gendarme et quatorze éléments »
        assert_eq!(
            combine(
                &[
                    m(15, " membres des forces de défense", 1),
                    m(1, " gendarme et quatorze", 5),
                    m(14, " éléments de la Garde", 5),
                ],
                false
            ),
            Some(15)
        );
        // The group claims « plus de 100 soldats »; the army « a neutralisé 41 terroristes »;
        // local sources count « au moins 30 militaires tués »: 30 soldiers and 41 attackers.
        assert_eq!(
            combine(
                &[
                    m(100, " soldats », photos", 0),
                    m(41, " terroristes ont été neutralisés", 1),
                    m(30, " militaires tués", 2),
                ],
                false
            ),
            Some(71)
        );
    }

    #[test]
    fn a_state_strike_kills_the_same_dead_in_both_accounts() {
        // The army « a neutralisé une trentaine de terroristes »; the village buries « vingt
        // civils ». A drone strike: one toll, the lowest.
        let accounts = [m(30, " de terroristes", 0), m(20, " civils", 1)];
        assert_eq!(combine(&accounts, true), Some(20));
        // Gunmen kill 20 civilians and the soldiers who arrive kill 30 of them: two sides.
        assert_eq!(combine(&accounts, false), Some(50));
    }

    #[test]
    fn a_claim_in_the_same_sentence_is_a_second_report() {
        let gap = |t: &str| lists_together(&fold(t));
        assert!(gap(" casque bleu, d'un soldat malien et de "));
        assert!(gap(" gendarme et "));
        assert!(!gap(
            " de soldats avaient été tués dans cet assaut, que le JNIM a revendiqué en affirmant avoir tué « "
        ));
        assert!(!gap(" soldats tués selon l'armée, "));
        // « plus d'une centaine de soldats avaient été tués …, que le JNIM a revendiqué en
        // affirmant avoir tué « 107 militaires » »: two reports about the soldiers
        assert_eq!(
            combine(
                &[m(100, " de soldats avaient", 0), m(107, " militaires »", 1)],
                false
            ),
            Some(100)
        );
    }

    #[test]
    fn a_count_without_a_side_caps_the_total() {
        // « L'attaque a fait 12 morts. » … « deux soldats » … « dix assaillants »
        assert_eq!(
            combine(
                &[
                    m(12, " morts", 0),
                    m(2, " soldats sont tombés", 1),
                    m(10, " assaillants abattus", 2),
                ],
                false
            ),
            Some(12)
        );
        // « 31 morts selon les autorités, une quarantaine selon des élus »: alternatives
        assert_eq!(
            combine(
                &[m(31, " morts selon les", 2), m(40, " selon des élus", 2)],
                false
            ),
            Some(31)
        );
    }

    #[test]
    fn uncounted_deaths_give_none() {
        let vague = CountMention {
            count: FatalityCount {
                value: None,
                bound: Bound::Exact,
            },
            side: Side::StateForces,
            report: 0,
        };
        assert_eq!(combine(&[vague], false), None);
        assert_eq!(combine(&[], false), None);
    }
}
