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
