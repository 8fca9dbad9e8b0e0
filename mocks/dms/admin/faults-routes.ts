// /__admin/faults: read, replace and clear the fault scenario (see faults/fault-config.ts).
import { Hono } from 'hono';
import { parseFaultConfig } from '../faults/parse-fault-config.ts';
import type { FaultPlan } from '../faults/fault-plan.ts';
import { badRequest } from './problem.ts';

export function faultsRoutes(faults: FaultPlan): Hono {
  return new Hono()
    .get('/', (c) => c.json(faults.view()))
    .put('/', async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw badRequest('INVALID_JSON', 'the request body is not JSON', 'тіло запиту не є JSON');
      }
      const parsed = parseFaultConfig(body);
      if (!parsed.ok) throw badRequest('FAULT_CONFIG_INVALID', 'the fault configuration is invalid', 'конфігурація збоїв неправильна', parsed.issues);
      faults.set(parsed.config);
      return c.json(faults.view());
    })
    .delete('/', (c) => {
      faults.clear();
      return c.json(faults.view());
    });
}
