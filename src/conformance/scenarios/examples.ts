// Every contract example (and every warnings/ file) is accepted, delivered, and reaches the mock DMS
// once, acknowledged; a warnings/ file comes back with its warning.
import { adapt, listFiles, readText } from '../contract-events.ts';
import { DELIVERED, FINAL } from '../kit.ts';
import { check, type ScenarioSource } from '../scenario.ts';

export const exampleScenarios: ScenarioSource = (run) =>
  (['examples', 'warnings'] as const).flatMap((folder) =>
    listFiles(new URL(`${folder}/`, run.contractDir)).map((file) => ({
      group: folder === 'examples' ? 'examples are accepted and delivered' : 'warnings are accepted with their warning',
      name: `${folder}/${file}`,
      async run(kit) {
        const posted = await kit.postEvent(adapt(run, readText(new URL(`${folder}/`, run.contractDir), file)));
        check(posted.status === 202 || posted.status === 200, `expected 202 Accepted, got ${posted.status} ${String(posted.json.code ?? '')}`);
        if (folder === 'warnings') {
          const code = file.split('.')[0];
          const warnings = (posted.json.warnings as Array<{ code: string }> | undefined) ?? [];
          check(warnings.some((w) => w.code === code), `expected the warning ${code}, got ${JSON.stringify(warnings.map((w) => w.code))}`);
        }
        const view = await kit.waitFor(String(posted.json.id), FINAL);
        check(DELIVERED.includes(view.status), `expected delivered, the event is ${view.status}${view.rejection ? ` (${view.rejection.code})` : ''}`);
        const atMock = await kit.mockMessages(view.delivery.messageId);
        check(atMock.some((m) => m.verdict === 'accepted'), `the mock DMS holds no acknowledged message ${view.delivery.messageId}`);
        return { passed: true, why: `202, delivered with receipt ${view.receipt?.number}, acknowledged by the mock DMS` };
      },
    })),
  );
