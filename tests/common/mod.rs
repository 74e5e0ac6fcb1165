//! Closed forms of MODEL.md, written independently of the engine's own code paths: stays are
//! convolved as Geometric pmfs, levers are applied from their MODEL.md formulas here again.
#![allow(dead_code)]

use funnel_lab::sim::scenario::{InitialPipeline, Kpi, Phase, ScenarioSpec};
use funnel_lab::sim::Job;
use funnel_lab::sim::{Method, Report, RunConfig, Scenario, Simulation};

/// How many standard errors a statistical check allows. With ~40 checks in the suite, 4 SE
/// gives a false alarm about once in 400 runs of the suite for an unlucky seed; the seeds are
/// fixed, so a pass is stable.
pub const Z: f64 = 4.0;

pub fn spec(json: &str) -> ScenarioSpec {
    ScenarioSpec::from_json(json).expect("test scenario parses")
}

pub fn run(spec: &ScenarioSpec, trials: u64, seed: u64) -> Report {
    run_with(spec, trials, seed, Method::Auto)
}

/// The three exact methods, each of which must agree with the closed forms.
pub const METHODS: [Method; 3] = [Method::Outcomes, Method::PerDeal, Method::DayByDay];

pub fn run_with(spec: &ScenarioSpec, trials: u64, seed: u64, method: Method) -> Report {
    let scenario = Scenario::new(spec.clone()).expect("test scenario is valid");
    let config = RunConfig { trials, seed, method, ..RunConfig::default() };
    Simulation::new(scenario, config).expect("valid config").run()
}

/// Effective (conversion, mean_days) per stage for deals with or without a deadline: the
/// question and deadline levers, then the calls KPI's kf^dp on every stage and the veto of
/// unworked contacts at the decision stage (marked, else the second-to-last).
pub fn stage_params(s: &ScenarioSpec, deadline: bool) -> Vec<(f64, f64)> {
    let l = &s.levers;
    let k = s.stages.len();
    let decision = s.stages.iter().position(|st| st.decision).unwrap_or(k - 2);
    s.stages
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let fit = match st.phase {
                Some(Phase::Forming) => Some(l.open_question_share.forming),
                Some(Phase::Norming) => Some(1.0 - l.open_question_share.norming),
                _ => None,
            };
            // MODEL.md v2: the question and deadline factors, clamped once.
            let mut p = st.conversion;
            if let Some(fit) = fit {
                p *= 1.0 + l.question_effect * (2.0 * fit - 1.0);
            }
            let mut d = st.mean_days;
            if deadline {
                p *= 1.0 + l.deadline_lift;
                d = (d * (1.0 - l.deadline_speedup)).max(1.0);
            }
            p = p.min(1.0);
            if l.kpi == Kpi::Calls {
                p *= l.call_kpi_factor.powf(l.depth_penalty);
            }
            if i == decision {
                p *= (1.0 - l.veto_per_contact)
                    .powi((l.contacts_per_deal - l.contacts_worked) as i32);
            }
            (p, d)
        })
        .collect()
}

/// pmf of a Geometric{1,2,..} with success probability h, on 0..=n.
fn geometric_pmf(h: f64, n: usize) -> Vec<f64> {
    (0..=n).map(|j| if j == 0 { 0.0 } else { h * (1.0 - h).powi(j as i32 - 1) }).collect()
}

fn convolve(a: &[f64], b: &[f64]) -> Vec<f64> {
    let n = a.len();
    let mut out = vec![0.0; n];
    for i in 0..n {
        for j in 0..n - i {
            out[i + j] += a[i] * b[j];
        }
    }
    out
}

/// pmf on 0..=n of one stay in stage `k` counted from the day before its first exit roll: G
/// exit rolls, G ~ Geometric(1/d_k), and between them each of the G − 1 non-exit days starts a
/// rework spell with probability r, a spell lasting Geometric(1/d_{k−1}) days. So the stay is
/// G + (the sum of G − 1 terms, each 0 w.p. 1 − r or a spell w.p. r).
fn stay_pmf(params: &[(f64, f64)], k: usize, r: f64, n: usize) -> Vec<f64> {
    let g = geometric_pmf(1.0 / params[k].1, n);
    if k == 0 || r == 0.0 {
        return g;
    }
    let mut term = geometric_pmf(1.0 / params[k - 1].1, n);
    for x in &mut term {
        *x *= r;
    }
    term[0] = 1.0 - r;
    let mut out = vec![0.0; n + 1];
    // power = term^{*(j − 1)} for the current j.
    let mut power = vec![0.0; n + 1];
    power[0] = 1.0;
    for (j, &pg) in g.iter().enumerate().skip(1) {
        for i in 0..=n - j {
            out[i + j] += pg * power[i];
        }
        power = convolve(&power, &term);
    }
    out
}

