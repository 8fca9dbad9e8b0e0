// Every invalid/ file is refused with the code its name starts with, as problem+json, with a pointer.
// Fee codes refuse only on a gateway run with FEE_MISMATCH=reject; otherwise they come back as a
// warning of the accepted event, which passes too. Where RULES.md gives the pointer, it must match.
import { RULE_CODES } from '../../domain/codes.ts';
import { adapt, listFiles, readTextOrBytes } from '../contract-events.ts';
import { documentedPointers, pointerMatches } from '../documented-pointers.ts';
import { FINAL } from '../kit.ts';
import { check, type ScenarioSource } from '../scenario.ts';

const isFee = (code: string) => (RULE_CODES as Record<string, string>)[code] === 'fee';

export const invalidScenarios: ScenarioSource = (run) => {
  const pointers = documentedPointers(run.contractDir);
  return listFiles(new URL('invalid/', run.contractDir)).map((file) => ({
    group: 'invalid events are refused with their code',
    name: `invalid/${file}`,
    async run(kit) {
      const code = file.split('.')[0] as string;
      const content = readTextOrBytes(new URL(file, new URL('invalid/', run.contractDir)));
      const answer = await kit.postEvent(typeof content === 'string' ? adapt(run, content) : content);
      if (isFee(code) && answer.status === 202) {
        const warnings = (answer.json.warnings as Array<{ code: string }> | undefined) ?? [];
        check(warnings.some((w) => w.code === code), `accepted without the warning ${code}`);
        await kit.waitFor(String(answer.json.id), FINAL); // delivered before the fault scenarios script the mock
        return { passed: true, why: `accepted with the warning ${code} (the gateway warns on fees: FEE_MISMATCH=warn)` };
      }
      check(answer.status >= 400 && answer.status < 500, `expected a 4xx refusal, got ${answer.status}`);
      check((answer.headers.get('content-type') ?? '').includes('application/problem+json'), 'the refusal is not application/problem+json');
      const issues = [{ code: answer.json.code, pointer: answer.json.pointer }, ...((answer.json.errors as Array<{ code: string; pointer: string }> | undefined) ?? [])];
      const mine = issues.find((i) => i.code === code);
      check(mine, `expected ${code}, got ${issues.map((i) => String(i.code)).join(', ')}`);
      check(typeof mine.pointer === 'string', `${code} came without a JSON pointer`);
      const documented = pointers.get(code);
      if (documented) check(pointerMatches(documented, mine.pointer), `${code} at ${mine.pointer}, RULES.md documents ${documented}`);
      return { passed: true, why: `${answer.status} ${code} at ${mine.pointer === '' ? '(the body)' : mine.pointer}${documented ? ' (as RULES.md documents)' : ''}` };
    },
  }));
};
