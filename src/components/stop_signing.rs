//! "Cancel" beside an Unlock or a deposit's cancel while the wallet is open for it.

use yew::prelude::*;

/// The button, while `on_stop_signing` is given (the wallet is open); nothing otherwise. A view
/// function.
pub fn stop_signing_button(on_stop_signing: Option<&Callback<()>>) -> Html {
    let Some(stop) = on_stop_signing.cloned() else { return html! {} };
    html! { <button type="button" class="secondary small" onclick={Callback::from(move |_| stop.emit(()))}>{ "Cancel" }</button> }
}
