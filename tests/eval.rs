//! The evaluation harness from the outside: validating gold files, scoring systems side by
//! side, and surviving gold written outside the project.

use std::path::{Path, PathBuf};

mod common;

use common::{bin, tmp};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_shipped_gold_file_is_valid() {
    let gold: Vec<PathBuf> = std::fs::read_dir(root().join("eval/gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    assert!(!gold.is_empty());
    for f in gold {
        let o = bin().args(["eval", "validate"]).arg(&f).output().unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn validate_names_the_line_and_entity_of_each_problem() {
    let scratch = tmp("validate");
    let dir = scratch.path();
    let f = dir.join("bad.jsonl");
    let good = r#"{"id":"a","text":"Une attaque à Gao.","entities":[{"id":"t1","label":"LOC","start":14,"end":17,"text":"Gao"}],"events":[]}"#;
    let offsets = r#"{"id":"b","text":"Une attaque à Gao.","entities":[{"id":"t1","label":"LOC","start":13,"end":17,"text":"Gao"}],"events":[]}"#;
    let vocab = r#"{"id":"c","text":"Une attaque à Gao.","entities":[{"id":"t1","label":"EVENT","start":4,"end":11,"text":"attaque"}],"events":[{"event_type":"Battle","sub_event_type":"Armed clash","actor1":"Les méchants","country":"Mali","event_date":"2024-13-01","time_precision":1,"args":{"trigger":["t9"]}}]}"#;
    std::fs::write(&f, format!("{good}\n{offsets}\n{vocab}\n")).unwrap();
    let o = bin().args(["eval", "validate"]).arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.jsonl:2: document b: entity t1: text[13:17] is \" Gao\", not \"Gao\""),
        "{err}"
    );
    // The offsets error stops scoring before vocabulary is looked at.
    let o = bin().args(["eval", "--gold"]).arg(&f).output().unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.jsonl:2"));

    std::fs::write(&f, format!("{good}\n{vocab}\n")).unwrap();
    let o = bin().args(["eval", "validate"]).arg(&f).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    for expected in [
        "bad.jsonl:2: document c: event #1: event_type `Battle` is not one of ACLED's six types",
        "actor1 `Les méchants`",
        "event_date `2024-13-01`",
        "args.trigger names entity `t9`",
    ] {
        assert!(err.contains(expected), "missing «{expected}» in {err}");
    }
}

#[test]
fn scores_systems_side_by_side_in_the_spec_shape() {
    let scratch = tmp("report");
    let dir = scratch.path();
    let (json, md) = (dir.join("r.json"), dir.join("r.md"));
    let o = bin()
        .args(["eval", "--model", "/no/such/model", "--gold"])
        .arg(root().join("eval/gold/seeds.jsonl"))
        .arg("--json")
        .arg(&json)
        .arg("--markdown")
        .arg(&md)
        .arg("--errors")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = read_json(&json);
    assert_eq!(r["documents"], 5);
    let rules = &r["systems"]["rules"];
    for key in ["precision", "recall", "f1"] {
        assert!(rules["entities"]["micro"]["strict"][key].is_number());
        assert!(rules["entities"]["micro"]["overlap"][key].is_number());
    }
    for label in ["ACTOR", "LOC", "FATALITIES", "DATE", "EVENT"] {
        assert!(rules["entities"]["per_label"][label]["overlap"]["f1"].is_number());
    }
    for key in [
        "gold",
        "predicted",
        "matched",
        "precision",
        "recall",
        "f1",
        "event_type_accuracy",
        "sub_event_type_accuracy",
        "actor_accuracy",
        "date_accuracy",
        "fatalities_exact",
        "fatalities_mae",
        "admin1_accuracy",
    ] {
        assert!(rules["events"][key].is_number(), "events.{key}");
    }
    assert!(rules["documents"]["total_fatalities_mae"].is_number());
    assert!(rules["seconds"].as_f64().unwrap() > 0.0);
    let gold_events: usize = std::fs::read_to_string(root().join("eval/gold/seeds.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["events"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(rules["events"]["gold"], gold_events);
    // Not-yet-available systems are reported, not dropped.
    assert_eq!(r["systems"]["model"]["available"], false);
    assert!(
        r["systems"]["hybrid"]["reason"]
            .as_str()
            .unwrap()
            .contains("model")
    );
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains("| metric | rules | model | hybrid |"));
    assert!(md.contains("confusion"));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("=== rules:") && out.contains("--- missed"),
        "errors grouped by kind"
    );
}

#[test]
fn gold_from_outside_with_unknown_names_and_missing_fields_is_scored() {
    let scratch = tmp("outside");
    let dir = scratch.path();
    let f = dir.join("outside.jsonl");
    let doc = serde_json::json!({
        "id": "x1", "text": "Des combattants du Mouvement Imaginaire ont attaqué Zorbatou, près de Gao, mardi.",
        "published": "2023-03-09", "extra_key": {"anything": 1},
        "entities": [{"id": "e1", "label": "ACTOR", "start": 19, "end": 39, "text": "Mouvement Imaginaire", "norm": "Imaginary Movement"}],
        "events": [{"event_type": "Battles", "actor1": "Imaginary Movement", "location": "Zorbatou", "country": "Mali", "fatalities": null, "notes": "hand-made"}]
    });
    std::fs::write(
        &f,
        format!(
            "{doc}\n{}\n",
            serde_json::json!({"id": "x2", "text": "Rien."})
        ),
    )
    .unwrap();
    let json = dir.join("r.json");
    let o = bin()
        .args(["eval", "--tagger", "rules", "--gold"])
        .arg(&f)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = read_json(&json);
    assert_eq!(r["documents"], 2);
    assert_eq!(r["systems"]["rules"]["events"]["gold"], 1);
    assert_eq!(
        r["systems"]["rules"]["events"]["matched"], 0,
        "an unknown place matches nothing"
    );
    assert_eq!(r["systems"]["rules"]["events"]["fatalities_known"], 0);
    // Scores over no matched pairs are undefined: the page says so instead of printing 0.000.
    let page = String::from_utf8_lossy(&o.stdout);
    for row in ["date accuracy", "fatalities MAE", "admin1 accuracy"] {
        let line = page
            .lines()
            .find(|l| l.starts_with(&format!("| {row} |")))
            .unwrap_or_else(|| panic!("no {row} row in:\n{page}"));
        assert_eq!(line, format!("| {row} | — |"));
    }
    assert!(page.contains("| event F1 | 0.000 |"), "{page}");
}

#[test]
fn a_predictions_file_scores_like_the_system_that_wrote_it() {
    let scratch = tmp("predictions");
    let dir = scratch.path();
    let gold = root().join("eval/gold/seeds.jsonl");
    let pred = dir.join("extracted.jsonl");
    let o = bin()
        .args(["extract", "--tagger", "rules", "-o"])
        .arg(&pred)
        .arg(&gold)
        .output()
        .unwrap();
    assert!(o.status.success());
    let json = dir.join("r.json");
    let o = bin()
        .args(["eval", "--tagger", "rules", "--gold"])
        .arg(&gold)
        .arg("--predictions")
        .arg(&pred)
        .arg("--predictions")
        .arg(&gold)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = read_json(&json);
    let s = &r["systems"];
    assert_eq!(
        s["rules"]["entities"], s["extracted"]["entities"],
        "the same spans, read back from the file"
    );
    assert_eq!(s["rules"]["events"]["f1"], s["extracted"]["events"]["f1"]);
    assert_eq!(
        s["seeds"]["entities"]["micro"]["strict"]["f1"], 1.0,
        "gold scored against itself"
    );
    assert_eq!(s["seeds"]["events"]["f1"], 1.0);
    assert_eq!(s["seeds"]["events"]["actor_accuracy"], 1.0);
}
