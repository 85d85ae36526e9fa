//! Estimated waiting times for people: "about 5 days 4 h", "3 min 20 s".

use godwoken_core::amount::format_grouped;

/// Formats a duration in milliseconds, coarsely for long waits and exactly for short ones.
pub fn format_duration(ms: u64) -> String {
    let seconds = ms.div_ceil(1000);
    let (days, hours, minutes, secs) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{secs} s"),
        (0, 0, _) => format!("{minutes} min {secs} s"),
        (0, _, _) => format!("{hours} h {minutes} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// Time left for `blocks` blocks of `block_time_ms`, less what has passed since the figure was
/// read from the chain (the live countdown), never below zero.
fn remaining_ms(blocks: u64, block_time_ms: u64, elapsed_ms: u64) -> u64 {
    blocks.saturating_mul(block_time_ms).saturating_sub(elapsed_ms)
}

/// A number of blocks in words: "1 block", "10,000 blocks".
pub fn block_count(blocks: u64) -> String {
    match blocks {
        1 => "1 block".to_owned(),
        _ => format!("{} blocks", format_grouped(blocks.into())),
    }
}

/// `blocks` still to come, in words, with the time they should take: "8 blocks, about 6 s". Once
/// the estimate has run out the chain is slower than usual: "any moment now", never "about 0 s".
/// Where blocks are made on demand (`block_time_ms` 0) there is no estimate.
pub fn blocks_to_wait(blocks: u64, block_time_ms: u64, elapsed_ms: u64) -> String {
    let count = block_count(blocks);
    match (block_time_ms, remaining_ms(blocks, block_time_ms, elapsed_ms)) {
        (0, _) => format!("{count}, made on demand"),
        (_, 0) => format!("{count}, any moment now"),
        (_, left) => format!("{count}, about {}", format_duration(left)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_duration(0), "0 s");
        assert_eq!(format_duration(1), "1 s");
        assert_eq!(format_duration(59_000), "59 s");
        assert_eq!(format_duration(200_000), "3 min 20 s");
        assert_eq!(format_duration(3_600_000), "1 h 0 min");
        // The 2021 testnet: 10 000 blocks of 45 s.
        assert_eq!(format_duration(10_000 * 45_000), "5 d 5 h");
        assert_eq!(remaining_ms(10, 1000, 2500), 7500);
        assert_eq!(remaining_ms(1, 1000, 5000), 0);
    }

    #[test]
    fn blocks_to_wait_never_says_about_0_s() {
        assert_eq!(blocks_to_wait(8, 1000, 2500), "8 blocks, about 6 s");
        assert_eq!(blocks_to_wait(1, 45_000, 0), "1 block, about 45 s");
        assert_eq!(blocks_to_wait(8, 1000, 9000), "8 blocks, any moment now");
        assert_eq!(blocks_to_wait(8, 0, 0), "8 blocks, made on demand");
        assert_eq!(blocks_to_wait(10_000, 45_000, 0), "10,000 blocks, about 5 d 5 h");
    }
}
