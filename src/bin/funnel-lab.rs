//! The `funnel-lab` command line; all logic lives in `funnel_lab::cli`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `serve` runs until stopped, so it does not go through `main_with`'s captured output.
    if args.first().map(String::as_str) == Some("serve") {
        std::process::exit(funnel_lab::serve::main_cli(&args[1..]));
    }
    let out = funnel_lab::cli::main_with(&args);
    print!("{}", out.stdout);
    if !out.stderr.is_empty() {
        eprintln!("{}", out.stderr.trim_end());
    }
    std::process::exit(out.code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
