// A scenario saved by the schema 1 page is upgraded when the page loads, and the page says so
// until the user dismisses it; nothing is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser, stopBrowser, open, shot, waitIdle, here } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

test('a saved schema 1 scenario is upgraded, and the page says what changed', async () => {
  const page = await open();
  const v1 = JSON.parse(readFileSync(join(here, '..', '..', 'assets', 'scenarios', 'default.json'), 'utf8'));
  v1.schema = 1;
  for (const s of v1.stages) { delete s.task; delete s.task_en; }
  v1.levers = { reverse_per_day: 0.1 };
  await page.evaluate((t) => localStorage.setItem('funnel-lab.scenario', t), JSON.stringify(v1));
  await page.reload();
  const notice = page.getByTestId('upgrade-notice');
  await notice.waitFor({ timeout: 30_000 });
  const text = await notice.innerText();
  assert.match(text, /схеме 1/, text);
  assert.match(text, /доработкой 0\.1/, text);
  assert.equal(await page.getByTestId('record-reverse').isChecked(), true, 'the record moves back, as v1 did');
  await page.waitForSelector('[data-testid=p-plan]');
  await waitIdle(page);
  await shot(page, 'upgrade-notice');
  await notice.getByRole('button').click();
  assert.equal(await page.getByTestId('upgrade-notice').count(), 0, 'dismissed');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