/// P(win within `days` days) for a deal starting stage `from` (from 0), as the product of the
/// remaining conversions times P(the sum of remaining stays <= days).
pub fn p_win_within(params: &[(f64, f64)], from: usize, days: usize) -> f64 {
    p_win_within_rework(params, from, days, 0.0, false)
}

/// The same with rework at rate `r`; `in_rework`: the deal starts inside a rework spell, which
/// it must finish first (a Geometric in the previous stage's days).
pub fn p_win_within_rework(
    params: &[(f64, f64)],
    from: usize,
    days: usize,
    r: f64,
    in_rework: bool,
) -> f64 {
    let n = days;
    let mut pmf = vec![0.0; n + 1];
    pmf[0] = 1.0;
    if in_rework {
        pmf = geometric_pmf(1.0 / params[from - 1].1, n);
    }
    let mut conv = 1.0;
    for (k, &(p, _)) in params.iter().enumerate().skip(from) {
        pmf = convolve(&pmf, &stay_pmf(params, k, r, n));
        conv *= p;
    }
    conv * pmf.iter().sum::<f64>()
}

/// Expected stationary end-of-day counts per stage for one kind of deal whose inflow is scaled
/// by `share`: out of rework, S^N_k = (a_k + f_k)(d_k − 1) + f_k, and in rework,
/// S^R_k = r·d_{k−1}·(d_k − 1)·(a_k + f_k), with f_{k+1} = (a_k + f_k)·p_k.
pub fn stationary_split(
    s: &ScenarioSpec,
    params: &[(f64, f64)],
    share: f64,
) -> (Vec<f64>, Vec<f64>) {
    let r = s.levers.rework_per_day;
    let mut f = 0.0;
    let mut normal = Vec::new();
    let mut rework = Vec::new();
    for (k, &(p, d)) in params.iter().enumerate() {
        let a: f64 =
            s.inflow.iter().filter(|x| x.stage as usize == k + 1).map(|x| x.per_day).sum::<f64>()
                * share;
        normal.push((a + f) * (d - 1.0) + f);
        rework.push(if k == 0 { 0.0 } else { r * params[k - 1].1 * (d - 1.0) * (a + f) });
        f = (a + f) * p;
    }
    (normal, rework)
}

/// Expected stationary end-of-day counts, rework included (under the posts' rule).
pub fn stationary(s: &ScenarioSpec, params: &[(f64, f64)], share: f64) -> Vec<f64> {
    let (normal, rework) = stationary_split(s, params, share);
    normal.iter().zip(&rework).map(|(a, b)| a + b).collect()
}

/// The distribution of wins in days 1..=T (no capacity lever, no reverse moves): arrivals and a
/// steady-state start make a Poisson part; explicit initial counts are fixed numbers of deals,
/// each winning independently, so they add Binomial parts.
pub struct WinsLaw {
    /// Mean of the Poisson part.
    pub poisson_mean: f64,
    /// (deals, P(win)) of each Binomial part.
    pub binomials: Vec<(u64, f64)>,
}

impl WinsLaw {
    pub fn mean(&self) -> f64 {
        self.poisson_mean + self.binomials.iter().map(|&(n, q)| n as f64 * q).sum::<f64>()
    }

    pub fn variance(&self) -> f64 {
        self.poisson_mean
            + self.binomials.iter().map(|&(n, q)| n as f64 * q * (1.0 - q)).sum::<f64>()
    }

    /// Revenue variance with i.i.d. budgets of moments E[B] = m1, E[B²] = m2.
    pub fn revenue_variance(&self, m1: f64, m2: f64) -> f64 {
        self.poisson_mean * m2
            + self
                .binomials
                .iter()
                .map(|&(n, q)| n as f64 * (q * m2 - q * q * m1 * m1))
                .sum::<f64>()
    }

    /// P(wins >= need), by convolving the parts' pmfs.
    pub fn tail(&self, need: u64) -> f64 {
        let len = need as usize + 1;
        let mut pmf = vec![0.0; len];
        let mut p = (-self.poisson_mean).exp();
        for (k, slot) in pmf.iter_mut().enumerate() {
            *slot = p;
            p *= self.poisson_mean / (k + 1) as f64;
        }
        for &(n, q) in &self.binomials {
            let mut b = vec![0.0; len];
            let mut term = (1.0 - q).powi(n as i32);
            for (k, slot) in b.iter_mut().enumerate().take(n as usize + 1) {
                *slot = term;
                term *= (n - k as u64) as f64 / (k + 1) as f64 * q / (1.0 - q);
            }
            let mut out = vec![0.0; len];
            for i in 0..len {
                for j in 0..len - i {
                    out[i + j] += pmf[i] * b[j];
                }
            }
            pmf = out;
        }
        (1.0 - pmf[..need as usize].iter().sum::<f64>()).max(0.0)
    }
}

