//! The three molecule layouts CKB's dynamic types use, written by hand (the generated builders
//! would ship far more code to the page for the same bytes): tables and dynvecs (total size, one
//! offset per item, the items), fixvecs (item count, the items).

/// A table, or a dynvec of `items`: `u32 total ‖ u32 offset per item ‖ items`. Empty: `04000000`.
pub(super) fn table(items: &[&[u8]]) -> Vec<u8> {
    let header = 4 + 4 * items.len();
    let total = header + items.iter().map(|item| item.len()).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&u32_le(total));
    let mut offset = header;
    for item in items {
        out.extend_from_slice(&u32_le(offset));
        offset += item.len();
    }
    for item in items {
        out.extend_from_slice(item);
    }
    out
}

/// A fixvec of `count` items already laid end to end in `items`.
pub(super) fn fixvec(count: usize, items: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + items.len());
    out.extend_from_slice(&u32_le(count));
    out.extend_from_slice(items);
    out
}

/// `Bytes`: a fixvec of bytes.
pub(super) fn bytes(data: &[u8]) -> Vec<u8> {
    fixvec(data.len(), data)
}

/// Sizes inside molecule are u32; nothing this crate encodes comes near 4 GiB (CKB caps a block at
/// 597 000 bytes), so a larger size saturates rather than wraps.
fn u32_le(value: usize) -> [u8; 4] {
    u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes()
}

/// Splits a table (or dynvec) into its items, checking the header as molecule's readers do.
pub(super) fn items(data: &[u8]) -> Option<Vec<&[u8]>> {
    let word = |at: usize| -> Option<usize> { Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?) as usize) };
    let total = word(0)?;
    if total != data.len() {
        return None;
    }
    if total == 4 {
        return Some(Vec::new());
    }
    let first = word(4)?;
    if first < 8 || first % 4 != 0 || first > total {
        return None;
    }
    let count = first / 4 - 1;
    let mut offsets = (0..count).map(|i| word(4 + 4 * i)).collect::<Option<Vec<_>>>()?;
    offsets.push(total);
    offsets.windows(2).map(|pair| (pair[0] <= pair[1]).then(|| &data[pair[0]..pair[1]])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        assert_eq!(table(&[]), vec![4, 0, 0, 0]);
        let t = table(&[&[1, 2], &[], &[3]]);
        assert_eq!(t, vec![19, 0, 0, 0, 16, 0, 0, 0, 18, 0, 0, 0, 18, 0, 0, 0, 1, 2, 3]);
        assert_eq!(items(&t), Some(vec![&[1u8, 2][..], &[][..], &[3u8][..]]));
        assert_eq!(items(&[4, 0, 0, 0]), Some(vec![]));
        assert_eq!(items(&[5, 0, 0, 0]), None, "total size disagrees");
        assert_eq!(fixvec(2, &[9, 9]), vec![2, 0, 0, 0, 9, 9]);
    }
}
