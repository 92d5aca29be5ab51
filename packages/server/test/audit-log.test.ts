import { describe, expect, it } from 'vitest';
import { auditLogLine, auditRowCount } from '../src/privacy/audit-log.js';

describe('audit log lines', () => {
  it.each([
    ['gdpr.erased', { visits: 1, rows: 2, remainingRows: 0 }, 2],
    ['gdpr.anonymized', { siteIds: [1], rows: 0 }, 0],
    ['retention.purged', { idSite: 1, cutoff: '2024-01-01', deletedRows: 40 }, 40],
    ['salts.destroyed', { count: 3, lifetimeHours: 48 }, 3],
    ['privacy.changed', { idSite: 1, changes: [] }, null],
    ['login', { rows: 'not a number' }, null],
  ] as const)('%s → %s rows', (_action, details, rows) => {
    expect(auditRowCount(details)).toBe(rows);
  });

  it('names the site when the entry has one, and keeps the details', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(auditLogLine({ id: 7, at, actor: 'root', action: 'retention.purged', details: { idSite: 3, deletedRows: 5 } })).toEqual({
      id: 7,
      at: '2026-01-02T03:04:05.000Z',
      actor: 'root',
      action: 'retention.purged',
      idSite: 3,
      rows: 5,
      details: { idSite: 3, deletedRows: 5 },
    });
    expect(auditLogLine({ id: 8, at, actor: 'system', action: 'salts.destroyed', details: { count: 2 } }).idSite).toBeNull();
  });
});
