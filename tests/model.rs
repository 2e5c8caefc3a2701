//! The transformer tagger through its real loading path: a small random BERT written in the
//! model-directory format by the test, tagging awkward French text whose offsets must map
//! back exactly; and, when the cache holds it, the real multilingual-e5-small base.

use sahel_events::document::{Document, Label};
use sahel_events::model::{base, fixtures, windows};
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::{ModelOptions, ModelTagger, Tagger};
use std::path::{Path, PathBuf};

mod common;

use common::tmp;

const AWKWARD: &str = "L’armée malienne a riposté à Ké-Macina\u{a0}: «\u{a0}quinze\u{a0}» jihadistes tués 🇲🇱 près de Tinzaouatène, d’après l’état-major (FAMa). Œuvre du JNIM ? Ça reste à voir… 42 morts.";

fn options(dir: &Path) -> ModelOptions {
    ModelOptions {
        dir: dir.to_path_buf(),
        device: "cpu".into(),
        batch_size: 4,
        cache: dir.join("cache"),
        ..Default::default()
    }
}

/// The full message of a model load that must be refused (`why`: what is wrong with it).
fn load_error(dir: &Path, why: &str) -> String {
    format!("{:#}", ModelTagger::load(&options(dir)).err().expect(why))
}

#[test]
fn token_offsets_map_back_to_the_exact_characters() {
    let tok = fixtures::tokenizer_for(AWKWARD);
    let t = windows::tokenize(&tok, AWKWARD).unwrap();
    let chars: Vec<char> = AWKWARD.chars().collect();
    assert!(t.ids.len() > 20);
    for (&id, &(a, b)) in t.ids.iter().zip(&t.offsets) {
        assert!(a <= b && b <= chars.len());
        let piece = tok.id_to_token(id).unwrap();
        let surface: String = chars[a..b].iter().collect();
        if piece != "<unk>" && piece != "▁" {
            // A word-initial piece ("▁malienne") spans the space before the word.
            assert_eq!(
                piece.trim_start_matches('▁'),
                surface.trim_start(),
                "token {piece:?} at {a}..{b}"
            );
        }
    }
    // NBSP, curly apostrophes, ligatures and emoji keep their place.
    let at = |s: &str| AWKWARD[..AWKWARD.find(s).unwrap()].chars().count();
    assert!(
        t.offsets
            .iter()
            .any(|&(a, _)| a == at("Tinzaouatène") || a + 1 == at("Tinzaouatène"))
    );
    assert!(
        t.offsets
            .iter()
            .any(|&(a, _)| a == at("42") || a + 1 == at("42"))
    );
}

#[test]
fn a_random_model_tags_long_awkward_text_through_the_real_loading_path() {
    let scratch = tmp("random");
    let dir = scratch.path();
    let long = std::iter::repeat_n(AWKWARD, 6)
        .collect::<Vec<_>>()
        .join("\n\n");
    let tok = fixtures::tokenizer_for(&long);
    // 24-token windows overlapping by 8: the text needs many windows.
    fixtures::random_model_dir(dir, &tok, 24, 8, 7, None).unwrap();
    for f in [
        "config.json",
        "labels.json",
        "tokenizer.json",
        "model.safetensors",
        "MODEL.md",
    ] {
        assert!(dir.join(f).exists(), "{f}");
    }
    let tagger = ModelTagger::load(&options(dir)).unwrap();
    let doc = Document::new("long", long.clone());
    let ann = tagger.tag(&doc).unwrap();
    assert!(
        !ann.spans.is_empty(),
        "random heads still mark something on this much text"
    );
    for s in &ann.spans {
        assert_eq!(doc.slice(s.start, s.end), s.text, "span offsets");
        assert_eq!(s.text.trim(), s.text);
    }
    for r in &ann.relations {
        assert_eq!(ann.spans[r.trigger].label, Label::Event);
        assert_ne!(ann.spans[r.argument].label, Label::Event);
    }
    // Batching documents of different lengths gives each the same answer as alone.
    let short = Document::new("short", AWKWARD);
    let both = tagger.tag_batch(&[&doc, &short]);
    let alone = tagger.tag(&short).unwrap();
    let spans = |a: &sahel_events::document::Annotations| {
        a.spans
            .iter()
            .map(|s| (s.label, s.start, s.end))
            .collect::<Vec<_>>()
    };
    assert_eq!(spans(both[0].as_ref().unwrap()), spans(&ann));
    assert_eq!(spans(both[1].as_ref().unwrap()), spans(&alone));
    // And it runs through the whole pipeline.
    let x = Pipeline::new(Box::new(tagger)).run(doc).unwrap();
    assert!(x.spans.iter().all(|s| s.end <= x.doc.offsets.char_len()));
}

