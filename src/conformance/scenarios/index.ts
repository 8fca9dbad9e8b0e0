// The suite, in the order it runs. A new area (webhooks, sandbox, contract versions, final
// outcomes) is one file in this folder exporting a ScenarioSource, and one line here.
import type { ScenarioSource } from '../scenario.ts';
import { deliveryScenarios } from './delivery.ts';
import { exampleScenarios } from './examples.ts';
import { idempotencyScenarios } from './idempotency.ts';
import { invalidScenarios } from './invalid.ts';
import { noticeScenarios } from './notices.ts';
import { outcomeScenarios } from './outcomes.ts';
import { sandboxScenarios } from './sandbox.ts';
import { webhookScenarios } from './webhooks.ts';

export const SUITE: ScenarioSource[] = [
  exampleScenarios,
  invalidScenarios,
  idempotencyScenarios,
  deliveryScenarios,
  webhookScenarios,
  outcomeScenarios,
  noticeScenarios,
  sandboxScenarios,
];
