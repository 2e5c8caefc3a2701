//! Input: turns command-line arguments (files, directories, `-` for standard input) into
//! documents. `.txt` files are one article each; `.jsonl` files hold one document per line in
//! the spec's format. Every problem names the file (and line) and what to do about it.

mod header;

pub use header::published_in_header;

use crate::document::{Document, PublicationDate};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest input file accepted (articles are kilobytes; a 10 MB file is a mistake).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// A document that could not be read, with where it came from.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct InputError {
    /// `file` or `file:line`.
    pub origin: String,
    /// The id the document would have had, so that it is accounted for in the output.
    pub id: String,
    pub message: String,
}

/// One item of the input, in order: a document or the reason it could not be read.
pub type InputItem = Result<Document, InputError>;

/// Expands the arguments into input files: directories are walked recursively for `.txt`
/// and `.jsonl` files, in sorted order. `-` is standard input.
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for a in args {
        if a.as_os_str() == "-" {
            out.push(a.clone());
        } else if a.is_dir() {
            walk(a, &mut out)?;
        } else if a.exists() {
            out.push(a.clone());
        } else {
            return Err(InputError {
                origin: a.display().to_string(),
                id: stem(a),
                message: "no such file or directory".into(),
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let err = |e: std::io::Error| InputError {
        origin: dir.display().to_string(),
        id: stem(dir),
        message: e.to_string(),
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        ) {
            out.push(p);
        }
    }
    Ok(())
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Reads one input file (or standard input) into its documents.
pub fn read(path: &Path) -> Vec<InputItem> {
    let origin = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let id = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        stem(path)
    };
    let fail = |message: String| {
        vec![Err(InputError {
            origin: origin.clone(),
            id: id.clone(),
            message,
        })]
    };
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(m) => return fail(m),
    };
    if bytes.contains(&0) {
        return fail("looks like a binary file (it contains NUL bytes); give articles as UTF-8 text or JSON Lines".into());
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return fail(format!(
                "is not valid UTF-8 (first bad byte at offset {at}); convert it, e.g. `iconv -f latin1 -t utf-8`"
            ));
        }
    };
    let is_jsonl = path.extension().is_some_and(|e| e == "jsonl")
        || (path.as_os_str() == "-" && text.trim_start().starts_with('{'));
    if is_jsonl {
        return read_jsonl(&origin, &text);
    }
    if text.trim().is_empty() {
        return fail("is empty".into());
    }
    let published = published_in_header(&text);
    vec![Ok(Document::new(id, text).with_published(published))]
}

fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf))
    };
    result.map_err(|e| format!("cannot be read: {e}"))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "is larger than the {} MB limit; split it into one article per file or per JSON line",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    Ok(buf)
}

/// Parses JSON Lines in the spec's format; each bad line is its own error.
pub fn read_jsonl(origin: &str, text: &str) -> Vec<InputItem> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{origin}:{}", n + 1);
        out.push(parse_line(line).map_err(|(id, message)| InputError {
            origin: at,
            id: id.unwrap_or_else(|| format!("line-{}", n + 1)),
            message,
        }));
    }
    if out.is_empty() {
        out.push(Err(InputError {
            origin: origin.to_string(),
            id: origin.to_string(),
            message: "is empty".into(),
        }));
    }
    out
}

fn parse_line(line: &str) -> Result<Document, (Option<String>, String)> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| (None, format!("is not valid JSON: {e}")))?;
    let obj = v
        .as_object()
        .ok_or((None, "is not a JSON object".to_string()))?;
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err((None, "has no `id` (a non-empty string)".into())),
    };
    let text = obj
        .get("text")
        .and_then(|t| t.as_str())
        .ok_or((Some(id.clone()), "has no `text` string".to_string()))?;
    if text.trim().is_empty() {
        return Err((Some(id), "has an empty `text`".into()));
    }
    let published = match obj.get("published") {
        None | Some(serde_json::Value::Null) => published_in_header(text),
        Some(serde_json::Value::String(s)) => Some(
            s.parse::<PublicationDate>()
                .map_err(|e| (Some(id.clone()), format!("`published`: {e}")))?,
        ),
        Some(_) => return Err((Some(id), "`published` must be a string or null".into())),
    };
    let mut doc = Document::new(id, text).with_published(published);
    doc.source = obj.get("source").and_then(|s| s.as_str()).map(String::from);
    doc.url = obj.get("url").and_then(|s| s.as_str()).map(String::from);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_errors_name_the_line() {
        let items = read_jsonl(
            "gold.jsonl",
            "{\"id\":\"a\",\"text\":\"Une attaque à Gao.\",\"published\":\"2024-08-16\"}\nnot json\n{\"id\":\"c\"}\n{\"id\":\"d\",\"text\":\"x\",\"published\":\"16 août\"}\n",
        );
        assert!(items[0].is_ok());
        let errs: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errs.len(), 3);
        assert!(
            errs[0].starts_with("gold.jsonl:2: is not valid JSON"),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with("gold.jsonl:3: has no `text`"),
            "{}",
            errs[1]
        );
        assert!(
            errs[2].contains("gold.jsonl:4") && errs[2].contains("published"),
            "{}",
            errs[2]
        );
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let items = read_jsonl(
            "x.jsonl",
            "{\"id\":\"a\",\"text\":\"Texte.\",\"entities\":[],\"extra\":{\"k\":1}}",
        );
        assert_eq!(items[0].as_ref().unwrap().id, "a");
    }
}
