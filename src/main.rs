//! Entry point: mounts the app into the page's body.

fn main() {
    yew::Renderer::<ckb_l2_withdraw::app::App>::new().render();
}
