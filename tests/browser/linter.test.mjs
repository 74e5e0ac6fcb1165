// The funnel linter in the page: the default funnel gets no advice; a pocket stage, a task that is
// not an agreement and a funnel of three stages each get advice with the posts' item beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, open, shot, setField } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

test('advice appears beside a stage with its source, and funnel-wide advice under the legend', async () => {
  const page = await open();
  assert.equal(await page.locator('[data-testid=stage-advice] li').count(), 0, 'default funnel is quiet');
  assert.equal(await page.locator('[data-testid=funnel-advice] li').count(), 0);

  const row = page.getByTestId('stage-row').nth(1);
  await setField(row.locator('input.name'), 'Пока не нужно');
  const pocket = row.locator('[data-testid=stage-advice] li').first();
  await pocket.waitFor();
  assert.match(await pocket.textContent(), /карман/);
  assert.match(await pocket.locator('small.source').textContent(), /ошибка 1/);

  const third = page.getByTestId('stage-row').nth(2);
  await setField(third.locator('input.task'), 'Отправить КП');
  const task = third.locator('[data-testid=stage-advice] li').first();
  await task.waitFor();
  assert.match(await task.textContent(), /Договориться/);
  assert.match(await task.locator('small.source').textContent(), /обязанность 7/);

  for (let i = 0; i < 2; i++) {
    await page.getByTestId('stage-row').last().locator('button[title]').last().click();
  }
  const count = page.locator('[data-testid=funnel-advice] li').first();
  await count.waitFor();
  assert.match(await count.locator('small.source').textContent(), /требование 3/);
  // The result lists the same advice: the page's linter, not the run (which never lints).
  const listed = (await page.locator('[data-testid=stage-advice] li').count())
    + (await page.locator('[data-testid=funnel-advice] li').count());
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=result-advice] li').length === n, listed);
  assert.ok(listed >= 3, `three rules fire (${listed})`);
  assert.deepEqual(page.errors, []);
  await shot(page, 'linter');
  await page.context().close();
});
