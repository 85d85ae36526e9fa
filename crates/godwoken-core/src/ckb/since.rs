//! `since`: when an input may be consumed (RFC 0017; L1 §1.4).

/// What a `since` value is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Block number.
    BlockNumber,
    /// Epoch, as `number | index << 24 | length << 40`.
    Epoch,
    /// Seconds (against the median time of the 37 blocks before).
    Timestamp,
    /// Metric bits `11`: never valid.
    Invalid,
}

/// An epoch with the fraction of it that has passed: `number + index / length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Epoch {
    /// The epoch number (24 bits).
    pub number: u64,
    /// Blocks into it (16 bits).
    pub index: u64,
    /// Its length in blocks (16 bits).
    pub length: u64,
}

impl Epoch {
    /// Reads the packed form.
    pub fn from_packed(value: u64) -> Epoch {
        Epoch { number: value & 0xff_ffff, index: (value >> 24) & 0xffff, length: (value >> 40) & 0xffff }
    }

    /// The packed form.
    pub fn packed(&self) -> u64 {
        (self.number & 0xff_ffff) | (self.index & 0xffff) << 24 | (self.length & 0xffff) << 40
    }

    /// As a fraction `(numerator, denominator)`; a zero length counts as a whole epoch.
    fn rational(&self) -> (u128, u128) {
        let length = u128::from(self.length.max(1));
        (u128::from(self.number) * length + u128::from(self.index.min(self.length)), length)
    }
}

/// A decoded `since`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Since {
    /// Relative to the block that committed the input cell (bit 63), else absolute.
    pub relative: bool,
    /// What the value counts.
    pub metric: Metric,
    /// Bits 55–0.
    pub value: u64,
    /// Whether the flags are valid: metric not `11`, bits 60–56 zero.
    pub flags_valid: bool,
}

impl Since {
    /// Decodes a `since` field.
    pub fn decode(since: u64) -> Since {
        let flags = (since >> 56) as u8;
        let metric = match (flags >> 5) & 0b11 {
            0b00 => Metric::BlockNumber,
            0b01 => Metric::Epoch,
            0b10 => Metric::Timestamp,
            _ => Metric::Invalid,
        };
        Since {
            relative: flags & 0x80 != 0,
            metric,
            value: since & 0x00ff_ffff_ffff_ffff,
            flags_valid: metric != Metric::Invalid && flags & 0x1f == 0,
        }
    }

    /// Encodes it back.
    pub fn encode(&self) -> u64 {
        let metric = match self.metric {
            Metric::BlockNumber => 0b00,
            Metric::Epoch => 0b01,
            Metric::Timestamp => 0b10,
            Metric::Invalid => 0b11,
        };
        u64::from(self.relative) << 63 | metric << 61 | (self.value & 0x00ff_ffff_ffff_ffff)
    }
}

/// Where the block that would include the transaction stands, and where the input cell was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaturityContext {
    /// The including block's number.
    pub block_number: u64,
    /// The including block's epoch.
    pub epoch: Epoch,
    /// Median time of the 37 blocks ending at the including block's parent, in ms.
    pub median_time_ms: u64,
    /// The number of the block that committed the input cell.
    pub cell_block_number: u64,
    /// That block's timestamp, in ms (the CKB2021 base of relative time).
    pub cell_block_timestamp_ms: u64,
    /// That block's epoch.
    pub cell_epoch: Epoch,
}

/// Whether `since` is satisfied in `context` (`since = 0` always is). Invalid flags never are:
/// the caller reports them as `InvalidSince`, before maturity.
pub fn is_mature(since: u64, context: &MaturityContext) -> bool {
    if since == 0 {
        return true;
    }
    let since = Since::decode(since);
    if !since.flags_valid {
        return false;
    }
    match (since.relative, since.metric) {
        (false, Metric::BlockNumber) => context.block_number >= since.value,
        (true, Metric::BlockNumber) => context.block_number >= context.cell_block_number.saturating_add(since.value),
        (false, Metric::Timestamp) => u128::from(context.median_time_ms) >= u128::from(since.value) * 1000,
        (true, Metric::Timestamp) => {
            u128::from(context.median_time_ms) >= u128::from(context.cell_block_timestamp_ms) + u128::from(since.value) * 1000
        }
        (relative, Metric::Epoch) => {
            let (now, now_den) = context.epoch.rational();
            let (wait, wait_den) = Epoch::from_packed(since.value).rational();
            let (due, due_den) = if relative {
                let (base, base_den) = context.cell_epoch.rational();
                (base * wait_den + wait * base_den, base_den * wait_den)
            } else {
                (wait, wait_den)
            };
            now * due_den >= due * now_den
        }
        (_, Metric::Invalid) => false,
    }
}
