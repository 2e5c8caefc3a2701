//! The shipped model's recipe (`models/tagger/MODEL.md`), which is also what `train` does
//! when no option says otherwise: the command-line defaults and `TrainOptions::default()`
//! both read these constants, so the two cannot drift apart.
//!
//! How each value was chosen is in the README's recipe table ("Accuracy").

/// Epochs planned; early stopping (`PATIENCE`) and `--max-minutes` may end sooner.
pub const EPOCHS: usize = 4;
/// Peak learning rate (warm-up, then linear decay).
pub const LR: f64 = 1e-3;
/// Windows per step.
pub const BATCH_SIZE: usize = 8;
pub const SEED: u64 = 13;
/// Top encoder layers fine-tuned.
pub const TRAIN_LAYERS: usize = 4;
/// Augmented copies per training document.
pub const AUGMENT: usize = 1;
/// Probability that a rule span is hidden from the model in a training step.
pub const HINT_DROPOUT: f32 = 0.0;
pub const DROPOUT: f32 = 0.1;
/// Weight of the `O` tag in the token loss.
pub const O_WEIGHT: f32 = 0.5;
/// Weight of the relation loss beside the token loss (both heads read the same layers).
pub const RELATION_WEIGHT: f32 = 1.0;
/// Epochs without dev improvement before stopping.
pub const PATIENCE: usize = 2;
/// Gradient-norm clipping.
pub const CLIP: f64 = 1.0;
/// Tokens per window and the overlap between windows.
pub const WINDOW: usize = 512;
pub const STRIDE: usize = 128;