#[test]
fn a_mismatched_model_is_refused_with_a_clear_error() {
    let scratch = tmp("mismatch");
    let dir = scratch.path();
    let tok = fixtures::tokenizer_for(AWKWARD);
    fixtures::random_model_dir(dir, &tok, 24, 8, 1, None).unwrap();
    let cfg_path = dir.join("config.json");
    let cfg = std::fs::read_to_string(&cfg_path).unwrap();
    std::fs::write(
        &cfg_path,
        cfg.replace("\"hidden_size\": 32", "\"hidden_size\": 48"),
    )
    .unwrap();
    let err = load_error(dir, "wrong shapes");
    assert!(
        err.contains("does not fit its config.json") && err.contains("shape"),
        "{err}"
    );

    // A tokenizer bigger than the embeddings.
    std::fs::write(&cfg_path, &cfg).unwrap();
    let bigger = fixtures::tokenizer_for(&format!("{AWKWARD} zèbre quokka wyvern xylophone"));
    bigger.save(dir.join("tokenizer.json"), false).unwrap();
    let err = load_error(dir, "vocabulary too big");
    assert!(
        err.contains("tokenizer has") && err.contains("rows"),
        "{err}"
    );

    let err = load_error(tmp("empty").path(), "no model");
    assert!(err.contains("no model at"), "{err}");
}

#[test]
fn extract_and_eval_run_with_the_model_tagger() {
    let scratch = tmp("cli");
    let dir = scratch.path();
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/gold/seeds.jsonl");
    let text = std::fs::read_to_string(&gold).unwrap();
    let tok = fixtures::tokenizer_for(
        &text
            .chars()
            .filter(|c| !c.is_ascii_punctuation() || *c == '.')
            .collect::<String>(),
    );
    fixtures::random_model_dir(dir, &tok, 64, 16, 3, None).unwrap();
    let o = common::bin()
        .args(["extract", "--tagger", "model", "--model"])
        .arg(dir)
        .arg(&gold)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 5);
    let o = common::bin()
        .args(["eval", "--tagger", "rules,model,hybrid", "--model"])
        .arg(dir)
        .arg("--gold")
        .arg(&gold)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("| metric | rules | model | hybrid |"));
    assert!(
        !out.contains("not available"),
        "all three systems ran: {out}"
    );

    // A compared model is scored beside --model's; the same directory scores the same.
    let compared = |taggers: &str| {
        let o = common::bin()
            .args(["eval", "--tagger", taggers, "--model"])
            .arg(dir)
            .arg("--compare")
            .arg(dir)
            .arg("--gold")
            .arg(&gold)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let out = compared("rules,model,hybrid");
    let d = dir.display();
    assert!(
        out.contains(&format!(
            "| metric | rules | model | hybrid | model ({d}) | hybrid ({d}) |"
        )),
        "{out}"
    );
    let row: Vec<&str> = out
        .lines()
        .find(|l| l.starts_with("| entity F1, overlap"))
        .unwrap()
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!((row[3], row[4]), (row[5], row[6]), "{out}");
    let out = compared("model");
    assert!(
        out.contains(&format!("| metric | model | model ({d}) |")),
        "only the systems asked for: {out}"
    );
}

