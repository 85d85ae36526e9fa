// Starts the app. An external module (not Trunk's injected inline script) so that the page's
// Content-Security-Policy needs no 'unsafe-inline'.
import init from "./ckb-l2-withdraw.js";

init({ module_or_path: "./ckb-l2-withdraw_bg.wasm" });
