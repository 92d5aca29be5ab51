import type { Hit } from '@sillage/core';
import { type SpoolBatch, SpoolBatchBuilder } from '@sillage/storage/spool-batch';
import { describe, expect, it } from 'vitest';
import { createDeviceEnrichment } from '../dist/enrich/index.js';
import { type BatchPreparer, InlineBatchPreparer } from '../dist/ingest/batch-preparer.js';
import { WorkerBatchPreparer } from '../dist/ingest/worker-preparer.js';

/**
 * The shipper's worker thread (ship-worker.ts, built) against the same preparer run inline: one batch of
 * real hits must give the same encoded rows and the same drops, and the worker's visits must carry over
 * from one batch to the next. Runs the compiled worker, as the server does.
 */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const T0 = Date.parse('2026-11-20T09:00:00Z');

function hit(i: number, over: Partial<Hit> = {}): Hit {
  return {
    siteId: 1,
    ts: T0 + i * 60_000,
    receivedAt: T0 + i * 60_000,
    actionType: 'pageview',
    ip: '203.0.0.0',
    newVisit: false,
    userAgent: CHROME,
    language: 'fr-fr',
    keepBots: false,
    consent: false,
    visitorId: `00000000000000${(i % 3).toString(16).padStart(2, '0')}`,
    visitorIdSource: 'cookie',
    url: `https://shop.example/p/${i}`,
    title: `Page ${i}`,
    ...over,
  };
}

function records(hits: Hit[], firstSeq: number): SpoolBatch {
  const builder = new SpoolBatchBuilder();
  hits.forEach((h, i) => {
    builder.add(firstSeq + i, Buffer.from(JSON.stringify(h), 'utf8'));
  });
  return builder.build();
}

function deps(log: string[] = []) {
  return {
    sites: async (ids: readonly number[]) => ids.map((id) => ({ id, timezone: 'Europe/Paris', urls: ['https://shop.example'] })),
    loadHistory: async () => new Map(),
    log: { warn: (_o: unknown, msg?: string) => void log.push(msg ?? '') },
  };
}

describe('shipper worker thread', () => {
  it('prepares batches exactly as the inline preparer does, drops included, visits carried across batches', async () => {
    const first = [
      ...Array.from({ length: 40 }, (_, i) => hit(i)),
      hit(41, { userAgent: GOOGLEBOT }), // only device detection knows it: dropped as a bot
      hit(42, { actionType: 'ping', visitorId: 'ffffffffffffffff' }), // a ping never starts a visit
    ];
    const second = Array.from({ length: 20 }, (_, i) => hit(50 + i));
    const inline: BatchPreparer = new InlineBatchPreparer({ ...deps(), devices: createDeviceEnrichment() });
    const worker = new WorkerBatchPreparer({ ...deps(), reloadVisits: async () => [], nice: 0 });
    try {
      for (const [batch, seq] of [
        [first, 1],
        [second, 43],
      ] as const) {
        const a = await inline.prepare(records(batch, seq), 3);
        const b = await worker.prepare(records(batch, seq), 3);
        expect(b.events.rows).toBe(a.events.rows);
        expect(b.events.columns).toEqual(a.events.columns);
        expect(b.drops).toEqual(a.drops);
        expect(Buffer.from(b.events.data).equals(Buffer.from(a.events.data))).toBe(true);
      }
      const a1 = await inline.prepare(records(first, 1), 3);
      expect(a1.drops.slice().sort()).toEqual(['bot', 'ping-without-visit'].sort());
      // One more hit, one more row: the worker is still serving after two batches.
      const lines = Buffer.from((await worker.prepare(records([hit(70)], 63), 3)).events.data)
        .toString('utf8')
        .trim()
        .split('\n');
      expect(lines).toHaveLength(1);
      expect(await worker.evictIdle(T0 + 365 * 86_400_000)).toBe(await inline.evictIdle(T0 + 365 * 86_400_000));
    } finally {
      await worker.close();
    }
    await expect(worker.prepare(records(second, 100), 3)).rejects.toThrow('ship worker closed');
  });

  it('a batch that fails part-way leaves no trace: the retry starts from visits rebuilt from the store', async () => {
    // 2,500 hits: the first slice (2,000) is placed in visits before the second one's history load fails.
    const batch = Array.from({ length: 2_500 }, (_, i) => hit(i % 2_000, { visitorId: (i + 1).toString(16).padStart(16, '0') }));
    let loads = 0;
    let reloads = 0;
    const failing = {
      ...deps(),
      loadHistory: async () => {
        loads++;
        if (loads === 2) throw new Error('event store unavailable');
        return new Map();
      },
      reloadVisits: async () => {
        reloads++;
        return [];
      },
      nice: 0,
    };
    const worker = new WorkerBatchPreparer(failing);
    const inline = new InlineBatchPreparer({ ...deps(), devices: createDeviceEnrichment() });
    try {
      await expect(worker.prepare(records(batch, 1), 3)).rejects.toThrow('event store unavailable');
      const retried = await worker.prepare(records(batch, 1), 3);
      expect(reloads).toBe(1);
      const once = await inline.prepare(records(batch, 1), 3);
      expect(retried.events.rows).toBe(2_500);
      expect(Buffer.from(retried.events.data).equals(Buffer.from(once.events.data))).toBe(true);
    } finally {
      await worker.close();
    }
  });
});
