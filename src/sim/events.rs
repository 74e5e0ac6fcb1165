//! The deal-event log: what happened to each deal, day by day, as the literal daily dynamics
//! play it. The command line's `simulate-log` writes it as a CRM would (one row per stage
//! entry), so calibration can be tested against a funnel whose parameters are known.
//!
//! The log is optional and costs nothing when unused: the day-by-day method is generic over an
//! [`EventSink`], and the ordinary run passes one whose calls compile to nothing.

/// One thing that happened to a deal on a day (days 1..=T; 0 is the initial pipeline).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DealEvent {
    /// The deal exists from this day on, in this stage (0-based), with this budget.
    Created {
        /// The deal's number within the trial.
        deal: u64,
        /// Day of creation (0 for the initial pipeline).
        day: u32,
        /// Stage it starts in (0-based).
        stage: usize,
        /// Its true budget.
        budget: f64,
        /// Whether it starts in rework (a steady-state start only).
        in_rework: bool,
    },
    /// It left `stage` forward (into `stage + 1`).
    Advanced {
        /// The deal's number.
        deal: u64,
        /// The day.
        day: u32,
        /// The stage it left (0-based).
        stage: usize,
    },
    /// It left the last stage forward: a win.
    Won {
        /// The deal's number.
        deal: u64,
        /// The day.
        day: u32,
    },
    /// It left `stage` and was lost.
    Lost {
        /// The deal's number.
        deal: u64,
        /// The day.
        day: u32,
        /// The stage it was lost at (0-based).
        stage: usize,
    },
    /// The client must redo the previous stage's condition (the rework lever).
    ReworkStarted {
        /// The deal's number.
        deal: u64,
        /// The day.
        day: u32,
        /// The stage the deal is in (0-based, at least 1).
        stage: usize,
    },
    /// The rework is done; the deal is back to work in its stage.
    ReworkFinished {
        /// The deal's number.
        deal: u64,
        /// The day.
        day: u32,
        /// The stage the deal is in (0-based, at least 1).
        stage: usize,
    },
}

/// Where deal events go.
pub trait EventSink {
    /// Receives one event; events arrive in the order the dynamics produce them.
    fn event(&mut self, event: DealEvent);
}

/// The sink of an ordinary run: it keeps nothing.
pub(crate) struct NoEvents;

impl EventSink for NoEvents {
    #[inline(always)]
    fn event(&mut self, _: DealEvent) {}
}

impl EventSink for Vec<DealEvent> {
    fn event(&mut self, event: DealEvent) {
        self.push(event);
    }
}
