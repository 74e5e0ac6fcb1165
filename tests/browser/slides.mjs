// Presenter mode's slides, shared by the browser tests that step through a lesson on a
// projector (room-projector.test.mjs, slides-fit.test.mjs): which step is on screen, a key that
// steps, whether a step fits the window, and a tour of every step of the open lesson.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts } from './harness.mjs';

/** The step on screen (`claim`, `question`, `spread`, `reveal`, `details`). */
export const slideOf = (page) => page.getAttribute('[data-testid=lesson]', 'data-slide');

/** Presses `k`; with `want`, waits until that step is on screen. */
export async function key(page, k, want) {
  await page.keyboard.press(k);
  if (want) await page.waitForFunction((w) => document.querySelector('[data-testid=lesson]')?.dataset.slide === w, want);
}

/**
 * The step on screen fits the window: nothing to scroll, the lesson's box inside the window,
 * every visible element of the step inside it too, and the step is not empty. Returns the
 * step's name.
 */
export async function fits(page, label) {
  const m = await page.evaluate(() => {
    const lesson = document.querySelector('[data-testid=lesson]');
    const slide = lesson.dataset.slide;
    const step = lesson.querySelector(`.s-${slide}`);
    let lowest = 0, rightmost = 0, visible = 0;
    for (const el of step ? step.querySelectorAll('*') : []) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        visible++;
        lowest = Math.max(lowest, r.bottom);
        rightmost = Math.max(rightmost, r.right);
      }
    }
    return {
      slide, visible, lowest: Math.round(lowest), rightmost: Math.round(rightmost),
      scroll: document.documentElement.scrollHeight, inner: window.innerHeight,
      wide: document.documentElement.scrollWidth, width: window.innerWidth,
      bottom: Math.round(lesson.getBoundingClientRect().bottom),
      overflow: getComputedStyle(document.documentElement).overflowY + '/' + getComputedStyle(document.body).overflowY,
    };
  });
  const msg = `${label}: ${JSON.stringify(m)}`;
  assert.ok(m.visible > 0, `the step shows something: ${msg}`);
  assert.ok(m.scroll <= m.inner && m.wide <= m.width, `no scrolling: ${msg}`);
  assert.ok(m.bottom <= m.inner && m.lowest <= m.inner && m.rightmost <= m.width, `inside the window: ${msg}`);
  assert.ok(!/hidden|clip/.test(m.overflow), `nothing clipped away: ${msg}`);
  return m.slide;
}

/**
 * Every step of the open lesson, first to last, fits `size` in the page's language (the steps
 * that do not are reported together, after the last). With
 * `shots`, a screenshot of each step is saved as artifacts/`shots`-WIDTH-STEP.png; a step that
 * does not fit is saved as artifacts/unfit-`tag`-WIDTH-STEP.png whatever `shots` says. Returns
 * the steps seen (`details-0`, `details-1`… for the details steps), which are all the lesson's
 * steps (its `data-steps`).
 */
export async function tour(page, size, { tag = '', shots } = {}) {
  await page.setViewportSize(size);
  await page.waitForTimeout(300); // the charts redraw for the size
  while ((await slideOf(page)) !== 'claim') await key(page, 'PageUp');
  const seen = [];
  const unfit = [];
  for (;;) {
    const s = await slideOf(page);
    const detail = await page.getAttribute('[data-testid=lesson]', 'data-detail');
    const name = s + (detail ? `-${detail}` : '');
    const where = `${size.width}-${name}`;
    if (shots) await page.screenshot({ path: join(artifacts, `${shots}-${where}.png`) });
    try {
      await fits(page, `${tag} ${size.width}x${size.height} ${name}`);
    } catch (e) {
      // Every step is looked at; those that do not fit are reported together at the end.
      await page.screenshot({ path: join(artifacts, `unfit-${tag.replace(/\W+/g, '-')}-${where}.png`) });
      unfit.push(e.message);
    }
    seen.push(name);
    const [step, steps] = await page.evaluate(() => {
      const l = document.querySelector('[data-testid=lesson]');
      return [Number(l.dataset.step), Number(l.dataset.steps)];
    });
    if (step === steps - 1) {
      assert.deepEqual(unfit, [], `${tag} ${size.width}x${size.height}: steps that do not fit`);
      assert.equal(seen.length, steps, `${tag}: every step of the lesson toured: ${seen}`);
      break;
    }
    const before = String(step);
    await page.keyboard.press('PageDown');
    await page.waitForFunction((b) => document.querySelector('[data-testid=lesson]').dataset.step !== b, before);
    await page.waitForTimeout(400);
  }
  return seen;
}
