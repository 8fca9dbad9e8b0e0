// The facts every rule reads: which kind of event it is, whether the person acts (or a ground such
// as a court decision does), and the person's age on the day of the act.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RegistrationEvent } from './event.ts';
import { eventFacts } from './event-facts.ts';

const example = (name: string): RegistrationEvent =>
  JSON.parse(readFileSync(new URL(`../../contracts/events/v1/examples/${name}.json`, import.meta.url), 'utf8')) as RegistrationEvent;
const ctx = { today: '2026-11-30', feeMismatch: 'warn' } as const;

describe('eventFacts', () => {
  it.each([
    ['residence-registered.citizen-id-card', false],
    ['residence-declared.online', false],
    ['residence-moved.from-kyiv-passport-booklet', false],
    ['stay-registered.asylum-applicant', false],
    ['residence-deregistered.application', true],
    ['stay-deregistered.application', true],
  ])('%s: deregistration %s', (name, deregistration) => {
    const facts = eventFacts(example(name), ctx);
    expect(facts.isDeregistration).toBe(deregistration);
    expect(facts.isRegistration).toBe(!deregistration);
  });

  it('has the person act on an application or emigration, not on a court decision or a death', () => {
    expect(eventFacts(example('residence-deregistered.application'), ctx).personApplies).toBe(true);
    expect(eventFacts(example('residence-deregistered.emigration'), ctx).personApplies).toBe(true);
    expect(eventFacts(example('residence-deregistered.court-decision'), ctx).personApplies).toBe(false);
    expect(eventFacts(example('residence-deregistered.death-certificate'), ctx).personApplies).toBe(false);
    expect(eventFacts(example('residence-registered.citizen-id-card'), ctx).personApplies).toBe(true);
  });

  it('counts the age in full years on the Kyiv date of the act, and marks a birth date after it unusable', () => {
    const event = example('residence-registered.citizen-id-card');
    const on = (birthDate: string, occurredAt: string) => eventFacts({ ...event, occurredAt, person: { ...event.person, birthDate } }, ctx);
    // 22:30 UTC on 30 November is already 1 December in Kyiv: the birthday.
    expect(on('2000-12-01', '2026-11-30T22:30:00Z')).toMatchObject({ eventDate: '2026-12-01', birthDateUsable: true, age: 26 });
    expect(on('2000-12-01', '2026-11-30T12:00:00Z')).toMatchObject({ eventDate: '2026-11-30', birthDateUsable: true, age: 25 });
    // Against the day of the act, not the day of receipt (30 November): born after a November act.
    expect(on('2026-11-25', '2026-11-20T12:00:00Z')).toMatchObject({ eventDate: '2026-11-20', birthDateUsable: false });
    expect(on('2026-11-20', '2026-11-20T12:00:00Z')).toMatchObject({ birthDateUsable: true, age: 0 });
  });
});
