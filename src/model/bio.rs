//! BIO tags: decoding token scores into well-formed spans (Viterbi over allowed transitions:
//! `I-X` only after `B-X` or `I-X`), and the reverse, spans into tags for training.
//!
//! Decoding is by word: a span never starts or ends inside a word. A word's tag is read from
//! its first sub-word token and the word's other tokens follow it, as in BERT-style NER;
//! left to itself the token head sometimes drops a word's last piece (`gendarmeri|e`).

use crate::document::{Document, Label};

/// A tag of the token head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Outside,
    Begin(Label),
    Inside(Label),
}

impl Tag {
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::Outside);
        }
        let (bi, label) = s.split_once('-')?;
        let label = Label::parse(label)?;
        match bi {
            "B" => Some(Tag::Begin(label)),
            "I" => Some(Tag::Inside(label)),
            _ => None,
        }
    }

    /// Whether `next` may follow `self`.
    pub fn allows(self, next: Tag) -> bool {
        match next {
            Tag::Inside(l) => matches!(self, Tag::Begin(p) | Tag::Inside(p) if p == l),
            _ => true,
        }
    }
}

/// The best allowed tag sequence for per-token scores (log-probabilities or logits).
/// `scores[t][k]` is the score of tag `k` at token `t`.
pub fn viterbi(scores: &[Vec<f32>], tags: &[Tag]) -> Vec<usize> {
    let n = scores.len();
    if n == 0 {
        return Vec::new();
    }
    let k = tags.len();
    let start_ok: Vec<bool> = tags.iter().map(|t| !matches!(t, Tag::Inside(_))).collect();
    let mut best = vec![vec![f32::NEG_INFINITY; k]; n];
    let mut back = vec![vec![0usize; k]; n];
    for j in 0..k {
        if start_ok[j] {
            best[0][j] = scores[0][j];
        }
    }
    for t in 1..n {
        for j in 0..k {
            let mut b = f32::NEG_INFINITY;
            let mut arg = 0;
            for i in 0..k {
                if best[t - 1][i] > b && tags[i].allows(tags[j]) {
                    b = best[t - 1][i];
                    arg = i;
                }
            }
            if b > f32::NEG_INFINITY {
                best[t][j] = b + scores[t][j];
                back[t][j] = arg;
            }
        }
    }
    let mut j = (0..k)
        .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]))
        .unwrap_or(0);
    let mut path = vec![0; n];
    for t in (0..n).rev() {
        path[t] = j;
        j = back[t][j];
    }
    path
}

/// The best allowed tag path decoded word by word: `word_start[t]` says whether token `t`
/// begins a word. Each word takes the tag decoded from its first token's scores; its other
/// tokens get `I-` of the same label (or `O`).
pub fn viterbi_words(scores: &[Vec<f32>], tags: &[Tag], word_start: &[bool]) -> Vec<usize> {
    assert_eq!(scores.len(), word_start.len(), "one word flag per token");
    let firsts: Vec<usize> = (0..scores.len())
        .filter(|&t| word_start[t] || t == 0)
        .collect();
    let word_scores: Vec<Vec<f32>> = firsts.iter().map(|&t| scores[t].clone()).collect();
    let word_path = viterbi(&word_scores, tags);
    let index = |t: Tag| tags.iter().position(|x| *x == t);
    let mut path = vec![0; scores.len()];
    for (w, &first) in firsts.iter().enumerate() {
        let end = firsts.get(w + 1).copied().unwrap_or(scores.len());
        path[first] = word_path[w];
        let rest = match tags[word_path[w]] {
            Tag::Begin(l) | Tag::Inside(l) => index(Tag::Inside(l)).unwrap_or(word_path[w]),
            Tag::Outside => word_path[w],
        };
        for slot in &mut path[first + 1..end] {
            *slot = rest;
        }
    }
    path
}

/// Token index ranges (inclusive) and labels of the spans in a tag path.
pub fn spans(path: &[usize], tags: &[Tag]) -> Vec<(Label, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(Label, usize)> = None;
    for (t, &k) in path.iter().enumerate() {
        match tags[k] {
            Tag::Begin(l) => {
                if let Some((ol, s)) = open.take() {
                    out.push((ol, s, t - 1));
                }
                open = Some((l, t));
            }
            Tag::Inside(l) if open.is_some_and(|(ol, _)| ol == l) => {}
            _ => {
                if let Some((ol, s)) = open.take() {
                    out.push((ol, s, t - 1));
                }
            }
        }
    }
    if let Some((l, s)) = open {
        out.push((l, s, path.len() - 1));
    }
    out
}

