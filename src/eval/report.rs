//! Reports: the JSON shape the spec fixes (so runs can be compared by scripts), a Markdown
//! page with the systems side by side, and the `--errors` listing grouped by kind.

use super::score::{Counts, ratio};
use super::{SystemResult, SystemScores};
use crate::document::Label;
use serde_json::{Value, json};
use std::fmt::Write;

fn prf(c: Counts) -> Value {
    json!({"precision": round(c.precision()), "recall": round(c.recall()), "f1": round(c.f1()), "matched": c.matched, "gold": c.gold, "predicted": c.predicted})
}

fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

fn system_json(s: &SystemScores) -> Value {
    let mut per_label = serde_json::Map::new();
    for l in Label::ALL {
        per_label.insert(l.as_str().into(), json!({"strict": prf(s.strict.get(&l).copied().unwrap_or_default()), "overlap": prf(s.overlap.get(&l).copied().unwrap_or_default())}));
    }
    let e = &s.events;
    let m = e.counts.matched;
    json!({
        "available": true,
        "entities": {"micro": {"strict": prf(s.micro(true)), "overlap": prf(s.micro(false))}, "per_label": per_label},
        "events": {
            "gold": e.counts.gold, "predicted": e.counts.predicted, "matched": m,
            "precision": round(e.counts.precision()), "recall": round(e.counts.recall()), "f1": round(e.counts.f1()),
            "event_type_accuracy": round(ratio(e.event_type, m)),
            "sub_event_type_accuracy": round(ratio(e.sub_event_type, m)),
            "actor_accuracy": round(ratio(e.actors, m)),
            "date_accuracy": round(ratio(e.date, m)),
            "fatalities_exact": round(ratio(e.fatalities_exact, e.fatalities_known)),
            "fatalities_mae": round(if e.fatalities_known == 0 { 0.0 } else { e.fatalities_abs_error / e.fatalities_known as f64 }),
            "admin1_accuracy": round(ratio(e.admin1, e.admin1_known)),
            // The denominators of the toll and admin1 scores: matched pairs whose gold
            // field is known (a 0 here means those scores are undefined, not zero).
            "fatalities_known": e.fatalities_known,
            "admin1_known": e.admin1_known,
            "confusion": e.confusion,
        },
        "documents": {"total_fatalities_mae": round(if s.documents == 0 { 0.0 } else { s.total_fatalities_abs_error / s.documents as f64 })},
        "seconds": round(s.seconds),
    })
}

/// The JSON report.
pub fn json_report(gold: &str, documents: usize, systems: &[(String, SystemResult)]) -> Value {
    let mut out = serde_json::Map::new();
    for (name, r) in systems {
        out.insert(
            name.clone(),
            match r {
                SystemResult::Scored(s) => system_json(s),
                SystemResult::Unavailable(why) => json!({"available": false, "reason": why}),
            },
        );
    }
    json!({"gold": gold, "documents": documents, "systems": out})
}

/// A row of the summary table: its title, the JSON path of its value, and the JSON path
/// of the count the value is a share or mean of (`None`: always defined).
type SummaryRow = (
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
);

