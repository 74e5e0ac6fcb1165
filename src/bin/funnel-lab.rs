//! The `funnel-lab` command line; all logic lives in `funnel_lab::cli`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = funnel_lab::cli::main_with(&args);
    print!("{}", out.stdout);
    if !out.stderr.is_empty() {
        eprintln!("{}", out.stderr.trim_end());
    }
    std::process::exit(out.code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