/// Words between two parts of one date.
const DATE_LINKS: &[&str] = &["du", "de", "d'", "d’", "et", "au", "à", "à l'", "à l’"];
/// Words between a count's bound and its number (« plus | de | 200 », « plus | d'une
/// centaine »); the gold has 58 counts so and no two counts apart across them.
const COUNT_LINKS: &[&str] = &["de", "d'", "d’"];

/// Joins neighbouring spans of one label that only whitespace separates: the token head
/// sometimes opens a new span on each word of a count it was not hinted (« des | dizaines »,
/// « plus | de | 50 »), and the annotation guide never puts two spans of one label side by
/// side. Dates also join across the word that links a date's parts (« nuit | du | 2 au 3
/// février », « samedi | et | dimanche », « après-midi | de | lundi »), which the guide makes
/// one span (80 gold dates hold such a word; one pair of dates is kept apart across one), and
/// so do a count's bound and its number. A line break ends a span: a headline's place and
/// the dateline's are two. `offsets` are the tokens' character ranges into `doc`'s text.
pub fn join_touching(
    spans: Vec<(Label, usize, usize)>,
    offsets: &[(usize, usize)],
    doc: &Document,
) -> Vec<(Label, usize, usize)> {
    let mut out: Vec<(Label, usize, usize)> = Vec::with_capacity(spans.len());
    for span in spans {
        if let Some(prev) = out.last_mut() {
            let gap_start = offsets[prev.2].1;
            let gap_end = offsets[span.1].0.max(gap_start);
            let gap = doc.slice(gap_start, gap_end);
            let links: &[&str] = match span.0 {
                Label::Date => DATE_LINKS,
                Label::Fatalities => COUNT_LINKS,
                _ => &[],
            };
            let joins = gap.chars().all(char::is_whitespace) || links.contains(&gap.trim());
            if prev.0 == span.0 && joins && !gap.contains('\n') {
                prev.2 = span.2;
                continue;
            }
        }
        out.push(span);
    }
    out
}

