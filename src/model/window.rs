//! Windowed rendering of long tables: which rows are on screen, so only those are rendered.

use std::ops::Range;

// Whole CSS pixels, as the DOM reports `scrollTop` (web-sys: i32): no floating point, whose
// formatting code the page would otherwise ship.

/// Height of one row of a windowed table (the CSS gives rows exactly this height).
pub const ROW_HEIGHT_PX: u32 = 56;
/// Height of the scrolling viewport of a windowed table (the CSS `max-height`).
pub const VIEWPORT_PX: u32 = 480;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
pub const OVERSCAN_ROWS: usize = 8;
/// Tables up to this many rows are rendered whole.
pub const WINDOW_THRESHOLD: usize = 60;

/// The rows to render for a scroll position: the visible ones plus the overscan, clamped.
pub fn visible_rows(total: usize, scroll_top_px: i32, viewport_px: u32, row_height_px: u32) -> Range<usize> {
    if total == 0 || row_height_px == 0 {
        return 0..0;
    }
    let first_visible = (scroll_top_px.max(0).unsigned_abs() / row_height_px) as usize;
    let visible = viewport_px.div_ceil(row_height_px) as usize + 1;
    let start = first_visible.saturating_sub(OVERSCAN_ROWS).min(total);
    let end = (first_visible + visible + OVERSCAN_ROWS).min(total);
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        assert_eq!(visible_rows(0, 0, 480, 56), 0..0);
        assert_eq!(visible_rows(10_000, 0, 480, 56), 0..(9 + 1 + 8));
        // Scrolled to row 100: rows 92..118; halfway into row 100, the same.
        assert_eq!(visible_rows(10_000, 5_600, 480, 56), 92..118);
        assert_eq!(visible_rows(10_000, 5_628, 480, 56), 92..118);
        // At the end, clamped.
        assert_eq!(visible_rows(10_000, 10_000 * 56, 480, 56), 9_992..10_000);
        assert_eq!(visible_rows(5, 0, 480, 56), 0..5);
        // Nonsense input does not panic.
        assert_eq!(visible_rows(10, -50, 0, 56), 0..9);
        assert_eq!(visible_rows(10, i32::MIN, 480, 56), 0..10);
        assert_eq!(visible_rows(10, 0, 480, 0), 0..0);
    }
}
