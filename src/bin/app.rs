//! The browser app's entry point: a panic hook, then mount `<App/>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(funnel_lab::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in a browser: build it with `trunk build`");
}
