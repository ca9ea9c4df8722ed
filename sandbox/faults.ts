// Decides which injected fault, if any, fires for a request. Counting and the PRNG are
// deterministic, so a run with `rate` faults is repeatable for the same seed.
import { mulberry32, type Rng } from './data';
import type { Fault, FaultAction } from './types';

interface Entry {
  fault: Fault;
  seen: number;
  fired: number;
}

const DEFAULT_FAULT_PATH = '/agent/sessions';

const KINDS = new Set([
  'drop',
  'dropMidBody',
  'hang',
  'nonJson',
  'html',
  'empty',
  'truncated',
  'oversize',
  'delay',
  'headers',
  'createThenDrop',
  'createThenHang',
  'createNoBody',
  'createHidden',
  'createThenStatus',
]);

/** Checks a fault that came from outside (the control endpoint); returns an error or undefined. */
export function validateFault(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'fault must be an object';
  const f = value as Partial<Fault>;
  if (f.method !== undefined && f.method !== 'GET' && f.method !== 'POST') return 'method must be GET or POST';
  if (f.nth !== undefined && (!Number.isInteger(f.nth) || f.nth < 1)) return 'nth must be an integer >= 1';
  if (f.rate !== undefined && (typeof f.rate !== 'number' || f.rate < 0 || f.rate > 1)) return 'rate must be in 0..1';
  if (f.times !== undefined && (!Number.isInteger(f.times) || f.times < 0)) return 'times must be an integer >= 0';
  if (f.path !== undefined && typeof f.path !== 'string') return 'path must be a string';
  const then = f.then as Record<string, unknown> | undefined;
  if (typeof then !== 'object' || then === null) return 'then must be an object';
  if ('kind' in then) {
    if (typeof then.kind !== 'string' || !KINDS.has(then.kind)) return 'unknown fault kind';
    if (then.kind === 'delay' && typeof then.ms !== 'number') return 'delay needs ms';
    if (then.kind === 'headers' && (typeof then.headers !== 'object' || then.headers === null)) return 'headers needs an object of headers';
    if (then.kind === 'createThenStatus' && !(Number.isInteger(then.status) && (then.status as number) >= 100 && (then.status as number) <= 599)) {
      return 'createThenStatus needs an HTTP status';
    }
  } else if (!Number.isInteger(then.status) || (then.status as number) < 100 || (then.status as number) > 599) {
    return 'then needs a kind or an HTTP status';
  }
  return undefined;
}

/** A short label for recorded requests, e.g. 'drop' or 'status 503'. */
export function faultLabel(action: FaultAction): string {
  return 'kind' in action ? action.kind : `status ${action.status}`;
}

export class FaultRegistry {
  private entries: Entry[] = [];
  private rng: Rng;

  constructor(private readonly seed: number) {
    this.rng = mulberry32(seed ^ 0x5eed_fa17);
  }

  add(fault: Fault): void {
    this.entries.push({ fault, seen: 0, fired: 0 });
  }

  clear(): void {
    this.entries = [];
  }

  /** Resets the PRNG too, so a reset sandbox fires `rate` faults in the same pattern again. */
  reset(): void {
    this.clear();
    this.rng = mulberry32(this.seed ^ 0x5eed_fa17);
  }

  /**
   * Counts the request against every fault that matches it and returns the action of the first
   * one that fires (faults fire in the order they were added).
   */
  take(method: string, path: string): FaultAction | undefined {
    let chosen: FaultAction | undefined;
    for (const e of this.entries) {
      const { fault } = e;
      if (fault.method !== undefined && fault.method !== method) continue;
      const wantPath = fault.path ?? DEFAULT_FAULT_PATH;
      if (wantPath !== '*' && wantPath !== path) continue;
      e.seen++;
      if (chosen || !this.fires(e)) continue;
      e.fired++;
      chosen = fault.then;
    }
    return chosen;
  }

  private fires(e: Entry): boolean {
    const { fault } = e;
    if (fault.nth !== undefined) {
      return e.seen >= fault.nth && e.fired < (fault.times ?? 1);
    }
    if (fault.times !== undefined && e.fired >= fault.times) return false;
    if (fault.rate !== undefined) return this.rng() < fault.rate;
    return true;
  }
}
