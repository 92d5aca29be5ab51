import { SillageError } from '@sillage/core';
import type { ApiParams } from './params.js';

/** Typed reads of API parameters, failing with Matomo's messages. */
export function requireParam(params: ApiParams, name: string): string {
  const v = params.get(name);
  if (v === undefined || v === '') throw new SillageError('API_MISSING_PARAMETER', [name]);
  return v;
}

export function siteIdParam(params: ApiParams): number {
  const raw = requireParam(params, 'idSite');
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new SillageError('API_INVALID_PARAMETER', ['idSite', raw]);
  return id;
}

export function boolParam(params: ApiParams, name: string, fallback: boolean): boolean {
  const v = params.get(name);
  if (v === undefined || v === '') return fallback;
  return v === '1' || v.toLowerCase() === 'true';
}

/** Matomo list parameters arrive as `name[0]=…` arrays or as one comma-separated string. */
export function listParam(params: ApiParams, name: string): string[] {
  const arr = params.list(name);
  const single = params.get(name);
  const values = arr.length > 0 ? arr : single !== undefined ? single.split(',') : [];
  return values.map((v) => v.trim()).filter((v) => v !== '');
}
