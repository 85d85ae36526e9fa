//! A button that copies a value to the clipboard and says so.

use yew::platform::spawn_local;
use yew::prelude::*;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The text to copy.
    pub value: AttrValue,
    /// What it is, for screen readers ("Copy ETH address").
    pub label: AttrValue,
}

/// "Copy" → "Copied".
#[component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| None::<bool>);
    let onclick = {
        let copied = copied.clone();
        let value = props.value.clone();
        Callback::from(move |_| {
            let copied = copied.clone();
            let value = value.clone();
            spawn_local(async move { copied.set(Some(crate::browser::copy_text(&value).await)) });
        })
    };
    let text = match *copied {
        Some(true) => "Copied",
        Some(false) => "Copy failed",
        None => "Copy",
    };
    html! {
        <button type="button" class="secondary small" aria-label={props.label.clone()} {onclick}>{ text }</button>
    }
}
