// Kills a gateway instance with SIGKILL at evenly spaced points of the run's progress, keeps it down
// for a moment and starts it again on the same port and database.
import { sleep } from './http.ts';
import type { GatewayFleet } from './processes.ts';
import type { Rng } from './random.ts';

export interface KillerOptions {
  fleet: GatewayFleet;
  kills: number;
  /** 0..1: how far the run is (posting and delivery together). */
  progress: () => number;
  /** Kills wait for this too (e.g. "posting is done"). */
  allowed: () => boolean;
  /** The part of the progress the kills are spread over. */
  window: [from: number, to: number];
  /** Give up waiting for the next kill point after this long without progress. */
  idleTimeoutMs: number;
  rng: Rng;
  log: (line: string) => void;
}

export interface KillReport {
  kills: number;
  /** How long each restart took until the gateway answered again, in ms. */
  restartMs: number[];
}

export async function runKiller(o: KillerOptions): Promise<KillReport> {
  const report: KillReport = { kills: 0, restartMs: [] };
  const [from, to] = o.window;
  for (let i = 1; i <= o.kills; i++) {
    const at = from + ((to - from) * i) / (o.kills + 1);
    let last = o.progress();
    let idleSince = Date.now();
    while (o.progress() < at || !o.allowed()) {
      if (o.progress() > last) {
        last = o.progress();
        idleSince = Date.now();
      }
      if (Date.now() - idleSince > o.idleTimeoutMs) {
        o.log(`kill ${i}: no progress for ${o.idleTimeoutMs} ms at ${(last * 100).toFixed(0)} %, giving up the remaining kills`);
        return report;
      }
      await sleep(50);
    }
    const running = o.fleet.instances.filter((g) => g.running);
    const victim = o.rng.pick(running);
    const pid = victim.pid;
    await victim.kill();
    report.kills++;
    const downMs = o.rng.int(100, 1_500);
    o.log(`kill ${i}: SIGKILL ${victim.name} (pid ${pid}) at ${(o.progress() * 100).toFixed(0)} % progress, down for ${downMs} ms`);
    await sleep(downMs);
    const started = Date.now();
    await victim.start();
    report.restartMs.push(Date.now() - started);
  }
  return report;
}
