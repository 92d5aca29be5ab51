/**
 * Which kind of hit a request is (matomo-compat §1.4). Matomo instantiates every action class whose
 * `shouldHandle()` is true and keeps the highest priority one: download > outlink > event > content >
 * site search > pageview. Goal and ecommerce requests record a conversion instead of an action, and a
 * ping records neither, so those win over the action kinds.
 */
import type { ActionType } from '../hit.js';

export interface ActionSignals {
  readonly ping: boolean;
  /** `ca=1`: the request is a custom action, never a page view. */
  readonly customAction: boolean;
  readonly download: boolean;
  readonly link: boolean;
  /** e_c and e_a both non-empty after trimming. */
  readonly event: boolean;
  /** c_n non-empty. */
  readonly contentName: boolean;
  /** c_i non-empty. */
  readonly contentInteraction: boolean;
  readonly search: boolean;
  /** idgoal as an integer, when sent and valid. */
  readonly goalId: number | undefined;
  readonly orderId: boolean;
}

export interface ResolvedAction {
  readonly actionType: ActionType;
  /**
   * `ca=1` and nothing claims the request. Matomo throws and stores nothing; we mark the hit so the
   * pipeline drops it with the reason 'invalid-action'.
   */
  readonly invalid: boolean;
}

/** The action kind claimed by the request's own action parameters, in Matomo's priority order. */
function claimedAction(s: ActionSignals): ActionType | undefined {
  if (s.download) return 'download';
  if (s.link) return 'outlink';
  if (s.event) return 'event';
  if (s.contentName) return s.contentInteraction ? 'content_interaction' : 'content_impression';
  if (s.search) return 'site_search';
  return undefined;
}

export function resolveActionType(s: ActionSignals): ResolvedAction {
  const claimed = claimedAction(s);
  const conversion: ActionType | undefined =
    s.goalId === undefined || s.goalId < 0 ? undefined : s.goalId > 0 ? 'goal' : s.orderId ? 'ecommerce_order' : 'ecommerce_cart';
  // ca=1 with nothing to claim it: Matomo's Action::factory throws, also for ping=1&ca=1.
  const invalid = s.customAction && claimed === undefined && conversion === undefined;
  if (s.ping) return { actionType: 'ping', invalid };
  if (conversion !== undefined) return { actionType: conversion, invalid };
  return { actionType: claimed ?? 'pageview', invalid };
}
