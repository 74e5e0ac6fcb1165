//! One simulation worker seen from the page: a `web_sys::Worker` the page owns, speaking
//! gloo-worker's wire messages (the worker side registers with gloo-worker as before).
//!
//! gloo-worker 0.6's own bridge keeps its `Worker` private, so the page could neither hear the
//! worker die (a panic aborts the wasm instance, out of memory traps it: either way an `error`
//! event on the `Worker`) nor terminate it. This is the stated reason for these few lines: the
//! messages mirror gloo-worker's `ToWorker` / `FromWorker` (serde's default enum form, through
//! our JSON codec), and the browser tests cover the round trip.

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};

use crate::host::protocol::{Request, Response};

/// The only handler id the page uses: one bridge per worker.
const HANDLER: usize = 0;

/// Page → worker, as gloo-worker 0.6 reads it (`ToWorker<SimWorker>`).
#[derive(Serialize)]
enum ToWorker<'a> {
    Connected(usize),
    ProcessInput(usize, &'a Request),
}

/// Worker → page, as gloo-worker 0.6 writes it (`FromWorker<SimWorker>`).
#[derive(Deserialize)]
enum FromWorker {
    WorkerLoaded,
    ProcessOutput(serde::de::IgnoredAny, Response),
}

/// What the page hears from a worker.
pub enum Heard {
    /// An answer.
    Answer(Response),
    /// The worker died or can no longer be understood; the text says what the browser said.
    Died(String),
}

/// A live worker: its handle, its listeners (kept alive with it) and what waits for it to load.
pub struct WorkerHandle {
    worker: Worker,
    pending: std::rc::Rc<std::cell::RefCell<Option<Vec<String>>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    _on_message_error: Closure<dyn FnMut(MessageEvent)>,
}

fn encode(msg: &ToWorker) -> String {
    serde_json::to_string(msg).unwrap_or_default()
}

/// Starts the worker at `path` (a module worker, as Trunk builds it), or adopts one that
/// `boot.js` started before the page's wasm loaded, and calls `heard` with every answer and
/// with its death.
pub fn spawn(path: &str, heard: impl Fn(Heard) + 'static) -> Result<WorkerHandle, String> {
    match take_early() {
        Some((worker, said)) => Ok(attach(worker, heard, said)),
        None => Ok(attach(start(path)?, heard, Vec::new())),
    }
}

/// What an early worker did before the page adopted it: a message's text, or its death.
enum Said {
    Message(String),
    Died(String),
}

/// The name `boot.js` keeps its early workers under: `[{ worker, heard: [{data} | {error}] }]`.
const EARLY: &str = "funnelLabWorkers";

/// The next worker `boot.js` started, with what it said meanwhile (in order).
fn take_early() -> Option<(Worker, Vec<Said>)> {
    use js_sys::{Array, Reflect};
    let window = web_sys::window()?;
    let list: Array = Reflect::get(&window, &EARLY.into()).ok()?.dyn_into().ok()?;
    let entry = list.shift();
    let worker: Worker = Reflect::get(&entry, &"worker".into()).ok()?.dyn_into().ok()?;
    let heard: Array = Reflect::get(&entry, &"heard".into()).ok()?.dyn_into().ok()?;
    // Everything said so far; the listeners `attach` sets hear the rest (no event can come
    // between: this all runs in one task).
    let said = heard
        .iter()
        .map(|item| {
            let text =
                |key: &str| Reflect::get(&item, &key.into()).ok().and_then(|v| v.as_string());
            match text("error") {
                Some(error) => Said::Died(error),
                None => Said::Message(text("data").unwrap_or_default()),
            }
        })
        .collect();
    Some((worker, said))
}

/// The name `boot.js` keeps its own first run under: `{ scenario, config, answer }`, the
/// scenario's JSON text, the run settings' JSON text and the first worker's answer as it said it.
const FIRST: &str = "funnelLabFirst";