/// The law of wins in days 1..=T.
pub fn wins_law(s: &ScenarioSpec) -> WinsLaw {
    let t = s.horizon_days as usize;
    let share = s.levers.deadline_share;
    let mut law = WinsLaw { poisson_mean: 0.0, binomials: Vec::new() };
    // Explicit counts: each deal's kind is itself random, so its P(win) mixes the two kinds.
    if let Some(c) = s.initial_pipeline.explicit_counts(s.stages.len()) {
        let (plain, fast) = (stage_params(s, false), stage_params(s, true));
        for (k, &n) in c.iter().enumerate() {
            let q = (1.0 - share) * p_win_within(&plain, k, t) + share * p_win_within(&fast, k, t);
            law.binomials.push((n, q));
        }
    }
    for (deadline, w) in [(false, 1.0 - share), (true, share)] {
        if w == 0.0 {
            continue;
        }
        let params = stage_params(s, deadline);
        let r = s.levers.rework_per_day;
        if let InitialPipeline::SteadyState = s.initial_pipeline {
            let (normal, rework) = stationary_split(s, &params, w);
            for k in 0..params.len() {
                law.poisson_mean += normal[k] * p_win_within_rework(&params, k, t, r, false);
                if rework[k] > 0.0 {
                    law.poisson_mean += rework[k] * p_win_within_rework(&params, k, t, r, true);
                }
            }
        }
        for f in &s.inflow {
            for day in 1..=t {
                let from = f.stage as usize - 1;
                law.poisson_mean +=
                    f.per_day * w * p_win_within_rework(&params, from, t - day + 1, r, false);
            }
        }
    }
    law
}

/// Mean number of wins in days 1..=T.
pub fn mean_wins(s: &ScenarioSpec) -> f64 {
    wins_law(s).mean()
}

/// Expected recorded deals per stage at the end of day `day`, by propagating means day by day
/// through MODEL.md's order (arrivals; exits; rework starts among the rest of stages 2..;
/// rework finishes), each kind apart. Under the moving record a deal in rework in k is shown
/// in k − 1.
pub fn mean_counts_at(s: &ScenarioSpec, day: usize) -> Vec<f64> {
    let share = s.levers.deadline_share;
    let r = s.levers.rework_per_day;
    let k = s.stages.len();
    let mut total = vec![0.0; k];
    for (deadline, w) in [(false, 1.0 - share), (true, share)] {
        if w == 0.0 {
            continue;
        }
        let params = stage_params(s, deadline);
        let (mut m, mut re): (Vec<f64>, Vec<f64>) = match &s.initial_pipeline {
            InitialPipeline::Empty => (vec![0.0; k], vec![0.0; k]),
            InitialPipeline::SteadyState => stationary_split(s, &params, w),
            InitialPipeline::Counts(c) => (c.iter().map(|&n| n as f64 * w).collect(), vec![0.0; k]),
            InitialPipeline::Deals(_) => {
                let c = s.initial_pipeline.explicit_counts(k).unwrap_or_default();
                (c.iter().map(|&n| n as f64 * w).collect(), vec![0.0; k])
            }
        };
        for _ in 0..day {
            for f in &s.inflow {
                m[f.stage as usize - 1] += f.per_day * w;
            }
            let exits: Vec<f64> = m.iter().zip(&params).map(|(x, (_, d))| x / d).collect();
            let finish: Vec<f64> =
                (0..k).map(|i| if i == 0 { 0.0 } else { re[i] / params[i - 1].1 }).collect();
            for i in 0..k {
                let stay = m[i] - exits[i];
                let start = if i == 0 { 0.0 } else { stay * r };
                m[i] = stay - start + finish[i];
                re[i] += start - finish[i];
                if i > 0 {
                    m[i] += exits[i - 1] * params[i - 1].0;
                }
            }
        }
        for i in 0..k {
            let shown_rework =
                if s.levers.record_reverse { re.get(i + 1).copied().unwrap_or(0.0) } else { re[i] };
            total[i] += m[i] + shown_rework;
        }
    }
    total
}

/// P(X >= n) for X ~ Poisson(mu).
pub fn poisson_tail(mu: f64, n: u64) -> f64 {
    let mut p = (-mu).exp();
    let mut cdf = 0.0;
    for k in 0..n {
        cdf += p;
        p *= mu / (k + 1) as f64;
    }
    (1.0 - cdf).max(0.0)
}

