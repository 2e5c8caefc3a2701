//! Actors: the lexicon of canonical actors (`models/lexicons/actors.tsv`) and the resolution of
//! an actor mention ("soldats maliens", "les jihadistes du JNIM", "FAMa") to one of them.

use crate::text::fold;
use std::collections::HashMap;

/// What kind of party an actor is; drives role assignment in the event builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A named state force (Military Forces of Mali).
    State,
    /// "soldats", "l'armée": a state force whose country comes from the document.
    StateGeneric,
    External,
    Jihadist,
    Rebel,
    Militia,
    Civilians,
    Unidentified,
    Protesters,
    Rioters,
}

impl ActorKind {
    fn parse(s: &str) -> Option<ActorKind> {
        Some(match s {
            "state" => ActorKind::State,
            "state-generic" => ActorKind::StateGeneric,
            "external" => ActorKind::External,
            "jihadist" => ActorKind::Jihadist,
            "rebel" => ActorKind::Rebel,
            "militia" => ActorKind::Militia,
            "civilians" => ActorKind::Civilians,
            "unidentified" => ActorKind::Unidentified,
            "protesters" => ActorKind::Protesters,
            "rioters" => ActorKind::Rioters,
            _ => return None,
        })
    }

    /// State and foreign state forces: the side that usually fires in remote violence.
    pub fn is_state(self) -> bool {
        matches!(
            self,
            ActorKind::State | ActorKind::StateGeneric | ActorKind::External
        )
    }

    /// An actor known only by a generic noun: a named actor in the same event beats it.
    pub fn is_generic(self) -> bool {
        matches!(self, ActorKind::StateGeneric | ActorKind::Unidentified)
    }
}

/// One row of the actor lexicon.
#[derive(Debug, Clone)]
pub struct CanonicalActor {
    /// ACLED-style name; may contain `{country}` (`Civilians ({country})`).
    pub name: String,
    pub inter: u8,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
}

impl CanonicalActor {
    /// The final name, with `{country}` filled in.
    pub fn name_for(&self, country: Option<&str>) -> String {
        self.name.replace("{country}", country.unwrap_or("Unknown"))
    }
}

/// The canonical actors and their aliases, indexed for lookup.
#[derive(Debug)]
pub struct ActorLexicon {
    pub actors: Vec<CanonicalActor>,
    by_alias: HashMap<String, usize>,
}

/// Gentilic adjectives (folded) and the country they point to.
const GENTILICS: &[(&str, &str)] = &[
    ("malien", "Mali"),
    ("burkinabe", "Burkina Faso"),
    ("nigerien", "Niger"),
    ("tchadien", "Chad"),
    ("mauritanien", "Mauritania"),
    ("algerien", "Algeria"),
    ("francais", "France"),
];

impl ActorLexicon {
    pub fn parse(tsv: &str) -> Result<Self, String> {
        let mut actors = Vec::new();
        for (i, line) in tsv.lines().enumerate().skip(1) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                return Err(format!(
                    "actors.tsv line {}: expected 4 tab-separated columns",
                    i + 1
                ));
            }
            let kind = ActorKind::parse(cols[2])
                .ok_or_else(|| format!("actors.tsv line {}: unknown kind `{}`", i + 1, cols[2]))?;
            let inter = cols[1]
                .parse()
                .map_err(|_| format!("actors.tsv line {}: inter code `{}`", i + 1, cols[1]))?;
            let aliases = cols[3]
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect();
            actors.push(CanonicalActor {
                name: cols[0].to_string(),
                inter,
                kind,
                aliases,
            });
        }
        let mut by_alias = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            for alias in a.aliases.iter().chain(std::iter::once(&a.name)) {
                by_alias.entry(fold(alias)).or_insert(i);
            }
        }
        Ok(ActorLexicon { actors, by_alias })
    }

    /// All (alias, actor index) pairs: what the rule tagger matches in text.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, usize)> {
        self.actors
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.aliases.iter().map(move |s| (s.as_str(), i)))
    }

    pub fn get(&self, i: usize) -> &CanonicalActor {
        &self.actors[i]
    }

    pub fn by_name(&self, name: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.name == name)
    }

    /// The actor whose alias the mention is, word for word.
    pub fn exact(&self, mention: &str) -> Option<usize> {
        let f = fold(mention.trim());
        self.by_alias.get(strip_determiner(&f)).copied()
    }

    /// Resolves a mention to an actor: the exact alias, else the longest alias inside the
    /// mention ("militants du JNIM" → JNIM), else a force named by its gentilic.
    pub fn resolve(&self, mention: &str) -> Option<usize> {
        let f = fold(mention.trim());
        let f = strip_determiner(&f);
        if let Some(&i) = self.by_alias.get(f) {
            return Some(i);
        }
        let words: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        // Longest contiguous word window that is an alias; named actors beat generic ones.
        let mut best: Option<(bool, usize, usize)> = None;
        for len in (1..=words.len()).rev() {
            for start in 0..=words.len() - len {
                let key = words[start..start + len].join(" ");
                if let Some(&i) = self.by_alias.get(&key) {
                    let named = !self.actors[i].kind.is_generic();
                    if best.is_none_or(|(n, l, _)| (named && !n) || (named == n && len > l)) {
                        best = Some((named, len, i));
                    }
                }
            }
        }
        if let Some((named, _, i)) = best {
            if named {
                return Some(i);
            }
            if let Some(country) = gentilic_country(&words)
                && self.actors[i].kind == ActorKind::StateGeneric
                && let Some(j) = self.for_country(i, country)
            {
                return Some(j);
            }
            return Some(i);
        }
        None
    }
}

