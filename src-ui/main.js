// Loads the wasm UI. A file, not an inline script, so the CSP needs no hash or nonce for it.
import init from "./switchboard_ui.js";
init();
