# Shared environment of the project's scripts (sourced, not run).
# A fixed target dir outside the clone lets a fresh clone on the same machine reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ckb-l2-withdraw/target}"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT
# npm's binaryen (wasm-opt 132) must come before any older system wasm-opt.
export PATH="$PROJECT_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
