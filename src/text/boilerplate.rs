//! Boilerplate: the lines of a page that are not the article — share buttons, site notices,
//! "Lire aussi", tags, breadcrumbs, bylines, section labels, header stamps, and the datelines
//! that open paragraphs. The annotation guide marks nothing there, so no tagger does: the
//! rules skip these lines and the model's spans inside them are dropped. Nor is a word of a
//! web address an entity (« a appris Lefaso.net »: a news site, not a place).

use crate::text::fold;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

fn notice() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(concat!(
            r"^(partager|partagez|share|tweet|imprimer|envoyer|commenter|publicite|advertisement|",
            r"lire aussi|lire la suite|a lire|a lire aussi|voir aussi|sur le meme sujet|abonnez vous|inscrivez vous|",
            r"newsletter|suivez nous|tous droits reserves|copyright|©|source ?:|credit photo|photo ?:|\[photo|",
            r"tags ?:|mots cles ?:|articles similaires|",
            r"this article was added|date \d{4}|mis a jour|publie le|par la redaction|avec afp|\(afp\)|",
            r"#|\[…\]|\[\.\.\.\]|\.\.\.$)",
            r"|›|cookies?|is not responsible for the content|l'information en temps reel|https?://|www\.|@\w+\.\w+",
        ))
        .expect("boilerplate pattern")
    })
}

/// A dateline opening a paragraph: "BAMAKO –", "Djibo, 12 février 2020 (Sahel Dépêche) –",
/// "NIAMEY, 11 déc. (AFP) -", "MARADI, Niger, 15 fév. (Agence) –", "Niamey (Agence) –".
/// A place in ordinary case needs a date or an agency after it, so that a sentence such as
/// "Le Mali – pays enclavé – …" is no dateline.
fn dateline() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        const UPPER: &str = r"[A-ZÀ-Ý][A-ZÀ-Ý'’ -]{2,30}";
        const PLACE: &str = r"[A-ZÀ-Ý][\p{L}'’-]{2,25}(?: [A-ZÀ-Ý][\p{L}'’-]+)?";
        const DATE: &str = r"(?:le\s+)?\d{1,2}(?:er)?\s+\p{L}+\.?(?:\s+\d{4})?";
        const AGENCY: &str = r"\([^)]{1,40}\)";
        Regex::new(&format!(
            r"^\s*(?:{UPPER}(?:,\s*{PLACE})?(?:,?\s*{DATE})?\s*(?:{AGENCY})?|{PLACE}(?:,\s*{PLACE})?(?:,\s*{DATE}\s*(?:{AGENCY})?|\s*{AGENCY}))\s*[–—-]\s"
        ))
        .expect("dateline pattern")
    })
}

/// The parts of one text that no tagger marks: its boilerplate lines and datelines, and the
/// words of web addresses.
#[derive(Debug, Clone)]
pub struct Boilerplate<'a> {
    text: &'a str,
    lines: Vec<Range<usize>>,
}

impl<'a> Boilerplate<'a> {
    pub fn find(text: &'a str) -> Self {
        Boilerplate {
            text,
            lines: boilerplate_lines(text),
        }
    }

    /// Whether the byte range lies wholly inside a boilerplate line or is part of a web
    /// address.
    pub fn covers(&self, bytes: &Range<usize>) -> bool {
        self.lines
            .iter()
            .any(|b| b.start <= bytes.start && bytes.end <= b.end)
            || in_web_address(self.text, bytes)
    }
}

/// Whether the byte range is glued to a domain ending (`Lefaso.net`, `aBamako.com`) or follows
/// `www.` or `//`.
fn in_web_address(text: &str, bytes: &Range<usize>) -> bool {
    static DOMAIN: OnceLock<Regex> = OnceLock::new();
    let domain = DOMAIN.get_or_init(|| {
        Regex::new(r"^[\w-]*\.(?:com|net|org|info|ml|bf|ne|td|mr|sn|fr|africa)\b")
            .expect("domain pattern")
    });
    domain.is_match(&text[bytes.end..])
        || text[..bytes.start].ends_with("www.")
        || text[..bytes.start].ends_with("//")
}

/// Byte ranges of the boilerplate lines of `text`, and of the datelines that open paragraphs.
fn boilerplate_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // Under a heading such as "Articles similaires", every line up to the next blank one is
    // a link to another article.
    let mut in_link_list = false;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.len();
        start += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            in_link_list = false;
        } else if in_link_list || is_boilerplate(trimmed) {
            in_link_list |= is_link_list_heading(trimmed);
            out.push(range);
        } else if let Some(m) = dateline().find(line) {
            out.push(range.start..range.start + m.end());
        }
    }
    out
}

fn is_link_list_heading(line: &str) -> bool {
    let f = fold(line);
    let f = f.trim_end_matches([' ', ':']);
    [
        "articles similaires",
        "lire aussi",
        "a lire aussi",
        "voir aussi",
        "sur le meme sujet",
    ]
    .contains(&f)
}

