//! The clipboard: copies a value and remembers whether the last copy worked, for the buttons.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::browser;

/// The clipboard handle.
#[derive(Clone, PartialEq)]
pub struct Clipboard {
    /// The value copied last and whether the browser took it.
    pub last: Option<(AttrValue, bool)>,
    /// Copies a value.
    pub copy: Callback<AttrValue>,
}

impl Clipboard {
    /// What a copy button for `value` says: "Copied" or "Copy failed" right after its own copy.
    pub fn button_text(&self, value: &AttrValue) -> &'static str {
        match &self.last {
            Some((copied, true)) if copied == value => "Copied",
            Some((copied, false)) if copied == value => "Copy failed",
            _ => "Copy",
        }
    }
}

/// One clipboard for the page's copy buttons.
#[hook]
pub fn use_clipboard() -> Clipboard {
    let last = use_state(|| None::<(AttrValue, bool)>);
    let copy = {
        let last = last.clone();
        Callback::from(move |value: AttrValue| {
            let last = last.clone();
            spawn_local(async move {
                let copied = browser::copy_text(&value).await;
                last.set(Some((value, copied)));
            });
        })
    };
    Clipboard { last: (*last).clone(), copy }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_copied_value_says_copied() {
        let clipboard = |last| Clipboard { last, copy: Callback::noop() };
        let (eth, layer1) = (AttrValue::from("0xabc"), AttrValue::from("ckt1qabc"));
        assert_eq!(clipboard(None).button_text(&eth), "Copy");
        let copied = clipboard(Some((eth.clone(), true)));
        assert_eq!((copied.button_text(&eth), copied.button_text(&layer1)), ("Copied", "Copy"));
        let refused = clipboard(Some((layer1.clone(), false)));
        assert_eq!((refused.button_text(&eth), refused.button_text(&layer1)), ("Copy", "Copy failed"));
    }
}
