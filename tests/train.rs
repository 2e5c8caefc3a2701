//! The trainer on a tiny random base: the loss falls and the tagger then marks what it was
//! taught; a run resumed from its checkpoint ends with the same weights as one that was
//! never interrupted; `train` with no options trains the way the shipped model was trained.

use sahel_events::document::{Document, Label};
use sahel_events::model::fixtures;
use sahel_events::tagger::{ModelOptions, ModelTagger, Tagger};
use sahel_events::train::{TrainOptions, train};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;

use common::tmp;

const DOCS: [(&str, &str, &str, &str); 4] = [
    (
        "Le JNIM a attaqué Boulkessi lundi.",
        "JNIM",
        "Boulkessi",
        "lundi",
    ),
    ("Le JNIM a attaqué Djibo mardi.", "JNIM", "Djibo", "mardi"),
    ("Le JNIM a attaqué Ménaka jeudi.", "JNIM", "Ménaka", "jeudi"),
    ("Le JNIM a attaqué Gao samedi.", "JNIM", "Gao", "samedi"),
];

/// A sentence of another shape than the training documents, about a place none of them
/// names (the rule layer's gazetteer knows it).
const UNSEEN: &str = "Mardi, des hommes armés ont visé Tessit.";

/// Gold lines for the tiny documents, with offsets computed from the text.
fn gold(dir: &Path) -> PathBuf {
    let mut lines = Vec::new();
    for (i, (text, actor, loc, date)) in DOCS.iter().enumerate() {
        let at = |s: &str| {
            let b = text.find(s).unwrap();
            let start = text[..b].chars().count();
            (start, start + s.chars().count())
        };
        let ents = [
            ("t1", "ACTOR", *actor),
            ("t2", "EVENT", "attaqué"),
            ("t3", "LOC", *loc),
            ("t4", "DATE", *date),
        ];
        let entities: Vec<serde_json::Value> = ents
            .iter()
            .map(|(id, label, s)| {
                let (a, b) = at(s);
                serde_json::json!({"id": id, "label": label, "start": a, "end": b, "text": s})
            })
            .collect();
        let ev = serde_json::json!({"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "JNIM", "country": "Mali",
            "location": loc, "geo_precision": 1, "fatalities": null, "args": {"trigger": ["t2"], "actor1": ["t1"], "location": ["t3"], "date": ["t4"]}});
        lines.push(serde_json::json!({"id": format!("d{i}"), "text": text, "entities": entities, "events": [ev]}).to_string());
    }
    let path = dir.join("gold.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn options(dir: &Path, out: &str, epochs: usize) -> TrainOptions {
    let gold = gold(dir);
    TrainOptions {
        train: gold.clone(),
        dev: gold,
        base: dir.join("base").to_string_lossy().into_owned(),
        out: dir.join(out),
        epochs,
        lr: 3e-3,
        batch_size: 2,
        seed: 3,
        train_layers: 2,
        augment: 0,
        rule_hints: false,
        o_weight: 1.0,
        patience: 1000,
        window: 64,
        stride: 16,
        // A pool of length buckets would hold this whole toy set and fix each batch's
        // windows for good; the toy runs batch in shuffled order (the resume test pools).
        length_buckets: false,
        cache: dir.join("cache"),
        command: "test".into(),
        ..TrainOptions::default()
    }
}

fn setup(name: &str) -> TempDir {
    let scratch = tmp(name);
    let dir = scratch.path();
    let mut all: String = DOCS.iter().map(|d| d.0).collect::<Vec<_>>().join(" ");
    all.push_str(UNSEEN);
    fixtures::random_base_dir(&dir.join("base"), &fixtures::tokenizer_for(&all), 11).unwrap();
    scratch
}

#[test]
fn loss_falls_and_the_tagger_marks_a_memorized_span() {
    let scratch = setup("learn");
    let dir = scratch.path();
    let opts = options(dir, "model", 40);
    let report = train(&opts).unwrap();
    let first = report.log.first().unwrap().loss;
    let last = report.log.last().unwrap().loss;
    assert!(last < first / 3.0, "loss {first} → {last}");
    assert!(report.best_dev_f1 > 0.5, "dev F1 {}", report.best_dev_f1);
    for f in [
        "config.json",
        "labels.json",
        "model.safetensors",
        "MODEL.md",
        "train_log.jsonl",
        "checkpoint/state.json",
    ] {
        assert!(opts.out.join(f).exists(), "{f}");
    }
    let tagger = ModelTagger::load(&ModelOptions {
        dir: opts.out.clone(),
        device: "cpu".into(),
        batch_size: 1,
        cache: dir.join("cache"),
        ..Default::default()
    })
    .unwrap();
    let doc = Document::new("x", DOCS[0].0);
    let spans = tagger.tag(&doc).unwrap().spans;
    assert!(
        spans
            .iter()
            .any(|s| s.label == Label::Actor && s.text == "JNIM"),
        "{spans:?}"
    );
}

#[test]
fn the_relation_loss_counts_by_its_weight() {
    let scratch = setup("relation-weight");
    let dir = scratch.path();
    let opts = TrainOptions {
        relation_weight: 0.25,
        ..options(dir, "model", 2)
    };
    let report = train(&opts).unwrap();
    for e in &report.log {
        assert!(
            e.relation_loss > 0.1,
            "the relation head is still trained: {e:?}"
        );
        let expected = e.token_loss + 0.25 * e.relation_loss;
        assert!(
            (e.loss - expected).abs() < 1e-4,
            "loss {} is not token {} + 0.25 × relation {}",
            e.loss,
            e.token_loss,
            e.relation_loss
        );
    }
    let card = std::fs::read_to_string(opts.out.join("MODEL.md")).unwrap();
    assert!(card.contains("relation loss weight 0.25"), "{card}");
}

#[test]
fn lora_adapters_learn_and_the_model_directory_stores_only_them() {
    let scratch = setup("lora");
    let dir = scratch.path();
    let mut opts = options(dir, "lora", 40);
    opts.lora_rank = Some(4);
    let report = train(&opts).unwrap();
    let first = report.log.first().unwrap().loss;
    let last = report.log.last().unwrap().loss;
    assert!(last < first / 3.0, "loss {first} → {last}");
    let stored = candle_core::safetensors::load(
        opts.out.join("model.safetensors"),
        &candle_core::Device::Cpu,
    )
    .unwrap();
    let query = "encoder.layer.1.attention.self.query";
    assert!(
        !stored.contains_key(&format!("{query}.weight")),
        "base weights stored"
    );
    let b = &stored[&format!("{query}.lora_b")];
    let moved = max_abs(&b.to_dtype(candle_core::DType::F32).unwrap());
    assert!(moved > 0.0, "the adapter never left zero");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(opts.out.join("config.json")).unwrap())
            .unwrap();
    assert_eq!(config["lora"]["rank"], 4);
    // Loading folds the adapters into the base's weights; the folded model tags as trained.
    let spans = tag(dir, &opts.out, DOCS[1].0);
    for (label, text) in [(Label::Actor, "JNIM"), (Label::Loc, "Djibo")] {
        assert!(
            spans.iter().any(|s| s.label == label && s.text == text),
            "{text}: {spans:?}"
        );
    }
}

