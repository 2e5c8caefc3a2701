//! Boilerplate: the lines of a page that are not the article — share buttons, site notices,
//! "Lire aussi", bylines, section labels, header stamps. The rule tagger marks nothing there.

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
            r"newsletter|suivez nous|tous droits reserves|copyright|©|source ?:|credit photo|photo ?:|",
            r"this article was added|date \d{4}|mis a jour|publie le|par la redaction|avec afp|\(afp\)|",
            r"#|\[…\]|\[\.\.\.\]|\.\.\.$)",
            r"|cookies?|is not responsible for the content|l'information en temps reel|https?://|www\.|@\w+\.\w+",
        ))
        .expect("boilerplate pattern")
    })
}

/// A dateline opening a paragraph: "BAMAKO –", "Djibo, 12 février 2020 (Sahel Dépêche) –",
/// "NIAMEY, 11 déc. (AFP) -".
fn dateline() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^\s*(?:[A-ZÀ-Ý][A-ZÀ-Ý'’ -]{2,30}|[A-ZÀ-Ý][\p{L}'’-]{2,25}(?: [A-ZÀ-Ý][\p{L}'’-]+)?,\s*(?:le\s+)?\d{1,2}(?:er)?\s+\p{L}+\.?(?:\s+\d{4})?)(?:,?\s*\d{1,2}(?:er)?\s+\p{L}+\.?(?:\s+\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[–—-]\s")
            .expect("dateline pattern")
    })
}

/// Byte ranges of the boilerplate lines of `text`, and of the datelines that open paragraphs.
pub fn boilerplate_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.len();
        start += line.len();
        if is_boilerplate(line.trim()) {
            out.push(range);
        } else if let Some(m) = dateline().find(line) {
            out.push(range.start..range.start + m.end());
        }
    }
    out
}

fn is_boilerplate(line: &str) -> bool {
    if line.is_empty() {
        return false;
    }
    let f = fold(line);
    if notice().is_match(&f) {
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
        let text = "France\nThis article was added by the user . TheWorldNews is not responsible for the content of the platform.\n\
                    Une embuscade meurtrière dans le cercle de Bankass\nPrécieux AGUETON\n#MediapartBénin, l'information en temps réel\n\nPartager\n";
        let lines: Vec<&str> = boilerplate_lines(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("embuscade")));
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
        ] {
            let r = boilerplate_lines(line);
            assert_eq!(r.len(), 1, "{line}");
            assert_eq!(line[r[0].clone()].trim(), prefix);
        }
        assert!(boilerplate_lines("Le Mali – pays enclavé – a connu des attaques.").is_empty());
    }
}