/// The Markdown report: headline table, per-label table, event fields, confusion matrices.
pub fn markdown_report(gold: &str, documents: usize, systems: &[(String, SystemResult)]) -> String {
    let report = json_report(gold, documents, systems);
    let names: Vec<&String> = systems.iter().map(|(n, _)| n).collect();
    let sys = |n: &str| &report["systems"][n];
    // A system's value at a JSON path (`Null` where there is none).
    let at = |n: &str, path: &[&str]| path.iter().fold(sys(n), |v, p| &v[*p]);
    let cell = |n: &str, path: &[&str]| -> String {
        if sys(n)["available"] == false {
            return "n/a".into();
        }
        match at(n, path) {
            Value::Number(x) if x.is_f64() => format!("{:.3}", x.as_f64().unwrap()),
            Value::Number(x) => x.to_string(),
            _ => "—".into(),
        }
    };
    let mut md = String::new();
    let _ = writeln!(md, "# Evaluation: `{gold}` ({documents} documents)\n");
    let header = |md: &mut String, first: &str| {
        let _ = writeln!(
            md,
            "| {first} | {} |",
            names
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(md, "| --- |{}", " ---: |".repeat(names.len()));
    };
    for (n, r) in systems {
        if let SystemResult::Unavailable(why) = r {
            let _ = writeln!(md, "- **{n}**: not available — {why}");
        }
    }
    let _ = writeln!(md, "\n## Summary\n");
    header(&mut md, "metric");
    // A score over no pairs is undefined: it shows as "—", not as a 0 that reads like a
    // failure.
    const MATCHED: Option<&[&str]> = Some(&["events", "matched"]);
    let rows: &[SummaryRow] = &[
        (
            "entity F1, strict (micro)",
            &["entities", "micro", "strict", "f1"],
            None,
        ),
        (
            "entity F1, overlap (micro)",
            &["entities", "micro", "overlap", "f1"],
            None,
        ),
        ("event precision", &["events", "precision"], None),
        ("event recall", &["events", "recall"], None),
        ("event F1", &["events", "f1"], None),
        (
            "event type accuracy",
            &["events", "event_type_accuracy"],
            MATCHED,
        ),
        (
            "sub-event type accuracy",
            &["events", "sub_event_type_accuracy"],
            MATCHED,
        ),
        (
            "actor accuracy (pair)",
            &["events", "actor_accuracy"],
            MATCHED,
        ),
        ("date accuracy", &["events", "date_accuracy"], MATCHED),
        (
            "fatalities exact",
            &["events", "fatalities_exact"],
            Some(&["events", "fatalities_known"]),
        ),
        (
            "fatalities MAE",
            &["events", "fatalities_mae"],
            Some(&["events", "fatalities_known"]),
        ),
        (
            "admin1 accuracy",
            &["events", "admin1_accuracy"],
            Some(&["events", "admin1_known"]),
        ),
        (
            "document toll MAE",
            &["documents", "total_fatalities_mae"],
            None,
        ),
        ("events gold / predicted / matched", &[], None),
        ("seconds", &["seconds"], None),
    ];
    for (label, path, denominator) in rows {
        let cells: Vec<String> = if path.is_empty() {
            names
                .iter()
                .map(|n| {
                    if sys(n)["available"] == false {
                        "n/a".into()
                    } else {
                        format!(
                            "{} / {} / {}",
                            sys(n)["events"]["gold"],
                            sys(n)["events"]["predicted"],
                            sys(n)["events"]["matched"]
                        )
                    }
                })
                .collect()
        } else {
            names
                .iter()
                .map(|n| match denominator {
                    Some(d) if at(n, d) == 0 => "—".into(),
                    _ => cell(n, path),
                })
                .collect()
        };
        let _ = writeln!(md, "| {label} | {} |", cells.join(" | "));
    }
    let _ = writeln!(md, "\n## Entities per label (F1 strict / overlap)\n");
    header(&mut md, "label");
    for l in Label::ALL {
        let cells: Vec<String> = names
            .iter()
            .map(|n| {
                if sys(n)["available"] == false {
                    "n/a".into()
                } else {
                    let pl = &sys(n)["entities"]["per_label"][l.as_str()];
                    format!(
                        "{:.3} / {:.3} (gold {})",
                        pl["strict"]["f1"].as_f64().unwrap_or(0.0),
                        pl["overlap"]["f1"].as_f64().unwrap_or(0.0),
                        pl["strict"]["gold"]
                    )
                }
            })
            .collect();
        let _ = writeln!(md, "| {} | {} |", l.as_str(), cells.join(" | "));
    }
    for (n, r) in systems {
        let SystemResult::Scored(s) = r else { continue };
        let _ = writeln!(
            md,
            "\n## Event types, {n}: confusion over matched events (rows gold, columns predicted)\n"
        );
        let mut cols: Vec<&String> = s.events.confusion.values().flat_map(|m| m.keys()).collect();
        cols.sort();
        cols.dedup();
        if cols.is_empty() {
            let _ = writeln!(md, "(no matched events)");
            continue;
        }
        let _ = writeln!(
            md,
            "| gold \\ predicted | {} |",
            cols.iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(md, "| --- |{}", " ---: |".repeat(cols.len()));
        for (g, row) in &s.events.confusion {
            let cells: Vec<String> = cols
                .iter()
                .map(|c| row.get(*c).copied().unwrap_or(0).to_string())
                .collect();
            let _ = writeln!(md, "| {g} | {} |", cells.join(" | "));
        }
    }
    md
}

/// The `--errors` listing: per system, errors grouped by kind.
pub fn errors_report(systems: &[(String, SystemResult)]) -> String {
    let mut out = String::new();
    for (n, r) in systems {
        let SystemResult::Scored(s) = r else { continue };
        let mut kinds: Vec<&str> = s.errors.iter().map(|e| e.kind.as_str()).collect();
        kinds.sort();
        kinds.dedup();
        let _ = writeln!(out, "=== {n}: {} errors", s.errors.len());
        for k in kinds {
            let items: Vec<_> = s.errors.iter().filter(|e| e.kind == k).collect();
            let _ = writeln!(out, "\n--- {k} ({})", items.len());
            for e in items {
                let _ = writeln!(out, "  [{}] {}", e.doc, e.detail);
            }
        }
        let _ = writeln!(out);
    }
    out
}