/// Tags for tokens from character spans: the first token overlapping a span gets `B-`, the
/// rest `I-`. `offsets` are the tokens' character ranges.
pub fn tags_for(
    offsets: &[(usize, usize)],
    spans: &[(Label, usize, usize)],
    tags: &[Tag],
) -> Vec<usize> {
    let index = |t: Tag| tags.iter().position(|x| *x == t).expect("tag in label set");
    let mut out = vec![index(Tag::Outside); offsets.len()];
    for &(label, start, end) in spans {
        let mut first = true;
        for (i, &(a, b)) in offsets.iter().enumerate() {
            if a < end && start < b && b > a {
                out[i] = index(if first {
                    Tag::Begin(label)
                } else {
                    Tag::Inside(label)
                });
                first = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags() -> Vec<Tag> {
        crate::model::config::LabelSet::default()
            .tags
            .iter()
            .map(|t| Tag::parse(t).unwrap())
            .collect()
    }

    #[test]
    fn viterbi_never_opens_with_inside_or_switches_label_mid_span() {
        let t = tags();
        let idx = |x: Tag| t.iter().position(|y| *y == x).unwrap();
        let mut scores = vec![vec![0.0f32; t.len()]; 3];
        // Greedy would read I-LOC, I-LOC, I-ACTOR.
        scores[0][idx(Tag::Inside(Label::Loc))] = 5.0;
        scores[0][idx(Tag::Begin(Label::Loc))] = 4.0;
        scores[1][idx(Tag::Inside(Label::Loc))] = 5.0;
        scores[2][idx(Tag::Inside(Label::Actor))] = 5.0;
        scores[2][idx(Tag::Outside)] = 1.0;
        let path = viterbi(&scores, &t);
        let decoded: Vec<Tag> = path.iter().map(|&k| t[k]).collect();
        assert_eq!(decoded[0], Tag::Begin(Label::Loc));
        assert_eq!(decoded[1], Tag::Inside(Label::Loc));
        assert!(!matches!(decoded[2], Tag::Inside(Label::Actor)));
        assert_eq!(spans(&path, &t)[0], (Label::Loc, 0, 1));
    }

    #[test]
    fn word_decoding_never_cuts_a_word() {
        let tags = tags();
        let k = tags.len();
        let b_actor = tags
            .iter()
            .position(|t| *t == Tag::Begin(Label::Actor))
            .unwrap();
        let i_actor = tags
            .iter()
            .position(|t| *t == Tag::Inside(Label::Actor))
            .unwrap();
        let one_hot = |j: usize| (0..k).map(|i| if i == j { 0.0 } else { -5.0 }).collect();
        // « la gendarmeri|e arrive »: the head says O on the word's last piece.
        let scores: Vec<Vec<f32>> = vec![one_hot(0), one_hot(b_actor), one_hot(0), one_hot(0)];
        let starts = [true, true, false, true];
        let path = viterbi_words(&scores, &tags, &starts);
        assert_eq!(path, vec![0, b_actor, i_actor, 0]);
        assert_eq!(spans(&path, &tags), vec![(Label::Actor, 1, 2)]);
        // A word whose first piece is O stays O whatever its other pieces say.
        let scores: Vec<Vec<f32>> = vec![one_hot(0), one_hot(b_actor), one_hot(0)];
        let path = viterbi_words(&scores, &tags, &[true, false, true]);
        assert_eq!(path, vec![0, 0, 0]);
    }

    #[test]
    fn spans_of_one_label_split_by_a_space_are_joined_but_not_across_words_or_lines() {
        let doc = Document::new("t", "tué des dizaines de soldats et civils");
        // tué | des | dizaines | de | soldats | et | civils
        let offsets = [
            (0, 3),
            (4, 7),
            (8, 16),
            (17, 19),
            (20, 27),
            (28, 30),
            (31, 37),
        ];
        let spans = vec![
            (Label::Fatalities, 1, 1),
            (Label::Fatalities, 2, 2),
            (Label::Actor, 4, 4),
            (Label::Actor, 6, 6),
        ];
        assert_eq!(
            join_touching(spans, &offsets, &doc),
            vec![
                (Label::Fatalities, 1, 2),
                (Label::Actor, 4, 4),
                (Label::Actor, 6, 6)
            ]
        );
        // Different labels side by side stay apart.
        let spans = vec![(Label::Fatalities, 2, 2), (Label::Actor, 3, 4)];
        assert_eq!(join_touching(spans.clone(), &offsets, &doc), spans);
        // A headline's place and the dateline's below it stay apart.
        let doc = Document::new("t", "Maradi\nMARADI");
        let spans = vec![(Label::Loc, 0, 0), (Label::Loc, 1, 1)];
        assert_eq!(
            join_touching(spans.clone(), &[(0, 6), (7, 13)], &doc),
            spans
        );
    }

    #[test]
    fn dates_join_across_their_linking_word_and_counts_across_de() {
        // The parts of a date join across their linking word; other labels do not.
        let doc = Document::new("t", "dans la nuit du 2 au 3 février et samedi");
        // dans | la | nuit | du | 2 au 3 février | et | samedi
        let offsets = [
            (0, 4),
            (5, 7),
            (8, 12),
            (13, 15),
            (16, 30),
            (31, 33),
            (34, 40),
        ];
        let dates = vec![
            (Label::Date, 2, 2),
            (Label::Date, 4, 4),
            (Label::Date, 6, 6),
        ];
        assert_eq!(
            join_touching(dates, &offsets, &doc),
            vec![(Label::Date, 2, 6)]
        );
        let places = vec![(Label::Loc, 2, 2), (Label::Loc, 4, 4)];
        assert_eq!(join_touching(places.clone(), &offsets, &doc), places);
        // A count's bound joins its number across « de »; two counts do not join across « du ».
        let counts = Document::new("t", "plus de 200 morts");
        let offsets_counts = [(0, 4), (5, 7), (8, 11), (12, 17)];
        let plus_de_200 = vec![(Label::Fatalities, 0, 0), (Label::Fatalities, 2, 2)];
        assert_eq!(
            join_touching(plus_de_200, &offsets_counts, &counts),
            vec![(Label::Fatalities, 0, 2)]
        );
        let apart = vec![(Label::Fatalities, 2, 2), (Label::Fatalities, 4, 4)];
        assert_eq!(join_touching(apart.clone(), &offsets, &doc), apart);
    }

    #[test]
    fn spans_round_trip_through_tags() {
        let t = tags();
        let offsets = [(0, 3), (3, 6), (7, 12), (13, 20), (20, 25)];
        let gold = [(Label::Actor, 0, 6), (Label::Loc, 13, 25)];
        let path = tags_for(&offsets, &gold, &t);
        assert_eq!(
            spans(&path, &t),
            vec![(Label::Actor, 0, 1), (Label::Loc, 3, 4)]
        );
    }
}