/// Asserts |got − want| <= Z·se with a readable message.
pub fn assert_close(what: &str, got: f64, want: f64, se: f64) {
    assert!(
        (got - want).abs() <= Z * se,
        "{what}: got {got}, closed form {want}, |diff| = {:.3} SE",
        (got - want).abs() / se
    );
}

/// A small four-stage scenario; `extra` is spliced into the top-level object.
pub fn four_stages(extra: &str) -> String {
    format!(
        r#"{{
  "schema": 2, "name": "test", "horizon_days": 21, "checkpoint_day": 10, "plan": 2000000,
  "stages": [
    {{"name": "Договариваюсь о встрече", "exit_fact": "Встреча проведена", "conversion": 0.5, "mean_days": 3, "phase": "forming"}},
    {{"name": "Согласовываю ТЗ", "exit_fact": "ТЗ согласовано", "conversion": 0.6, "mean_days": 5, "phase": "storming"}},
    {{"name": "Подписываю договор", "exit_fact": "Договор подписан", "conversion": 0.7, "mean_days": 4, "phase": "norming"}},
    {{"name": "Получаю оплату", "exit_fact": "Оплата получена", "conversion": 0.9, "mean_days": 3, "phase": "performing"}}
  ],
  {extra}
}}"#
    )
}

/// P(a deal starting stage `from` leaves stage `to` forward within `days` days): the
/// conversions `from..=to` times P(the stays `from..=to` end within `days`).
pub fn p_pass_within(params: &[(f64, f64)], from: usize, to: usize, days: usize) -> f64 {
    p_win_within(&params[..=to], from, days)
}

/// With fixed prices and a fixed budget (no rework, no capacity), deals split by (the stage they
/// start in, the last stage they leave forward by day T) into independent Poisson classes; a
/// class's deal earns the prices of the stages it passed, plus the budget if it passed the last.
/// Returns each class's (Poisson mean, revenue of one deal).
pub fn price_classes(s: &ScenarioSpec) -> Vec<(f64, f64)> {
    let t = s.horizon_days as usize;
    let k = s.stages.len();
    let share = s.levers.deadline_share;
    let price = |j: usize| s.stages[j].price.as_ref().map_or(0.0, |p| p.median);
    let value = |from: usize, to: usize| {
        (from..=to).map(price).sum::<f64>() + if to + 1 == k { s.budget.median } else { 0.0 }
    };
    let mut classes = Vec::new();
    for (deadline, w) in [(false, 1.0 - share), (true, share)] {
        if w == 0.0 {
            continue;
        }
        let params = stage_params(s, deadline);
        // (start stage, days available, expected deals) of every source of deals.
        let mut sources: Vec<(usize, usize, f64)> = Vec::new();
        if let InitialPipeline::SteadyState = s.initial_pipeline {
            for (from, n) in stationary_split(s, &params, w).0.into_iter().enumerate() {
                sources.push((from, t, n));
            }
        }
        for f in &s.inflow {
            for day in 1..=t {
                sources.push((f.stage as usize - 1, t - day + 1, f.per_day * w));
            }
        }
        for (from, days, n) in sources {
            for to in from..k {
                let passed = p_pass_within(&params, from, to, days);
                let next =
                    if to + 1 < k { p_pass_within(&params, from, to + 1, days) } else { 0.0 };
                classes.push((n * (passed - next), value(from, to)));
            }
        }
    }
    classes
}

/// P(Σ N_c·v_c >= plan) for independent N_c ~ Poisson(μ_c), the values being whole multiples of
/// `unit`, by convolving the classes' pmfs on that lattice.
pub fn compound_tail(classes: &[(f64, f64)], plan: f64, unit: f64) -> f64 {
    let len = (plan / unit).ceil() as usize;
    let mut pmf = vec![0.0; len];
    pmf[0] = 1.0;
    for &(mu, v) in classes {
        let step = (v / unit).round() as usize;
        assert!((step as f64 * unit - v).abs() < 1e-9, "value {v} is on the lattice");
        if mu == 0.0 || step == 0 {
            continue;
        }
        // pmf of N·step, N ~ Poisson(mu), below `len`.
        let mut part = vec![0.0; len];
        let mut p = (-mu).exp();
        let mut n = 0;
        while n * step < len {
            part[n * step] = p;
            n += 1;
            p *= mu / n as f64;
        }
        let mut out = vec![0.0; len];
        for (i, &a) in pmf.iter().enumerate() {
            if a == 0.0 {
                continue;
            }
            for (j, &b) in part[..len - i].iter().enumerate() {
                out[i + j] += a * b;
            }
        }
        pmf = out;
    }
    (1.0 - pmf.iter().sum::<f64>()).max(0.0)
}
