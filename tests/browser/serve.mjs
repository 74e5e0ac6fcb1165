// `funnel-lab serve` for the room's browser tests: the binary is $FUNNEL_LAB_BIN, else
// target/release/funnel-lab, else target/test-opt/funnel-lab (built after `trunk build`, so
// that it embeds the app). It listens on a free loopback port with a temporary --data folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { here } from './harness.mjs';

const root = join(here, '..', '..');

/** The binary the room tests run, or undefined when none is built. */
export const bin = process.env.FUNNEL_LAB_BIN
  ?? [join(root, 'target/release/funnel-lab'), join(root, 'target/test-opt/funnel-lab')].find(existsSync);

/**
 * Starts `funnel-lab serve --addr 127.0.0.1:0` on a fresh data folder and resolves when it
 * prints its address: `{ base, stop }`, where `stop()` kills it and removes the folder.
 */
export function startServe(prefix = 'funnel-room-') {
  const data = mkdtempSync(join(tmpdir(), prefix));
  const server = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--data', data], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => {
    server.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error('no http://127.0.0.1:PORT line in 30 s')); }, 30_000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve({ base: `http://127.0.0.1:${m[1]}`, stop }); }
    });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`funnel-lab serve exited (${code})`)); });
  });
}
