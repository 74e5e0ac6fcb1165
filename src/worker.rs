//! The simulation worker: runs the engine in batches off the page's thread.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use wasm_bindgen::JsValue;

use crate::protocol::{Request, Response, BATCH_TRIALS};
use crate::sim::{Aggregate, Scenario, Simulation};

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

/// A run in progress.
struct Active {
    id: u64,
    sim: Simulation,
    agg: Aggregate,
}

/// The worker's state: at most one run.
pub struct SimWorker {
    active: Option<Active>,
}

impl SimWorker {
    fn step(&mut self, scope: &WorkerScope<Self>, who: HandlerId) {
        let Some(run) = &mut self.active else { return };
        let total = run.sim.config().trials;
        let start = run.agg.trials();
        let end = (start + BATCH_TRIALS).min(total);
        let batch = run.sim.run_batch(start..end);
        run.agg.merge(&batch);
        if end >= total {
            let report = Box::new(run.sim.report(&run.agg));
            let id = run.id;
            self.active = None;
            scope.respond(who, Response::Done { id, report });
        } else {
            scope.respond(who, Response::Progress { id: run.id, done: end, total });
        }
    }
}

impl Worker for SimWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker { active: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, who: HandlerId) {
        match msg {
            Request::Hello => scope.respond(who, Response::Ready),
            Request::Run { id, scenario, config } => {
                let prepared = Scenario::from_json(&scenario)
                    .map_err(|e| e.to_string())
                    .and_then(|s| Simulation::new(s, config).map_err(|e| e.to_string()));
                match prepared {
                    Ok(sim) => {
                        let agg = sim.empty();
                        self.active = Some(Active { id, sim, agg });
                        self.step(scope, who);
                    }
                    Err(message) => {
                        self.active = None;
                        scope.respond(who, Response::Failed { id, message });
                    }
                }
            }
            Request::Continue { id } => {
                if self.active.as_ref().is_some_and(|a| a.id == id) {
                    self.step(scope, who);
                }
            }
            Request::Cancel { id } => {
                if self.active.as_ref().is_some_and(|a| a.id == id) {
                    self.active = None;
                }
            }
        }
    }
}
