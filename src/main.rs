//! Entry point: mounts the app into the page's body.

// TLSF: constant-time allocation in about 1.5 KB of code, where the default allocator (dlmalloc)
// ships about 7 KB.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::SmallGlobalTlsf = rlsf::SmallGlobalTlsf::new();

fn main() {
    yew::Renderer::<ckb_l2_withdraw::app::App>::new().render();
}
