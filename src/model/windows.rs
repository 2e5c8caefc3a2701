//! Tokens and windows: a document is tokenized once, with each token's character offsets
//! into the original text; long documents are cut into overlapping windows that fit the
//! encoder, and each token is read from the window where it has the most context.

use tokenizers::Tokenizer;

/// A document's tokens (no special tokens), with character offsets into its text.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub ids: Vec<u32>,
    pub offsets: Vec<(usize, usize)>,
}

pub fn tokenize(tokenizer: &Tokenizer, text: &str) -> anyhow::Result<Tokens> {
    let enc = tokenizer
        .encode_char_offsets(text, false)
        .map_err(|e| anyhow::anyhow!("tokenizer failed: {e}"))?;
    Ok(Tokens {
        ids: enc.get_ids().to_vec(),
        offsets: enc.get_offsets().to_vec(),
    })
}

impl Tokens {
    /// Whether each token begins a word of `text`: a token continues the previous one's word
    /// when they touch and both sides of the seam are letters, digits or a hyphen
    /// (`gendarm|erie`, `week|-|end`, `20|24`); punctuation and apostrophes start words.
    pub fn word_starts(&self, text: &str) -> Vec<bool> {
        let chars: Vec<char> = text.chars().collect();
        let wordy = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '-');
        (0..self.offsets.len())
            .map(|t| {
                if t == 0 {
                    return true;
                }
                let (prev, cur) = (self.offsets[t - 1], self.offsets[t]);
                let touching = prev.1 == cur.0 && prev.1 > prev.0 && cur.1 > cur.0;
                !(touching && wordy(chars.get(prev.1 - 1)) && wordy(chars.get(cur.0)))
            })
            .collect()
    }
}

/// A run of `len` tokens starting at token `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub len: usize,
}

/// Windows of at most `size` tokens, each starting `size - overlap` after the previous one,
/// covering all `n` tokens.
pub fn windows(n: usize, size: usize, overlap: usize) -> Vec<Window> {
    assert!(size > overlap, "window size must exceed the overlap");
    if n == 0 {
        return Vec::new();
    }
    let step = size - overlap;
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let len = size.min(n - start);
        out.push(Window { start, len });
        if start + len >= n {
            break;
        }
        start += step;
    }
    out
}

/// For each token, the window that gives it the most context on both sides.
pub fn best_window(ws: &[Window], n: usize) -> Vec<usize> {
    (0..n)
        .map(|t| {
            ws.iter()
                .enumerate()
                .filter(|(_, w)| w.start <= t && t < w.start + w.len)
                .max_by_key(|(_, w)| (t - w.start).min(w.start + w.len - 1 - t))
                .map(|(i, _)| i)
                .expect("windows cover every token")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_everything_and_tokens_take_the_most_central_one() {
        let ws = windows(10, 4, 2);
        assert_eq!(
            ws,
            vec![
                Window { start: 0, len: 4 },
                Window { start: 2, len: 4 },
                Window { start: 4, len: 4 },
                Window { start: 6, len: 4 }
            ]
        );
        let best = best_window(&ws, 10);
        assert_eq!(best[0], 0);
        assert_eq!(best[3], 1, "token 3 is central in [2..6)");
        assert_eq!(best[9], 3);
        assert_eq!(windows(3, 4, 2), vec![Window { start: 0, len: 3 }]);
        assert!(windows(0, 4, 2).is_empty());
    }

    #[test]
    fn words_are_joined_across_pieces_but_not_across_spaces_or_apostrophes() {
        // « la gendarmerie d'Ansongo, week-end » cut as a sentence-piece tokenizer would.
        let text = "la gendarmerie d'Ansongo, week-end";
        let offsets = vec![
            (0, 2),   // ▁la
            (2, 7),   // ▁gend
            (7, 14),  // armerie
            (14, 16), // ▁d
            (16, 17), // '
            (17, 24), // Ansongo
            (24, 25), // ,
            (25, 30), // ▁week
            (30, 31), // -
            (31, 34), // end
        ];
        let toks = Tokens {
            ids: vec![0; offsets.len()],
            offsets,
        };
        assert_eq!(
            toks.word_starts(text),
            vec![
                true, true, false, true, true, true, true, true, false, false
            ]
        );
    }
}
