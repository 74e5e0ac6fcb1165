//! The metrics lab's four experiments on the page: each with the post's claim and its source,
//! our assumptions as fields to change, a chart, the finding in words and the numbers as a
//! table (the chart's text alternative). The experiments run in the worker, one job each.

use leptos::prelude::*;

use crate::app::editor::fields::{parse, show};
use crate::app::i18n::Lang;
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::AppState;
use crate::app::state::ToolsState;
use crate::app::tools::metrics::t;
use crate::app::widgets::chart::PlotCanvas;
use crate::app::widgets::job::{JobBar, JobProgress};
use crate::charts::{alt, draw_lines, LineChart};
use crate::host::protocol::LabJob;
use crate::host::protocol::Response;
use crate::studies::lab::LabParams;
use crate::ui::lab_view::LabResults;
use crate::ui::lab_view::{
    cohort_chart, cohort_finding, coverage_chart, coverage_finding, cpl_chart, cpl_finding,
    cpl_plan_chart, romi_chart, romi_finding,
};
use crate::words::format::Numbers;
use crate::words::lab::LabWord;
use crate::words::text::Named;

/// An assumption the user may change: a labelled number field. `scale` is what the field
/// shows per unit (100 for a share in percent).
#[component]
fn Assumption(
    label: LabWord,
    value: Signal<f64>,
    set: Callback<f64>,
    #[prop(default = 1.0)] scale: f64,
    testid: &'static str,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    view! {
        <label class="field">
            <span class="label">{move || t(lang.get(), label)}</span>
            <input type="text" inputmode="decimal" data-testid=testid
                prop:value=move || show(value.get() * scale)
                on:change=move |ev| set.run(parse(&event_target_value(&ev)) / scale) />
        </label>
    }
}

/// A chart of the lab, redrawn when its data or the language changes.
fn lab_chart(
    lang: RwSignal<Lang>,
    lab: RwSignal<LabResults>,
    build: fn(&LabResults, bool) -> Option<LineChart>,
    testid: &'static str,
) -> impl IntoView {
    let data = Signal::derive(move || lab.with(|l| build(l, lang.get() == Lang::En)));
    view! { <PlotCanvas data=data draw=|area, c: &LineChart, s| draw_lines(area, c, s) describe=|c, _| alt::lines(c) testid=testid /> }
}

/// A ladder or lab experiment's answer, to the tools pages' own results or error.
pub(crate) fn lab_answer(tools: ToolsState) -> impl Fn(Response) + 'static {
    move |response| match response {
        Response::LabDone { result, .. } => {
            tools.lab_failure.set(None);
            tools.lab.update(|l| l.store(*result));
        }
        Response::Failed { error, .. } => tools.lab_failure.set(Some(error)),
        _ => {}
    }
}

fn jobs(p: &LabParams, tools: ToolsState, bar: JobBar) -> Vec<Order> {
    [
        LabJob::Cohort(p.cohort.clone(), p.seed),
        LabJob::Cpl(p.cpl.clone(), p.seed),
        LabJob::Romi(p.romi.clone(), p.seed),
        LabJob::Coverage { trials: p.coverage_trials, seed: p.seed },
    ]
    .into_iter()
    .map(|job| Order::new(Work::Lab(job), bar.answers(lab_answer(tools))))
    .collect()
}

