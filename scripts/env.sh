# Shared environment of the project's scripts (sourced, not run).
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT
# Builds stay in the clone (cargo's own `target/`), unless you choose a CARGO_TARGET_DIR yourself
# (e.g. one shared by several clones). An absolute path: the scripts name files under it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PROJECT_ROOT/target}"
# The project's pinned cargo tools (trunk, wasm-bindgen), kept apart from ~/.cargo/bin and shared
# by every clone on this machine.
export TOOLS_ROOT="${TOOLS_ROOT:-$HOME/.cache/ckb-l2-withdraw/pinned}"
# They and npm's binaryen (wasm-opt 132) come before anything else on PATH, such as an older
# system wasm-opt or the user's own trunk.
export PATH="$TOOLS_ROOT/bin:$PROJECT_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
