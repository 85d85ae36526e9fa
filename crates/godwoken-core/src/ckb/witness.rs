//! `WitnessArgs`, the table most lock scripts read their proof from (L1 §1.1).

use super::encode::{bytes, items, table};

/// A witness's three optional byte strings; absent ones occupy nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WitnessArgs {
    /// The lock's proof (a signature).
    pub lock: Option<Vec<u8>>,
    /// For input type scripts.
    pub input_type: Option<Vec<u8>>,
    /// For output type scripts.
    pub output_type: Option<Vec<u8>>,
}

impl WitnessArgs {
    /// The molecule table.
    pub fn to_bytes(&self) -> Vec<u8> {
        let field = |value: &Option<Vec<u8>>| value.as_deref().map(bytes).unwrap_or_default();
        table(&[&field(&self.lock), &field(&self.input_type), &field(&self.output_type)])
    }

    /// Reads a witness as `WitnessArgs`, strictly: three fields, each absent or a well-formed
    /// `Bytes`. `None` when it is anything else.
    pub fn from_bytes(data: &[u8]) -> Option<WitnessArgs> {
        let fields = items(data)?;
        let [lock, input_type, output_type] = fields.as_slice() else { return None };
        let field = |raw: &[u8]| -> Option<Option<Vec<u8>>> {
            if raw.is_empty() {
                return Some(None);
            }
            let (count, rest) = raw.split_at_checked(4)?;
            let count = u32::from_le_bytes(count.try_into().ok()?) as usize;
            (count == rest.len()).then(|| Some(rest.to_vec()))
        };
        Some(WitnessArgs { lock: field(lock)?, input_type: field(input_type)?, output_type: field(output_type)? })
    }
}