/// The four experiments.
#[component]
pub fn LabExperiments() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let lab = state.tools.lab;
    let params = RwSignal::new(LabParams::standard());
    let bar = JobBar::new();
    // The previous results stay on screen until the new ones replace them (or a cancel).
    let run = move || {
        let config = state.config.get_untracked().unwrap_or_default();
        let jobs = jobs(&params.get_untracked(), state.tools, bar);
        bar.start(jobs.len());
        runner.submit(jobs, config);
    };
    if lab.with_untracked(|l| l.cohort.is_none() || l.coverage.is_none()) {
        run();
    }
    let field = move |get: fn(&LabParams) -> f64, put: fn(&mut LabParams, f64)| {
        (
            Signal::derive(move || params.with(get)),
            Callback::new(move |v| params.update(|p| put(p, v))),
        )
    };
    let (arpu, set_arpu) = field(|p| p.cohort.arpu, |p, v| p.cohort.arpu = v);
    let (churn, set_churn) = field(|p| p.cohort.monthly_churn, |p, v| p.cohort.monthly_churn = v);
    let (clients, set_clients) = field(
        |p| f64::from(p.cohort.start_clients),
        |p, v| p.cohort.start_clients = v.clamp(0.0, 1e6) as u32,
    );
    let (spend, set_spend) = field(|p| p.cpl.spend, |p, v| p.cpl.spend = v);
    let (romi_spend, set_romi_spend) = field(|p| p.romi.spend, |p, v| p.romi.spend = v);
    let (margin, set_margin) = field(|p| p.romi.margin, |p, v| p.romi.margin = v);
    let waiting = move || {
        lab.with(|l| {
            l.cohort.is_none() || l.cpl.is_none() || l.romi.is_none() || l.coverage.is_none()
        })
    };
    let n = move || Numbers(lang.get());
    view! {
        <h3>{move || t(lang.get(), LabWord::CritiqueTestedSimulation)}</h3>
        <p class="hint">{move || t(lang.get(), LabWord::NumbersFieldsAreOur)}</p>
        <div class="buttons">
            <button class="run" data-testid="lab-run" on:click=move |_| run()>{move || t(lang.get(), LabWord::Recompute)}</button>
            <span role="status" data-testid="lab-status">{move || waiting().then(|| t(lang.get(), LabWord::Computing))}</span>
        </div>
        <JobProgress bar=bar lang=lang testid="lab-job" />
        {move || state.tools.lab_failure.get().map(|m| view! { <p class="error" role="alert" data-testid="lab-error">{crate::ui::errors::job_error_text(lang.get(), &m)}</p> })}

        <section class="experiment" data-testid="lab-cohort">
            <h4>{move || t(lang.get(), LabWord::LtvArpuChurnGrowing)}</h4>
            <p class="source">{move || t(lang.get(), LabWord::PostLtvArpu1)}</p>
            <div class="assumptions">
                <Assumption label=LabWord::ArpuPerMonthPost value=arpu set=set_arpu testid="lab-arpu" />
                <Assumption label=LabWord::LeaveWithinMonth value=churn set=set_churn scale=100.0 testid="lab-churn" />
                <Assumption label=LabWord::ClientsStart value=clients set=set_clients testid="lab-clients" />
            </div>
            {lab_chart(lang, lab, |l, en| l.cohort.as_ref().map(|c| cohort_chart(c, en)), "chart-cohort")}
            <p class="finding" data-testid="lab-cohort-finding">{move || lab.with(|l| l.cohort.as_ref().map(|c| cohort_finding(c, lang.get() == Lang::En)))}</p>
            <table class="lab-table" data-testid="lab-cohort-table">
                <thead><tr>
                    <th>{move || t(lang.get(), LabWord::GrowthMonth)}</th>
                    <th>{move || t(lang.get(), LabWord::Formula)}</th>
                    <th>{move || t(lang.get(), LabWord::CohortRealised)}</th>
                    <th>{move || t(lang.get(), LabWord::ErrorAgainstTrueLtv)}</th>
                    <th>{move || t(lang.get(), LabWord::OneCohortSNoise)}</th>
                    <th>{move || t(lang.get(), LabWord::LargeBase)}</th>
                </tr></thead>
                <tbody>{move || lab.with(|l| l.cohort.as_ref().map(|c| c.points.iter().map(|p| view! {
                    <tr data-growth=p.growth.to_string()>
                        <td class="num">{n().localize(&format!("{:+.0}%", p.growth * 100.0))}</td>
                        <td class="num">{n().grouped(p.formula.mean)}</td>
                        <td class="num">{n().grouped(p.realised.mean)}</td>
                        <td class="num">{n().localize(&format!("{:+.0}% ({:+.0}…{:+.0}%)", p.error.p50 * 100.0, p.error.p10 * 100.0, p.error.p90 * 100.0))}</td>
                        <td class="num">{n().localize(&format!("{:+.0}…{:+.0}%", p.cohort_noise.p10 * 100.0, p.cohort_noise.p90 * 100.0))}</td>
                        <td class="num">{n().localize(&format!("{:+.1}%", p.large_base_bias * 100.0))}</td>
                    </tr>
                }).collect_view()))}</tbody>
            </table>
        </section>

        <section class="experiment" data-testid="lab-cpl">
            <h4>{move || t(lang.get(), LabWord::BCplTrapCheaper)}</h4>
            <p class="source">{move || t(lang.get(), LabWord::PostSectionWeWill)}</p>
            <div class="assumptions">
                <Assumption label=LabWord::AdvertisingBudgetMonth value=spend set=set_spend testid="lab-spend" />
            </div>
            <p class="hint">{move || t(lang.get(), LabWord::SourcesOurAssumptionCheaper)}</p>
            <p class="hint" data-testid="lab-cpl-kind">{move || t(lang.get(), LabWord::ThisIllustratesOurAssumption)}</p>
            <div class="charts">
                {lab_chart(lang, lab, |l, en| l.cpl.as_ref().map(|c| cpl_chart(c, en)), "chart-cpl")}
                {lab_chart(lang, lab, |l, en| l.cpl.as_ref().map(|c| cpl_plan_chart(c, en)), "chart-cpl-plan")}
            </div>
            <p class="finding" data-testid="lab-cpl-finding">{move || lab.with(|l| l.cpl.as_ref().map(|c| cpl_finding(c, lang.get() == Lang::En)))}</p>
            <table class="lab-table" data-testid="lab-cpl-table">
                <thead><tr><th>"CPL"</th><th>{move || t(lang.get(), LabWord::LeadsDay)}</th>
                    <th>{move || t(lang.get(), LabWord::LeadClient)}</th><th>"CAC"</th><th>"P(plan)"</th></tr></thead>
                <tbody>{move || lab.with(|l| l.cpl.as_ref().map(|c| c.iter().map(|p| view! {
                    <tr>
                        <td class="num">{n().grouped(p.source.cpl)}</td>
                        <td class="num">{n().decimal(p.leads_per_day, 2)}</td>
                        <td class="num">{n().percent(p.conversion)}</td>
                        <td class="num">{n().grouped(p.cac)}</td>
                        <td class="num">{n().percent(p.p_plan)}" ± "{n().percent(p.p_plan_se)}</td>
                    </tr>
                }).collect_view()))}</tbody>
            </table>
        </section>

        <section class="experiment" data-testid="lab-romi">
            <h4>{move || t(lang.get(), LabWord::CRomiAgainstMargin)}</h4>
            <p class="source">{move || t(lang.get(), LabWord::PostSectionRomiYour)}</p>
            <div class="assumptions">
                <Assumption label=LabWord::AdvertisingBudgetMonth value=romi_spend set=set_romi_spend testid="lab-romi-spend" />
                <Assumption label=LabWord::MarginPostSExample value=margin set=set_margin scale=100.0 testid="lab-margin" />
            </div>
            <p class="hint" data-testid="lab-romi-kind">{move || t(lang.get(), LabWord::ThisIllustratesAssumptionsDoes)}</p>
            {lab_chart(lang, lab, |l, en| l.romi.as_ref().map(|c| romi_chart(c, en)), "chart-romi")}
            <p class="finding" data-testid="lab-romi-finding">{move || lab.with(|l| l.romi.as_ref().map(|c| romi_finding(c, lang.get() == Lang::En)))}</p>
        </section>

        <section class="experiment" data-testid="lab-coverage">
            <h4>{move || t(lang.get(), LabWord::DKeep3Plan)}</h4>
            <p class="source">{move || t(lang.get(), LabWord::ThreePlansPipelineRule)}</p>
            {lab_chart(lang, lab, |l, en| l.coverage.as_ref().map(|c| coverage_chart(c, en)), "chart-coverage")}
            <p class="finding" data-testid="lab-coverage-finding">{move || lab.with(|l| l.coverage.as_ref().map(|c| coverage_finding(c, lang.get() == Lang::En)))}</p>
            <table class="lab-table" data-testid="lab-coverage-table">
                <thead><tr><th>{move || t(lang.get(), LabWord::Funnel)}</th>
                    <th>{move || t(lang.get(), LabWord::OpenPipeline)}</th>
                    <th>{move || t(lang.get(), LabWord::CoverageNow)}</th>
                    <th>"P(plan)"</th><th>{move || t(lang.get(), LabWord::P3)}</th>
                    <th>{move || t(lang.get(), LabWord::Needed80)}</th></tr></thead>
                <tbody>{move || lab.with(|l| l.coverage.as_ref().map(|c| c.iter().map(|r| view! {
                    <tr data-preset=r.preset.clone() data-need=r.coverage_for_80.to_string()>
                        <td>{r.name_in(lang.get()).to_owned()}</td>
                        <td class="num">{n().grouped(r.pipeline)}</td>
                        <td class="num">{n().times(r.coverage, 2)}</td>
                        <td class="num">{n().percent(r.p_plan)}</td>
                        <td class="num">{n().percent(r.p_at_3x)}</td>
                        <td class="num">{n().times(r.coverage_for_80, 2)}</td>
                    </tr>
                }).collect_view()))}</tbody>
            </table>
        </section>
    }
}
