//! The simulation worker: runs the engine's jobs in batches off the page's thread.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use wasm_bindgen::JsValue;

use super::dispatch::Dispatcher;
use crate::host::protocol::{Request, Response};

/// Messages between page and worker travel as JSON text: the scenario and report types use
/// serde attributes (optional and skipped fields) that a non-self-describing codec mishandles.
pub struct JsonCodec;

impl gloo_worker::Codec for JsonCodec {
    fn encode<I: serde::Serialize>(input: I) -> JsValue {
        JsValue::from_str(&serde_json::to_string(&input).unwrap_or_default())
    }

    fn decode<O: for<'de> serde::Deserialize<'de>>(input: JsValue) -> O {
        let text = input.as_string().unwrap_or_default();
        // The page and the worker are built from one crate, so a message always parses.
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("malformed worker message: {e}"))
    }
}

/// The simulation worker: every request goes through the native [`Dispatcher`]; this only
/// answers on the page's channel and keeps the crash hook.
pub struct SimWorker {
    dispatch: Dispatcher,
}

impl Worker for SimWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker { dispatch: Dispatcher::new() }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    // The test hook (see `Request::Crash`): a real panic, so a real dead worker.
    #[allow(clippy::panic)]
    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, who: HandlerId) {
        if msg == Request::Crash {
            panic!("test hook: the page asked this worker to crash");
        }
        for response in self.dispatch.on(msg) {
            scope.respond(who, response);
        }
    }
}
