//! The command line: `extract` (events) and `tag` (entities).

use anyhow::Context;
use clap::{Parser, Subcommand};
use sahel_events::batch::{self, BatchOptions};
use sahel_events::output::{Content, Format};
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::{self, TaggerKind};
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

#[derive(clap::Args)]
struct RunArgs {
    /// Articles: `.txt` files (one article each), `.jsonl` files (the spec's format),
    /// directories (searched recursively) or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Which tagger marks the spans.
    #[arg(long, value_enum, default_value = "rules")]
    tagger: TaggerKind,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Report bad documents and carry on with the rest (the exit code is still non-zero).
    #[arg(long)]
    keep_going: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events (with their entities) from articles.
    Extract(RunArgs),
    /// Tag entities only (ACTOR, LOC, FATALITIES, DATE, EVENT), normalized.
    Tag(RunArgs),
    /// Score taggers against a gold file (or check one: `eval validate FILE`).
    Eval(EvalArgs),
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
    };
    let tagger = tagger::build(args.tagger)?;
    let pipeline = Pipeline::new(tagger);
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
            systems.push((kind.name().to_string(), eval::evaluate(*kind, &docs)));
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
