# Shared environment of the project's scripts (sourced, not run).
# A fixed target dir outside the clone lets a fresh clone on the same machine reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ckb-l2-withdraw/target}"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT
# The project's pinned cargo tools (trunk, wasm-bindgen), kept apart from ~/.cargo/bin and shared
# by every clone on this machine.
export TOOLS_ROOT="${TOOLS_ROOT:-$HOME/.cache/ckb-l2-withdraw/pinned}"
# They and npm's binaryen (wasm-opt 132) come before anything else on PATH, such as an older
# system wasm-opt or the user's own trunk.
export PATH="$TOOLS_ROOT/bin:$PROJECT_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
