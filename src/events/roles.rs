//! Who did what to whom: reads the words around an actor mention to tell the attacking side
//! ("tendue par des militants du JNIM", "le JNIM a attaqué") from the attacked one ("contre
//! les FAMa", "les militaires ont été pris en embuscade").

use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Attacker,
    Target,
    Unknown,
}

fn attacker_before() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:(?-u:\b)par|(?-u:\b)menee? par|(?-u:\b)tendue? par|(?-u:\b)revendiquee? par|(?-u:\b)perpetree? par|(?-u:\b)impute(?:e|s)? (?:a|aux|au)|(?-u:\b)attribuee? (?:a|aux|au)|(?-u:\b)affilies? (?:a|au|aux)|(?-u:\b)se reclamant (?:de|du|des)|(?-u:\b)de la part (?:de|du|des)|(?-u:\b)liee? (?:a|au|aux))\s+(?:[\w']+\s+){0,4}?(?:des |les |le |la |l'|du |de la |de l'|d'|de |un |une )?$").unwrap()
    })
}

fn target_before() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:(?-u:\b)contre|(?-u:\b)visant|(?-u:\b)ciblant|(?-u:\b)ciblee?s? par|(?-u:\b)sur|(?-u:\b)face a|(?-u:\b)coute la vie a|(?-u:\b)coute la vie aux|(?-u:\b)la mort de|(?-u:\b)la mort d'|(?-u:\b)membres)\s+(?:[\w']+\s+){0,2}?(?:des |les |le |la |l'|du |de la |de l'|d'|de |un |une |aux |au )?$").unwrap()
    })
}

fn attacker_after() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^\s*(?:\([^)]*\)\s*)?(?:,[^,]{0,60},\s*)?(?:a |ont |avait |avaient |aurait |auraient )?(?:\w+ )?(?:attaque|attaquent|tendu|mene|menent|lance|lancent|revendique|revendiquent|frappe|frappent|chasse|chassent|reussi a chasser|reussi a expulser|expulse|pris le controle|pris d'assaut|ouvert le feu|tue|tuent|execute|enleve|enlevent|incendie|pille|bombarde|s'est empare|se sont empares|assiege|encercle|abattu|neutralise|detruit|mene des frappes|procede)(?-u:\b)").unwrap()
    })
}

fn target_after() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^\s*(?:\([^)]*\)\s*)?(?:[\w']+\s+){0,6}?(?:ont ete|a ete|avaient ete|sont|est|se sont|ont)\s+(?:\w+\s+)?(?:pris en embuscade|pris pour cible|attaques?|attaquees?|cibles?|tues?|tuees?|vises?|visees?|enleves?|enlevees?|executes?|massacres?|blesses?|perdu la vie|tombes|surpris|victimes)").unwrap()
    })
}

/// The side an actor mention takes, from the folded text just before and just after it.
pub fn side_of(folded_before: &str, folded_after: &str) -> Side {
    // "par X" and "contre X" are the surest cues; then the passive ("X ont été tués")
    // before the active ("X a attaqué"), since both start with an auxiliary.
    if attacker_before().is_match(folded_before) {
        Side::Attacker
    } else if target_before().is_match(folded_before) || target_after().is_match(folded_after) {
        Side::Target
    } else if attacker_after().is_match(folded_after) {
        Side::Attacker
    } else {
        Side::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn side(sentence: &str, mention: &str) -> Side {
        let f = fold(sentence);
        let m = fold(mention);
        let at = f.find(&m).unwrap();
        side_of(&f[..at], &f[at + m.len()..])
    }

    #[test]
    fn reads_the_attacking_side() {
        assert_eq!(
            side(
                "une embuscade tendue par des militants affiliés au Groupe de soutien",
                "Groupe de soutien"
            ),
            Side::Attacker
        );
        assert_eq!(
            side("Le JNIM a attaqué une base de la MINUSMA", "JNIM"),
            Side::Attacker
        );
        assert_eq!(
            side(
                "Le Front de libération du Macina (FLM, groupe salafiste) a réussi à chasser l'EIGS",
                "Front de libération du Macina"
            ),
            Side::Attacker
        );
        assert_eq!(
            side("une attaque à Tesit provoquée par l'EIGS", "EIGS"),
            Side::Attacker
        );
    }

    #[test]
    fn reads_the_attacked_side() {
        assert_eq!(
            side(
                "plusieurs attaques contre les forces françaises",
                "forces françaises"
            ),
            Side::Target
        );
        assert_eq!(
            side(
                "les militaires maliens ont été pris en embuscade par des jihadistes",
                "militaires maliens"
            ),
            Side::Target
        );
        assert_eq!(
            side(
                "a coûté la vie à au moins quinze membres des forces de défense",
                "forces de défense"
            ),
            Side::Target
        );
    }
}
