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
use crate::words::format::{grouped, percent};

/// An assumption the user may change: a labelled number field. `scale` is what the field
/// shows per unit (100 for a share in percent).
#[component]
fn Assumption(
    ru: &'static str,
    en: &'static str,
    value: Signal<f64>,
    set: Callback<f64>,
    #[prop(default = 1.0)] scale: f64,
    testid: &'static str,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    view! {
        <label class="field">
            <span class="label">{move || t(lang.get(), ru, en)}</span>
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
    let sep = move || lang.get().thousands();
    view! {
        <h3>{move || t(lang.get(), "Проверка критики симуляцией", "The critique, tested by simulation")}</h3>
        <p class="hint">{move || t(lang.get(),
            "Числа в полях — наши допущения, а не поста; поменяйте их и пересчитайте. Все прогоны с фиксированным зерном.",
            "The numbers in the fields are our assumptions, not the post's; change them and recompute. Every run has a fixed seed.")}</p>
        <div class="buttons">
            <button class="run" data-testid="lab-run" on:click=move |_| run()>{move || t(lang.get(), "Пересчитать", "Recompute")}</button>
            <span role="status" data-testid="lab-status">{move || waiting().then(|| t(lang.get(), "Считаю…", "Computing…"))}</span>
        </div>
        <JobProgress bar=bar lang=lang testid="lab-job" />
        {move || state.tools.lab_failure.get().map(|m| view! { <p class="error" role="alert" data-testid="lab-error">{crate::ui::errors::job_error_text(lang.get(), &m)}</p> })}

        <section class="experiment" data-testid="lab-cohort">
            <h4>{move || t(lang.get(), "а) LTV = ARPU / отток в растущей и сокращающейся базе", "a) LTV = ARPU / churn in a growing and a shrinking base")}</h4>
            <p class="source">{move || t(lang.get(),
                "Пост: формула LTV = ARPU × (1 / отток) с оттоком от клиентов на начало периода даёт «мусорный» показатель, когда база растёт или падает, и даже согласованная по периодам — грубая аппроксимация с погрешностью 30–80%.",
                "The post: LTV = ARPU × (1 / churn), with churn taken against the clients at the start, turns into a meaningless figure when the base grows or shrinks, and even with matched periods it is a rough approximation with a 30–80% error.")}</p>
            <div class="assumptions">
                <Assumption ru="ARPU, ₽ в месяц (пример поста)" en="ARPU, per month (the post's example)" value=arpu set=set_arpu testid="lab-arpu" />
                <Assumption ru="Уходит за месяц, %" en="Leave within a month, %" value=churn set=set_churn scale=100.0 testid="lab-churn" />
                <Assumption ru="Клиентов в начале" en="Clients at the start" value=clients set=set_clients testid="lab-clients" />
            </div>
            {lab_chart(lang, lab, |l, en| l.cohort.as_ref().map(|c| cohort_chart(c, en)), "chart-cohort")}
            <p class="finding" data-testid="lab-cohort-finding">{move || lab.with(|l| l.cohort.as_ref().map(|c| cohort_finding(c, lang.get() == Lang::En)))}</p>
            <table class="lab-table" data-testid="lab-cohort-table">
                <thead><tr>
                    <th>{move || t(lang.get(), "Рост в месяц", "Growth a month")}</th>
                    <th>{move || t(lang.get(), "Формула", "Formula")}</th>
                    <th>{move || t(lang.get(), "Когорта на деле", "Cohort, realised")}</th>
                    <th>{move || t(lang.get(), "Ошибка против истинной LTV: медиана (10–90%)", "Error against the true LTV: median (10–90%)")}</th>
                    <th>{move || t(lang.get(), "Шум одной когорты (10–90%)", "One cohort's noise (10–90%)")}</th>
                    <th>{move || t(lang.get(), "В большой базе", "In a large base")}</th>
                </tr></thead>
                <tbody>{move || lab.with(|l| l.cohort.as_ref().map(|c| c.points.iter().map(|p| view! {
                    <tr data-growth=p.growth.to_string()>
                        <td class="num">{format!("{:+.0}%", p.growth * 100.0)}</td>
                        <td class="num">{grouped(p.formula.mean, sep())}</td>
                        <td class="num">{grouped(p.realised.mean, sep())}</td>
                        <td class="num">{format!("{:+.0}% ({:+.0}…{:+.0}%)", p.error.p50 * 100.0, p.error.p10 * 100.0, p.error.p90 * 100.0)}</td>
                        <td class="num">{format!("{:+.0}…{:+.0}%", p.cohort_noise.p10 * 100.0, p.cohort_noise.p90 * 100.0)}</td>
                        <td class="num">{format!("{:+.1}%", p.large_base_bias * 100.0)}</td>
                    </tr>
                }).collect_view()))}</tbody>
            </table>
        </section>

        <section class="experiment" data-testid="lab-cpl">
            <h4>{move || t(lang.get(), "б) Ловушка CPL: лиды дешевле, клиенты дороже", "b) The CPL trap: cheaper leads, dearer clients")}</h4>
            <p class="source">{move || t(lang.get(),
                "Пост, раздел «Сократим ваш CAC с 500 до 300 рублей»: маркетолог отчитывается о падении стоимости лида и умалчивает о конверсии, а стоимость клиента растёт.",
                "The post, section «We will cut your CAC from 500 to 300 roubles»: the marketer reports a cheaper lead and keeps quiet about conversion, while the cost of a client rises.")}</p>
            <div class="assumptions">
                <Assumption ru="Рекламный бюджет месяца, ₽" en="Advertising budget of the month" value=spend set=set_spend testid="lab-spend" />
            </div>
            <p class="hint">{move || t(lang.get(),
                "Источники (наше допущение): чем дешевле лид, тем реже он проходит первый этап типичного B2B-месяца — 500 ₽ и 50%, 400 ₽ и 36%, 300 ₽ и 24%, 250 ₽ и 18%, 200 ₽ и 12%, 150 ₽ и 8%.",
                "Sources (our assumption): the cheaper the lead, the less often it passes the first stage of the typical B2B month — 500 and 50%, 400 and 36%, 300 and 24%, 250 and 18%, 200 and 12%, 150 and 8%.")}</p>
            <p class="hint" data-testid="lab-cpl-kind">{move || t(lang.get(),
                "Это иллюстрация нашего допущения, а не проверка критики: что дешёвые лиды слабее, задано нами, и рост стоимости клиента из него следует.",
                "This illustrates our assumption; it does not test the critique: that cheaper leads are weaker is set by us, and the dearer client follows from it.")}</p>
            <div class="charts">
                {lab_chart(lang, lab, |l, en| l.cpl.as_ref().map(|c| cpl_chart(c, en)), "chart-cpl")}
                {lab_chart(lang, lab, |l, en| l.cpl.as_ref().map(|c| cpl_plan_chart(c, en)), "chart-cpl-plan")}
            </div>
            <p class="finding" data-testid="lab-cpl-finding">{move || lab.with(|l| l.cpl.as_ref().map(|c| cpl_finding(c, lang.get() == Lang::En)))}</p>
            <table class="lab-table" data-testid="lab-cpl-table">
                <thead><tr><th>"CPL"</th><th>{move || t(lang.get(), "Лидов в день", "Leads a day")}</th>
                    <th>{move || t(lang.get(), "Конверсия в клиента", "Lead to client")}</th><th>"CAC"</th><th>"P(plan)"</th></tr></thead>
                <tbody>{move || lab.with(|l| l.cpl.as_ref().map(|c| c.iter().map(|p| view! {
                    <tr>
                        <td class="num">{grouped(p.source.cpl, sep())}</td>
                        <td class="num">{format!("{:.2}", p.leads_per_day)}</td>
                        <td class="num">{format!("{:.1}%", p.conversion * 100.0)}</td>
                        <td class="num">{grouped(p.cac, sep())}</td>
                        <td class="num">{percent(p.p_plan)}" ± "{percent(p.p_plan_se)}</td>
                    </tr>
                }).collect_view()))}</tbody>
            </table>
        </section>

        <section class="experiment" data-testid="lab-romi">
            <h4>{move || t(lang.get(), "в) ROMI против маржи и возвратов", "c) ROMI against margin and returns")}</h4>
            <p class="source">{move || t(lang.get(),
                "Пост, раздел о ROMI: «ваш ROMI — 200%», но маржа 10%, а возвраты 30%; считать надо маржинальный ROI — прибыль за вычетом всех расходов на бюджет.",
                "The post, section on ROMI: «your ROMI is 200%», but the margin is 10% and returns 30%; what to count is the marginal ROI — profit after all costs, over the budget.")}</p>
            <div class="assumptions">
                <Assumption ru="Рекламный бюджет месяца, ₽" en="Advertising budget of the month" value=romi_spend set=set_romi_spend testid="lab-romi-spend" />
                <Assumption ru="Маржа, % (пример поста: 10)" en="Margin, % (the post's example: 10)" value=margin set=set_margin scale=100.0 testid="lab-margin" />
            </div>
            <p class="hint" data-testid="lab-romi-kind">{move || t(lang.get(),
                "Это иллюстрация допущений, а не проверка критики: вся выручка типичного B2B-месяца приписана рекламному бюджету, как если бы без рекламы продаж не было; возвраты и маржа — наши числа.",
                "This illustrates assumptions; it does not test the critique: the whole revenue of the typical B2B month is attributed to the advertising budget, as if there were no sales without it; returns and margin are our numbers.")}</p>
            {lab_chart(lang, lab, |l, en| l.romi.as_ref().map(|c| romi_chart(c, en)), "chart-romi")}
            <p class="finding" data-testid="lab-romi-finding">{move || lab.with(|l| l.romi.as_ref().map(|c| romi_finding(c, lang.get() == Lang::En)))}</p>
        </section>

        <section class="experiment" data-testid="lab-coverage">
            <h4>{move || t(lang.get(), "г) «Держите в воронке 3× плана»", "d) \"Keep 3× the plan in the pipeline\"")}</h4>
            <p class="source">{move || t(lang.get(),
                "Правила «трёх планов в воронке» в постах нет — это ходовое правило CRM. Посты предлагают другое: сверять воронку с её собственной формой (обязанность 2). Здесь — какое покрытие нужно каждой из встроенных воронок для шанса 80%.",
                "The \"three plans in the pipeline\" rule is not in the posts — it is common CRM lore. The posts offer something else: check the funnel against its own shape (duty 2). Here: what coverage each built-in funnel needs for an 80% chance.")}</p>
            {lab_chart(lang, lab, |l, en| l.coverage.as_ref().map(|c| coverage_chart(c, en)), "chart-coverage")}
            <p class="finding" data-testid="lab-coverage-finding">{move || lab.with(|l| l.coverage.as_ref().map(|c| coverage_finding(c, lang.get() == Lang::En)))}</p>
            <table class="lab-table" data-testid="lab-coverage-table">
                <thead><tr><th>{move || t(lang.get(), "Воронка", "Funnel")}</th>
                    <th>{move || t(lang.get(), "Открытые сделки", "Open pipeline")}</th>
                    <th>{move || t(lang.get(), "Покрытие сейчас", "Coverage now")}</th>
                    <th>"P(plan)"</th><th>{move || t(lang.get(), "При 3×", "At 3×")}</th>
                    <th>{move || t(lang.get(), "Нужно для 80%", "Needed for 80%")}</th></tr></thead>
                <tbody>{move || lab.with(|l| l.coverage.as_ref().map(|c| c.iter().map(|r| view! {
                    <tr data-preset=r.preset.clone() data-need=r.coverage_for_80.to_string()>
                        <td>{if lang.get() == Lang::En { r.name_en.clone().unwrap_or(r.name.clone()) } else { r.name.clone() }}</td>
                        <td class="num">{grouped(r.pipeline, sep())}</td>
                        <td class="num">{format!("{:.2}×", r.coverage)}</td>
                        <td class="num">{percent(r.p_plan)}</td>
                        <td class="num">{percent(r.p_at_3x)}</td>
                        <td class="num">{format!("{:.2}×", r.coverage_for_80)}</td>
                    </tr>
                }).collect_view()))}</tbody>
            </table>
        </section>
    }
}