fn tag(dir: &Path, model: &Path, text: &str) -> Vec<sahel_events::document::Span> {
    let tagger = ModelTagger::load(&ModelOptions {
        dir: model.to_path_buf(),
        device: "cpu".into(),
        batch_size: 1,
        cache: dir.join("cache"),
        ..Default::default()
    })
    .unwrap();
    tagger.tag(&Document::new("x", text)).unwrap().spans
}

#[test]
fn a_model_with_rule_hints_tags_a_place_it_never_saw_because_the_rules_know_it() {
    let scratch = setup("hints");
    let dir = scratch.path();
    let mut opts = options(dir, "with-hints", 40);
    opts.rule_hints = true;
    train(&opts).unwrap();
    // Two of two layers trained: the hints enter before the first.
    assert_reads_hints_at(dir, &opts.out, 0);
}

/// The model in `model` reads the rule hints before `layer` and, through them, tags a place
/// that no training document names.
fn assert_reads_hints_at(dir: &Path, model: &Path, layer: u64) {
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model.join("config.json")).unwrap()).unwrap();
    assert_eq!(config["rule_hints_layer"], layer);
    let spans = tag(dir, model, UNSEEN);
    assert!(
        spans
            .iter()
            .any(|s| s.label == Label::Loc && s.text == "Tessit"),
        "{spans:?}"
    );
}

#[test]
fn hints_can_enter_a_later_fine_tuned_layer_but_not_a_frozen_one() {
    let scratch = setup("hints-later");
    let dir = scratch.path();
    let mut opts = options(dir, "hints-at-1", 40);
    opts.rule_hints = true;
    opts.hints_layer = Some(1);
    // Four documents of one shape can be learned by position alone, before the hints are of
    // any use; selecting on a sentence of another shape keeps an epoch that reads them.
    let start = UNSEEN[..UNSEEN.find("Tessit").unwrap()].chars().count();
    let dev = serde_json::json!({"id": "unseen", "text": UNSEEN, "events": [], "entities": [
        {"id": "t1", "label": "LOC", "start": start, "end": start + 6, "text": "Tessit"}]});
    opts.dev = dir.join("dev.jsonl");
    std::fs::write(&opts.dev, format!("{dev}\n")).unwrap();
    train(&opts).unwrap();
    assert_reads_hints_at(dir, &opts.out, 1);
    let mut frozen = options(dir, "hints-at-frozen", 1);
    frozen.rule_hints = true;
    frozen.train_layers = 1;
    frozen.hints_layer = Some(0);
    let err = format!("{:#}", train(&frozen).err().expect("layer 0 is frozen"));
    assert!(
        err.contains("--hints-layer 0 is not a fine-tuned layer"),
        "{err}"
    );
}

