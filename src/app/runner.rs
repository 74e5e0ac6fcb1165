//! The page's side of the simulation worker: handshake, batch-by-batch runs, cancel.

use std::time::Duration;

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use super::state::{AppState, RunStatus};
use crate::protocol::{Request, Response};
use crate::worker::{JsonCodec, SimWorker};

/// Handle to the worker; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Runner {
    bridge: StoredValue<Option<WorkerBridge<SimWorker>>, LocalStorage>,
    ready: StoredValue<bool>,
    /// The run waiting for the handshake.
    pending: StoredValue<Option<Request>>,
    /// Id of the run whose answers count.
    current: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl Runner {
    /// Spawns the worker and says hello.
    pub fn spawn(state: AppState) -> Runner {
        let runner = Runner {
            bridge: StoredValue::new_local(None),
            ready: StoredValue::new(false),
            pending: StoredValue::new(None),
            current: StoredValue::new(0),
            timer: StoredValue::new_local(None),
        };
        let bridge = SimWorker::spawner()
            .encoding::<JsonCodec>()
            .callback(move |msg| runner.on_message(state, msg))
            .spawn("./worker.js");
        bridge.send(Request::Hello);
        runner.bridge.set_value(Some(bridge));
        runner
    }

    fn send(&self, req: Request) {
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.send(req);
            }
        });
    }

    fn on_message(&self, state: AppState, msg: Response) {
        let current = self.current.get_value();
        match msg {
            Response::Ready => {
                self.ready.set_value(true);
                if let Some(req) = self.pending.try_update_value(Option::take).flatten() {
                    self.send(req);
                }
            }
            Response::Progress { id, done, total } if id == current => {
                state.status.set(RunStatus::Running { done, total });
                self.send(Request::Continue { id });
            }
            Response::Done { id, report } if id == current => {
                state.failure.set(None);
                state.report.set(Some(*report));
                state.status.set(RunStatus::Idle);
            }
            Response::Failed { id, message } if id == current => {
                state.failure.set(Some(message));
                state.status.set(RunStatus::Idle);
            }
            _ => {}
        }
    }

    /// Starts a run of the current scenario, replacing any run in progress.
    pub fn start(&self, state: AppState) {
        self.clear_timer();
        let (Ok(_), Ok(config)) = (state.validated.get_untracked(), state.config.get_untracked())
        else {
            return;
        };
        let scenario = state.spec.with_untracked(|s| s.to_json());
        let id = self.current.get_value() + 1;
        self.current.set_value(id);
        state.status.set(RunStatus::Running { done: 0, total: config.trials });
        let req = Request::Run { id, scenario, config };
        if self.ready.get_value() {
            self.send(req);
        } else {
            self.pending.set_value(Some(req));
        }
    }

    /// Starts a run after `delay`, unless something else starts one first.
    pub fn start_after(&self, state: AppState, delay: Duration) {
        self.clear_timer();
        let runner = *self;
        if let Ok(h) = set_timeout_with_handle(move || runner.start(state), delay) {
            self.timer.set_value(Some(h));
        }
    }

    fn clear_timer(&self) {
        if let Some(h) = self.timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    }

    /// Stops the current run; its later answers are ignored.
    pub fn cancel(&self, state: AppState) {
        self.clear_timer();
        let id = self.current.get_value();
        self.current.set_value(id + 1);
        self.pending.set_value(None);
        self.send(Request::Cancel { id });
        state.status.set(RunStatus::Cancelled);
    }
}
