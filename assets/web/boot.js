// Starts the app from a file rather than an inline script, so the Content-Security-Policy in
// index.html can forbid inline scripts. Trunk writes the hashed names of the app's JS and wasm
// into this tag's data attributes (Trunk.toml, pattern_script).
const tag = document.querySelector('script[data-app-js]');
const { default: init } = await import(tag.dataset.appJs);
await init({ module_or_path: tag.dataset.appWasm });