#[test]
fn the_real_base_runs_when_the_cache_holds_it() {
    let Some(cache) = cached_base() else { return };
    let scratch = tmp("e5");
    let dir = scratch.path();
    sahel_events::model::init_untrained(base::E5_NAME, &cache, dir, 0).unwrap();
    let mut opts = options(dir);
    opts.cache = cache;
    // The imported encoder means what it says: paraphrases sit closer than unrelated text.
    let model = sahel_events::model::TaggerModel::load(dir, &candle_core::Device::Cpu, &opts.cache)
        .unwrap();
    let embed = |t: &str| -> Vec<f32> {
        let toks = windows::tokenize(&model.tokenizer, t).unwrap();
        let states = model
            .encode(std::slice::from_ref(&toks), None, 1)
            .unwrap()
            .remove(0)
            .states;
        let mut v = vec![0f32; states[0].len()];
        for s in &states {
            v.iter_mut().zip(s).for_each(|(a, b)| *a += b);
        }
        v
    };
    let cos = |a: &[f32], b: &[f32]| {
        let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        dot / (a.iter().map(|x| x * x).sum::<f32>().sqrt()
            * b.iter().map(|x| x * x).sum::<f32>().sqrt())
    };
    let a = embed("query: Des soldats ont été tués dans une embuscade près de Mopti.");
    let b = embed("query: Une embuscade a coûté la vie à des militaires dans la région de Mopti.");
    let c = embed("query: Le prix du riz a augmenté sur les marchés de la capitale.");
    let (similar, unrelated) = (cos(&a, &b), cos(&a, &c));
    assert!(
        similar > unrelated + 0.03,
        "paraphrase {similar} vs unrelated {unrelated}"
    );

    let tagger = ModelTagger::load(&opts).unwrap();
    let doc = Document::new("awkward", AWKWARD);
    let ann = tagger.tag(&doc).unwrap();
    for s in &ann.spans {
        assert_eq!(doc.slice(s.start, s.end), s.text);
    }
}

/// The base encoder's cache, or `None` (test skipped, said on stderr) when it lacks the base.
fn cached_base() -> Option<PathBuf> {
    let cache = base::cache_dir();
    let cache = if cache.is_absolute() {
        cache
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(cache)
    };
    if base::resolve(base::E5_NAME, &cache).is_err() {
        eprintln!(
            "SKIPPED: {} not in {} (run `sahel-events base fetch-e5` to fetch it)",
            base::E5_NAME,
            cache.display()
        );
        return None;
    }
    Some(cache)
}

/// The model the project ships (see README, "Accuracy").
const SHIPPED_MODEL: &str = "models/tagger";

#[test]
fn the_trained_model_tags_an_article_when_its_base_is_cached() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(SHIPPED_MODEL);
    assert!(
        dir.join("config.json").exists(),
        "the shipped model {SHIPPED_MODEL} is missing"
    );
    let Some(cache) = cached_base() else { return };
    let tagger = ModelTagger::load(&ModelOptions {
        dir,
        device: "cpu".into(),
        batch_size: 1,
        cache,
        ..Default::default()
    })
    .unwrap();
    let text = "Au moins douze soldats burkinabè ont été tués dimanche dans une embuscade tendue par des jihadistes près de Djibo, dans la province du Soum.";
    let doc = Document::new("dispatch", text);
    let ann = tagger.tag(&doc).unwrap();
    let labels: std::collections::HashSet<Label> = ann.spans.iter().map(|s| s.label).collect();
    for l in [Label::Actor, Label::Loc, Label::Event] {
        assert!(labels.contains(&l), "no {l} in {:?}", ann.spans);
    }
    let chars: Vec<char> = text.chars().collect();
    for s in &ann.spans {
        assert_eq!(doc.slice(s.start, s.end), s.text);
        // Word-level decoding: no span starts or ends inside a word.
        let inside = |a: usize, b: usize| chars[a].is_alphanumeric() && chars[b].is_alphanumeric();
        assert!(
            s.start == 0 || !inside(s.start - 1, s.start),
            "{s:?} starts mid-word"
        );
        assert!(
            s.end == chars.len() || !inside(s.end - 1, s.end),
            "{s:?} ends mid-word"
        );
    }
}

#[test]
fn extract_uses_the_shipped_model_by_default_and_places_a_village_the_gazetteer_lacks() {
    if cached_base().is_none() {
        return;
    }
    let village = "Wendou-Gallé";
    let listed = sahel_events::normalize::resources().gazetteer.resolve(
        village,
        sahel_events::normalize::PlaceHint::None,
        Some("Mali"),
    );
    assert!(
        listed.is_none(),
        "the test needs a village the gazetteer lacks"
    );
    let o = common::with_stdin(
        &["extract", "-"],
        &format!(
            "Des hommes armés ont tué sept civils à {village}, un village du cercle de Bankass, dans la nuit de samedi à dimanche, selon des sources locales.\n"
        ),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("rule tagger alone"), "{err}");
    assert!(err.contains("hybrid tagger"), "{err}");
    let doc: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    let ev = &doc["events"][0];
    // Only the model finds the village; the event builder sets it in its cercle.
    assert_eq!(ev["location"], village, "{doc}");
    assert_eq!(ev["admin2"], "Bankass");
    assert_eq!(ev["event_type"], "Violence against civilians");
}
