//! The root component: the page's frame (top bar, heading, status region).

use yew::prelude::*;

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <>
            <header class="topbar">
                <span class="brand">{ "CKB.tools" }</span>
                <span class="tab active" aria-current="page">{ "Create Layer 2 Account" }</span>
            </header>
            <main>
                <h1>{ "Create Layer 2 Account" }</h1>
                <p role="status" aria-live="polite"></p>
            </main>
        </>
    }
}
