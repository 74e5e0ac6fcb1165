// The README's tour pictures, taken from the release build in dist/ (not a test: run it by hand
// after `trunk build --release --offline=true`, from tests/browser: `node tour.mjs`). Writes
// docs/img/{simulator,lesson-projector,calibrate,metrics}.png in English.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { base, here, open, startBrowser, stopBrowser } from './harness.mjs';

const out = join(here, '..', '..', 'docs', 'img');
mkdirSync(out, { recursive: true });
const english = () => localStorage.setItem('funnel-lab.lang', 'en');

await startBrowser();
try {
  const sim = await open({ width: 1280, height: 900 }, { init: english });
  await sim.screenshot({ path: join(out, 'simulator.png'), scale: 'css' });

  const lesson = await open({ width: 1920, height: 1080 }, { init: english });
  await lesson.goto(base + '#/lesson/no-reverse');
  await lesson.getByTestId('lesson-reveal').waitFor();
  for (const [i, g] of ['60', '40', '65'].entries()) await lesson.getByTestId('lesson-guess').nth(i).fill(g);
  await lesson.getByTestId('lesson-reveal').click();
  await lesson.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  await lesson.getByTestId('presenter').click();
  await lesson.waitForTimeout(400);
  await lesson.screenshot({ path: join(out, 'lesson-projector.png'), scale: 'css' });

  const cal = await open({ width: 1280, height: 900 }, { init: english });
  await cal.goto(base + '#/calibrate');
  await cal.getByTestId('calibrate-file').setInputFiles(join(here, '..', '..', 'assets', 'samples', 'generic.csv'));
  await cal.getByTestId('calibrate-plan').waitFor({ timeout: 60_000 });
  await cal.screenshot({ path: join(out, 'calibrate.png'), scale: 'css' });

  const lab = await open({ width: 1280, height: 900 }, { init: english });
  await lab.goto(base + '#/metrics');
  await lab.waitForFunction(() => !document.querySelector('[data-testid=lab-status]')?.textContent, null, { timeout: 60_000 });
  await lab.waitForTimeout(300);
  await lab.screenshot({ path: join(out, 'metrics.png'), scale: 'css' });
} finally {
  await stopBrowser();
}