/// The run `boot.js` asked of the first worker before the page's wasm loaded: the scenario
/// (JSON) and the settings (JSON) it ran and the report the worker wrote. Taken once; `None`
/// when there was none or it did not finish.
pub fn take_first_run() -> Option<(String, String, Box<crate::sim::Report>)> {
    use js_sys::Reflect;
    let window = web_sys::window()?;
    let first = Reflect::get(&window, &FIRST.into()).ok()?;
    let _ = Reflect::set(&window, &FIRST.into(), &JsValue::UNDEFINED);
    let text = |key: &str| Reflect::get(&first, &key.into()).ok().and_then(|v| v.as_string());
    match serde_json::from_str::<FromWorker>(&text("answer")?).ok()? {
        FromWorker::ProcessOutput(_, Response::Done { report, .. }) => {
            Some((text("scenario")?, text("config")?, report))
        }
        _ => None,
    }
}

/// Stops the early workers the pool did not take (it was set smaller than `boot.js` guessed).
pub fn stop_unadopted() {
    while let Some((worker, _)) = take_early() {
        worker.terminate();
    }
}

/// A new module worker running the bindings at `path`.
fn start(path: &str) -> Result<Worker, String> {
    let err = |e: JsValue| format!("{e:?}");
    // The same shim gloo-worker writes: a module that imports the worker's bindings and starts them.
    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let js = Url::new_with_base(path, &base).map_err(err)?.to_string();
    let parts = js_sys::Array::of1(&format!("import init from '{js}';await init();").into());
    let props = BlobPropertyBag::new();
    props.set_type("application/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &props).map_err(err)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(err)?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options(&url, &options).map_err(err)
}

/// Listens to `worker`, says hello, then replays what it already `said`.
fn attach(worker: Worker, heard: impl Fn(Heard) + 'static, said: Vec<Said>) -> WorkerHandle {
    let heard = std::rc::Rc::new(heard);
    let pending = std::rc::Rc::new(std::cell::RefCell::new(Some(Vec::<String>::new())));
    let on_text = {
        let (heard, pending, worker) = (heard.clone(), pending.clone(), worker.clone());
        move |text: &str| match serde_json::from_str::<FromWorker>(text) {
            Ok(FromWorker::WorkerLoaded) => {
                let waiting = pending.borrow_mut().take().unwrap_or_default();
                for msg in waiting {
                    let _ = worker.post_message(&msg.into());
                }
            }
            Ok(FromWorker::ProcessOutput(_, response)) => heard(Heard::Answer(response)),
            Err(e) => heard(Heard::Died(format!("unreadable message: {e}"))),
        }
    };
    let on_text = std::rc::Rc::new(on_text);
    let on_message = {
        let on_text = on_text.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            // gloo-worker speaks text; the one other message, the compiled module the first
            // early worker posts back to `boot.js`, is not the page's.
            if let Some(text) = ev.data().as_string() {
                on_text(&text);
            }
        })
    };
    let on_error = {
        let heard = heard.clone();
        Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
            // Said on the page instead; the browser would also print it as uncaught.
            ev.prevent_default();
            let message = ev.message();
            heard(Heard::Died(if message.is_empty() { "error".to_owned() } else { message }))
        })
    };
    let on_message_error = {
        let heard = heard.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
            heard(Heard::Died("a message could not be read".to_owned()))
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_message_error.as_ref().unchecked_ref()));
    let handle = WorkerHandle {
        worker,
        pending,
        _on_message: on_message,
        _on_error: on_error,
        _on_message_error: on_message_error,
    };
    handle.post(&ToWorker::Connected(HANDLER));
    for s in said {
        match s {
            Said::Message(text) => on_text(&text),
            Said::Died(detail) => heard(Heard::Died(detail)),
        }
    }
    handle
}

impl WorkerHandle {
    fn post(&self, msg: &ToWorker) {
        let text = encode(msg);
        if let Some(waiting) = self.pending.borrow_mut().as_mut() {
            waiting.push(text);
            return;
        }
        let _ = self.worker.post_message(&text.into());
    }

    /// Sends a request (held until the worker has loaded).
    pub fn send(&self, req: &Request) {
        self.post(&ToWorker::ProcessInput(HANDLER, req));
    }
}

impl Drop for WorkerHandle {
    /// Stops the worker at once, whatever it is doing, and silences its listeners.
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.worker.terminate();
    }
}
