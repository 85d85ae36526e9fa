//! Small browser services: the clipboard, the clock, the page's origin.

/// Copies text to the clipboard (fire and forget; the button says "Copied" on success).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The page's own origin, e.g. `http://127.0.0.1:8024`.
pub fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Shows `dialog` as a modal (the rest of the page inert, focus moved in), if not shown already.
pub fn show_modal(dialog: &web_sys::HtmlDialogElement) {
    if !dialog.open() {
        // Fails only for a dialog not in the document or already open non-modally; neither here.
        let _ = dialog.show_modal();
    }
}
