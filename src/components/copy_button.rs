//! A button that copies a value to the clipboard and says so ("Copy" → "Copied").

use yew::prelude::*;

use crate::hooks::use_clipboard::Clipboard;

/// The copy button for `value`; `label` says what it is, for screen readers ("Copy ETH address").
/// A view function: the page's one [`Clipboard`] keeps what was copied.
pub fn copy_button(clipboard: &Clipboard, value: AttrValue, label: &'static str) -> Html {
    let text = clipboard.button_text(&value);
    let copy = clipboard.copy.clone();
    let onclick = Callback::from(move |_| copy.emit(value.clone()));
    html! {
        <button type="button" class="secondary small" aria-label={label} {onclick}>{ text }</button>
    }
}
