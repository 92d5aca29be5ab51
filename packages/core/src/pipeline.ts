import type { Drop, DropReason } from './drop.js';
import type { Hit, TrackingRequest } from './hit.js';
import type { SiteConfig } from './site.js';

/**
 * The tracking pipeline is an ordered list of small named steps. Each step reads the hit and its
 * context, may change the hit, and either lets it through (returns nothing) or drops it with a reason.
 * Steps do no I/O: what they need (the clock, salts, site settings) comes through the context, so every
 * step is testable alone with a table of cases.
 */
export interface PipelineContext {
  readonly site: SiteConfig;
  readonly request: TrackingRequest;
  /** Server time for this hit, ms since epoch. */
  readonly now: number;
  /**
   * Daily random salts for the cookieless visitor hash of this site: today's (site-local day) and
   * yesterday's if it still exists. Salts are loaded by the server before the pipeline runs.
   */
  readonly salts: { readonly current: string; readonly previous?: string };
  /** Ignore-cookie names honoured for opt-out (default matomo_ignore, piwik_ignore). */
  readonly ignoreCookieNames: readonly string[];
}

export interface Step {
  /** Stable name used in logs and metrics, e.g. "dropBots". */
  readonly name: string;
  run(hit: Hit, ctx: PipelineContext): Drop | undefined;
}

export type PipelineResult =
  | { readonly ok: true; readonly hit: Hit }
  | { readonly ok: false; readonly drop: DropReason; readonly step: string; readonly detail?: string };

/** Runs the steps in order; the first drop wins. */
export function runPipeline(steps: readonly Step[], hit: Hit, ctx: PipelineContext): PipelineResult {
  for (const step of steps) {
    const outcome = step.run(hit, ctx);
    if (outcome !== undefined) {
      return outcome.detail === undefined
        ? { ok: false, drop: outcome.drop, step: step.name }
        : { ok: false, drop: outcome.drop, step: step.name, detail: outcome.detail };
    }
  }
  return { ok: true, hit };
}
