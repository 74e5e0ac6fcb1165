//! The simulation worker's entry point: register `SimWorker` with a JSON codec.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    console_error_panic_hook::set_once();
    funnel_lab::host::worker::SimWorker::registrar()
        .encoding::<funnel_lab::host::worker::JsonCodec>()
        .register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the simulation worker runs in a browser: build it with `trunk build`");
}