impl ActorLexicon {
    /// Refines a generic force ("militaires", "forces") by a gentilic that follows the
    /// mention in the text ("forces militaires apostates maliennes").
    pub fn refine_generic(&self, actor: usize, folded_after: &str) -> usize {
        if self.actors[actor].kind != ActorKind::StateGeneric {
            return actor;
        }
        let words: Vec<&str> = folded_after.split_whitespace().take(3).collect();
        gentilic_country(&words)
            .and_then(|c| self.for_country(actor, c))
            .unwrap_or(actor)
    }

    /// The named row a generic force becomes in one country ("Police Forces of {country}"
    /// → "Police Forces of Niger"), when the lexicon has it.
    fn for_country(&self, generic: usize, country: &str) -> Option<usize> {
        self.by_name(&self.actors[generic].name_for(Some(country)))
    }
}

fn strip_determiner(f: &str) -> &str {
    for d in [
        "les ", "le ", "la ", "l'", "des ", "du ", "de la ", "de l'", "d'", "de ", "ces ",
        "cette ", "ce ",
    ] {
        if let Some(rest) = f.strip_prefix(d) {
            return rest;
        }
    }
    f
}

fn gentilic_country(words: &[&str]) -> Option<&'static str> {
    words.iter().find_map(|w| {
        GENTILICS
            .iter()
            .find(|(g, _)| w.starts_with(g))
            .map(|(_, c)| *c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> ActorLexicon {
        ActorLexicon::parse(include_str!("../../models/lexicons/actors.tsv")).unwrap()
    }

    fn resolve(m: &str) -> String {
        let l = lexicon();
        l.resolve(m)
            .map(|i| l.get(i).name_for(Some("Mali")))
            .unwrap_or_default()
    }

    #[test]
    fn resolves_aliases_acronyms_and_spelling_variants() {
        assert_eq!(resolve("FAMa"), "Military Forces of Mali");
        assert_eq!(resolve("soldats maliens"), "Military Forces of Mali");
        assert_eq!(
            resolve("Groupe de soutien à l’islam et aux musulmans"),
            "JNIM"
        );
        assert_eq!(
            resolve("Etat islamique au Grand Sahara"),
            "Islamic State (Sahel)"
        );
        assert_eq!(
            resolve("l'État islamique au Sahel"),
            "Islamic State (Sahel)"
        );
        assert_eq!(
            resolve("Forces armées du Burkina"),
            "Military Forces of Burkina Faso"
        );
    }

    #[test]
    fn uses_context_inside_the_mention() {
        assert_eq!(resolve("les jihadistes du JNIM"), "JNIM");
        assert_eq!(resolve("militants affiliés au GSIM"), "JNIM");
        assert_eq!(
            resolve("des militaires nigériens"),
            "Military Forces of Niger"
        );
        assert_eq!(resolve("des soldats tchadiens"), "Military Forces of Chad");
        assert_eq!(resolve("hommes armés"), "Unidentified Armed Group (Mali)");
        assert_eq!(resolve("villageois"), "Civilians (Mali)");
        assert_eq!(resolve("l'armée"), "Military Forces of Mali");
        assert_eq!(resolve("la rédaction"), "");
        let l = lexicon();
        let generic = l.resolve("militaires").unwrap();
        assert_eq!(
            l.get(l.refine_generic(generic, " apostates maliennes dans"))
                .name,
            "Military Forces of Mali"
        );
        assert_eq!(
            l.get(l.refine_generic(generic, " ont riposte")).name,
            "Military Forces of {country}"
        );
    }
}
