//! The conservative toll of one event: counts in one sentence that name different sides are
//! added ("un gendarme et quatorze éléments" = 15); counts in different sentences are
//! alternative claims unless they name new sides, and of alternative claims the lowest wins
//! (the army says 5, the group claims 20 → 5).

use crate::normalize::FatalityCount;

/// Whose dead a count reports, from the noun after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    StateForces,
    Attackers,
    Civilians,
    Unknown,
}

impl Side {
    /// Reads the side from the folded words that follow a count.
    pub fn from_following(folded_after: &str) -> Side {
        let words: Vec<&str> = folded_after.split_whitespace().take(4).collect();
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

/// One count as it appears: its value, its side, the sentence it is in, and whether that
/// sentence reports a competing claim ("selon", "affirme", "tandis que").
#[derive(Debug, Clone, Copy)]
pub struct CountMention {
    pub count: FatalityCount,
    pub side: Side,
    pub sentence: usize,
    pub contested: bool,
}

/// The event's toll: `None` when deaths are reported without a usable number.
pub fn combine(mentions: &[CountMention]) -> Option<u32> {
    if mentions.is_empty() {
        return None;
    }
    // Claims: per sentence, the counts by side and whether the sentence contests another.
    struct Claim {
        sentence: usize,
        sides: Vec<(Side, Option<u32>)>,
        contested: bool,
    }
    let mut claims: Vec<Claim> = Vec::new();
    for m in mentions {
        match claims.iter_mut().find(|c| c.sentence == m.sentence) {
            Some(c) => {
                c.sides.push((m.side, m.count.value));
                c.contested |= m.contested;
            }
            None => claims.push(Claim {
                sentence: m.sentence,
                sides: vec![(m.side, m.count.value)],
                contested: m.contested,
            }),
        }
    }
    // Across sentences: a later claim about new sides adds to the total; a claim about sides
    // already counted, about an unknown side, or marked as contested is an alternative.
    let mut total: Option<u32> = None;
    let mut alternatives: Vec<Option<u32>> = Vec::new();
    let mut seen_sides: Vec<Side> = Vec::new();
    for Claim {
        sides, contested, ..
    } in &claims
    {
        let sum = sides
            .iter()
            .try_fold(0u32, |acc, (_, v)| v.map(|v| acc + v));
        let new_sides = sides
            .iter()
            .all(|(s, _)| *s != Side::Unknown && !seen_sides.contains(s));
        if total.is_none() && alternatives.is_empty() {
            total = sum;
            if sum.is_none() {
                alternatives.push(None);
            }
        } else if new_sides
            && !contested
            && !seen_sides.is_empty()
            && !seen_sides.contains(&Side::Unknown)
        {
            total = match (total, sum) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
        } else {
            alternatives.push(sum);
        }
        seen_sides.extend(sides.iter().map(|(s, _)| *s));
    }
    let mut numbers: Vec<u32> = alternatives.iter().flatten().copied().collect();
    numbers.extend(total);
    numbers.into_iter().min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Bound;

    fn m(v: Option<u32>, side: Side, sentence: usize, contested: bool) -> CountMention {
        CountMention {
            count: FatalityCount {
                value: v,
                bound: Bound::Exact,
            },
            side,
            sentence,
            contested,
        }
    }

    #[test]
    fn adds_per_side_counts_in_one_sentence() {
        assert_eq!(
            combine(&[
                m(Some(1), Side::StateForces, 3, false),
                m(Some(14), Side::StateForces, 3, false)
            ]),
            Some(15)
        );
    }

    #[test]
    fn takes_the_lowest_of_conflicting_claims() {
        // "au moins quinze" then "un gendarme et quatorze éléments"
        let ms = [
            m(Some(15), Side::StateForces, 1, false),
            m(Some(1), Side::StateForces, 5, false),
            m(Some(14), Side::StateForces, 5, false),
        ];
        assert_eq!(combine(&ms), Some(15));
        // 20 civilians say the locals; about thirty jihadists says Paris
        assert_eq!(
            combine(&[
                m(Some(20), Side::Civilians, 0, false),
                m(Some(30), Side::Attackers, 1, true)
            ]),
            Some(20)
        );
        assert_eq!(
            combine(&[
                m(Some(5), Side::StateForces, 0, false),
                m(Some(20), Side::StateForces, 2, true)
            ]),
            Some(5)
        );
    }

    #[test]
    fn adds_new_sides_reported_in_later_sentences() {
        assert_eq!(
            combine(&[
                m(Some(5), Side::StateForces, 0, false),
                m(Some(10), Side::Attackers, 1, false)
            ]),
            Some(15)
        );
    }

    #[test]
    fn uncounted_deaths_give_none() {
        assert_eq!(combine(&[m(None, Side::StateForces, 0, false)]), None);
        assert_eq!(combine(&[]), None);
    }
}