/// Whether a trimmed, non-empty line is boilerplate.
fn is_boilerplate(line: &str) -> bool {
    let f = fold(line);
    if notice().is_match(&f) {
        return true;
    }
    // Site chrome: a breadcrumb or a byline cut by separators ("Accueil > Afrique > Mali",
    // "Par Issa K. | 18 avril 2024 | Mis à jour à 14h05").
    if [" | ", " / ", " > "]
        .iter()
        .any(|sep| line.matches(sep).count() >= 2)
    {
        return true;
    }
    // A signed byline: a short line opening with « Par » that is no sentence ("Par notre
    // correspondant à Dori", "Par Moussa T., correspondant à Gao — 14 avril 2025"), where
    // « Par ailleurs, l'armée a… » ends with a full stop.
    if f.starts_with("par ") && line.chars().count() <= 100 && !line.ends_with(['.', '!', '?', '»'])
    {
        return true;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    // A section label or outlet name on its own line ("France", "Figaro").
    if words.len() == 1 {
        return true;
    }
    // A byline: two to four capitalised words and nothing else ("Précieux AGUETON").
    let no_punct = !line.contains(['.', ',', ':', ';', '!', '?', '«', '»', '"']);
    words.len() <= 4
        && no_punct
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().any(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_site_notices_bylines_and_labels_but_not_headlines() {
        let text = "Par Moussa T., correspondant à Gao — 14 avril 2025\nPar ailleurs, deux soldats ont été tués à Boni.\nFrance\nThis article was added by the user . TheWorldNews is not responsible for the content of the platform.\n\
                    Une embuscade meurtrière dans le cercle de Bankass\nPrécieux AGUETON\n#MediapartBénin, l'information en temps réel\n\nPartager\n";
        let lines: Vec<&str> = boilerplate_lines(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert!(lines[0].starts_with("Par Moussa"));
        assert!(
            !lines
                .iter()
                .any(|l| l.contains("embuscade") || l.contains("Boni"))
        );
    }

    #[test]
    fn finds_datelines_but_not_sentences() {
        for (line, prefix) in [
            ("BAMAKO – Des hommes armés ont attaqué", "BAMAKO –"),
            (
                "Djibo, 12 février 2020 (Sahel Dépêche) – Au moins dix",
                "Djibo, 12 février 2020 (Sahel Dépêche) –",
            ),
            (
                "NIAMEY, 11 déc. (AFP) - Le ministre",
                "NIAMEY, 11 déc. (AFP) -",
            ),
            (
                "MARADI, Niger, 15 fév. (Agence) – Des bandits armés",
                "MARADI, Niger, 15 fév. (Agence) –",
            ),
            ("Niamey (Agence) – Au moins vingt", "Niamey (Agence) –"),
            (
                "N'Djamena (Agence, traduit de l'arabe) – L'état-major",
                "N'Djamena (Agence, traduit de l'arabe) –",
            ),
        ] {
            let r = boilerplate_lines(line);
            assert_eq!(r.len(), 1, "{line}");
            assert_eq!(line[r[0].clone()].trim(), prefix);
        }
        for sentence in [
            "Le Mali – pays enclavé – a connu des attaques.",
            "Selon l'armée (FAMa) – qui dément – le bilan est lourd.",
        ] {
            assert!(boilerplate_lines(sentence).is_empty(), "{sentence}");
        }
    }

    #[test]
    fn a_news_site_is_no_place() {
        let text = "a appris aBamako.com, selon www.Gao-infos, mais Gao reste calme.";
        let at = |w: &str, nth: usize| {
            let b = text.match_indices(w).nth(nth).unwrap().0;
            b..b + w.len()
        };
        assert!(in_web_address(text, &at("Bamako", 0)));
        assert!(in_web_address(text, &at("Gao", 0)));
        assert!(!in_web_address(text, &at("Gao", 1)));
        // `Boilerplate::covers` says the same of a news site in an article line.
        let line = "selon Maradi.info, les bandits ont quitté Maradi.";
        let skip = Boilerplate::find(line);
        let first = line.find("Maradi").unwrap();
        let second = line.rfind("Maradi").unwrap();
        assert!(skip.covers(&(first..first + 6)));
        assert!(!skip.covers(&(second..second + 6)));
    }

    #[test]
    fn finds_tags_breadcrumbs_and_link_lists_but_not_bulleted_news() {
        let text = "Faso Info | Accueil › Sécurité › Burkina Faso\n\
                    Accueil / Régions / Nord\n\
                    Par Issa K. | 18 avril 2024 | Mis à jour à 14h05\n\n\
                    • Est. Le 13 mai, une offensive conjointe a visé des bases à Diapaga.\n\n\
                    Tags : Burkina Faso, Djibo, JNIM, terrorisme\n\
                    Mots-clés : Titao, Loroum, JNIM | Commentaires (3)\n\n\
                    Articles similaires\n\
                    • Niger : le couvre-feu prolongé à Tillabéri\n\
                    • Tchad : l'armée lance une opération sur le lac\n";
        let lines: Vec<&str> = boilerplate_lines(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(lines.len(), 8, "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("Tillabéri")));
        assert!(!lines.iter().any(|l| l.contains("Diapaga")));
        let skip = Boilerplate::find(text);
        let tag = text.find("Djibo").unwrap();
        assert!(skip.covers(&(tag..tag + "Djibo".len())));
        let news = text.find("Diapaga").unwrap();
        assert!(!skip.covers(&(news..news + "Diapaga".len())));
    }
}