#[test]
fn resuming_gives_the_weights_of_an_uninterrupted_run() {
    let scratch = setup("resume");
    let dir = scratch.path();
    // With `train`'s default batching by length, whose order must survive the resume too.
    let pooled = |out: &str| TrainOptions {
        length_buckets: true,
        ..options(dir, out, 4)
    };
    let whole = pooled("whole");
    train(&whole).unwrap();
    let mut first = pooled("split");
    first.stop_after = Some(2);
    train(&first).unwrap();
    let mut rest = pooled("split");
    rest.resume = Some(dir.join("split"));
    train(&rest).unwrap();
    let a = candle_core::safetensors::load(
        whole.out.join("checkpoint/weights.safetensors"),
        &candle_core::Device::Cpu,
    )
    .unwrap();
    let b = candle_core::safetensors::load(
        rest.out.join("checkpoint/weights.safetensors"),
        &candle_core::Device::Cpu,
    )
    .unwrap();
    assert_eq!(a.len(), b.len());
    for (name, t) in &a {
        let diff = max_abs(&(t - &b[name]).unwrap());
        assert!(diff == 0.0, "{name} differs by {diff}");
    }
}

#[test]
fn a_run_started_from_a_trained_model_keeps_what_it_learned() {
    let scratch = setup("init");
    let dir = scratch.path();
    let first = options(dir, "first", 40);
    // The model saved is the best epoch's (the last one that improved dev F1).
    let log = train(&first).unwrap().log;
    let learned = log.iter().rfind(|e| e.best).unwrap().loss;
    // One epoch at a learning rate too small to learn anything: the first epoch's loss
    // shows where each run starts.
    let still = |out: &str, init: Option<PathBuf>| TrainOptions {
        lr: 1e-9,
        init,
        ..options(dir, out, 1)
    };
    let fresh = train(&still("fresh", None)).unwrap().log[0].loss;
    let resumed = train(&still("continued", Some(first.out.clone())))
        .unwrap()
        .log[0]
        .loss;
    assert!(
        resumed < fresh / 2.0 && resumed <= learned,
        "started from the model: {resumed}; fresh heads: {fresh}; the model's epoch: {learned}"
    );
    let card = std::fs::read_to_string(dir.join("continued/MODEL.md")).unwrap();
    assert!(card.contains("Started from the trained model"), "{card}");

    // A run that would leave one of the model's fine-tuned layers frozen is refused.
    let err = train(&TrainOptions {
        train_layers: 1,
        ..still("fewer", Some(first.out.clone()))
    })
    .err()
    .expect("a layer the run does not train")
    .to_string();
    assert!(
        err.contains("encoder.layer.0") && err.contains("MODEL.md"),
        "{err}"
    );
}

/// The largest absolute value in an f32 tensor.
fn max_abs(t: &candle_core::Tensor) -> f32 {
    t.abs().unwrap().max_all().unwrap().to_scalar().unwrap()
}

/// The `[default: …]` of each option in `train --help`, by flag.
fn help_defaults() -> std::collections::HashMap<String, String> {
    let o = common::bin().args(["train", "--help"]).output().unwrap();
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    let mut defaults = std::collections::HashMap::new();
    let mut flag = None;
    for line in help.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("--") {
            flag = rest.split_whitespace().next().map(|f| format!("--{f}"));
        }
        if let (Some(f), Some(at)) = (&flag, line.find("[default: ")) {
            let value = &line[at + "[default: ".len()..];
            defaults.insert(f.clone(), value[..value.find(']').unwrap()].to_string());
        }
    }
    defaults
}

#[test]
fn train_defaults_are_the_shipped_models_recipe() {
    let card = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tagger/MODEL.md"),
    )
    .unwrap();
    let command = card
        .lines()
        .find(|l| l.contains("sahel-events train "))
        .expect("MODEL.md gives the command that trained the model");
    let words: Vec<&str> = command.split_whitespace().collect();
    let defaults = help_defaults();
    let mut compared = 0;
    for pair in words.windows(2) {
        let (flag, value) = (pair[0], pair[1]);
        if !flag.starts_with("--") || value.starts_with("--") {
            continue;
        }
        let Some(default) = defaults.get(flag) else {
            continue; // files, and budgets such as --max-minutes
        };
        let same = match (value.parse::<f64>(), default.parse::<f64>()) {
            (Ok(a), Ok(b)) => a == b,
            _ => value == default,
        };
        assert!(
            same,
            "{flag}: the shipped model used {value}, `train` defaults to {default}"
        );
        compared += 1;
    }
    assert!(
        compared >= 6,
        "only {compared} options compared in «{command}»"
    );
}
