import { MessageChannel } from 'node:worker_threads';
import { batchRecords, SpoolBatchBuilder } from '@sillage/storage/spool-batch';
import { describe, expect, it } from 'vitest';
import { packForTransfer } from '../src/ingest/ship-transfer.js';
import { ThreadRpc, Transfer } from '../src/ingest/thread-rpc.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('records across threads', () => {
  it('packs payloads back to back and unpacks the same records', () => {
    const records = [
      { seq: 7, payload: utf8('{"a":1}') },
      { seq: 8, payload: utf8('') },
      { seq: 2 ** 40 + 3, payload: utf8('{"t":"été ✓"}') },
    ];
    const builder = new SpoolBatchBuilder();
    // Past the builder's first sizes, so growing is exercised too.
    const many = Array.from({ length: 700 }, (_, i) => ({ seq: 100 + i, payload: utf8(`{"i":${i},"pad":"${'x'.repeat(200)}"}`) }));
    for (const r of [...records, ...many]) builder.add(r.seq, r.payload);
    const packed = builder.build();
    expect(packed.data.byteLength).toBe([...records, ...many].reduce((n, r) => n + r.payload.byteLength, 0));
    expect(packed.data.buffer.byteLength).toBe(packed.data.byteLength); // owns its buffer: transferable
    const back = [...batchRecords(packed)].slice(0, 3);
    expect(back.map((r) => r.seq)).toEqual([7, 8, 2 ** 40 + 3]);
    expect(back.map((r) => Buffer.from(r.payload).toString('utf8'))).toEqual(['{"a":1}', '', '{"t":"été ✓"}']);
    const last = [...batchRecords(packed, 702)];
    expect(last.map((r) => r.seq)).toEqual([799]);
    expect(JSON.parse(Buffer.from(last[0]!.payload).toString('utf8')).i).toBe(699);
    // A range running past the end stops at the last record.
    expect([...batchRecords(packed, 701, 2_000)].map((r) => r.seq)).toEqual([798, 799]);
  });

  it('never hands over a view into the shared Buffer pool: such bytes are copied', () => {
    const pooled = Buffer.from('small'); // allocated from Node's pool: a view into a larger ArrayBuffer
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    const safe = packForTransfer(pooled);
    expect(safe.buffer).not.toBe(pooled.buffer);
    expect(safe.buffer.byteLength).toBe(5);
    expect(Buffer.from(safe).toString()).toBe('small');
    const own = new Uint8Array(16);
    expect(packForTransfer(own).buffer).toBe(own.buffer);
  });
});

describe('ThreadRpc', () => {
  it('calls both ways, returns values and errors, and moves transferred buffers', async () => {
    const { port1, port2 } = new MessageChannel();
    const left = new ThreadRpc(port1, { twice: (n: number) => n * 2 });
    const right = new ThreadRpc(port2, {
      echo: async (v: unknown) => v,
      fail: () => {
        throw Object.assign(new Error('it broke'), { code: 'X_BROKE' });
      },
      bytes: (n: number) => {
        const b = new Uint8Array(n).fill(1);
        return new Transfer(b, [b.buffer]);
      },
      // A handler may call back into the thread that called it.
      askBack: async (n: number) => (await right.call<number>('twice', [n])) + 1,
    });
    try {
      expect(await left.call('echo', [{ big: 2n ** 70n, m: new Map([['k', 1]]) }])).toEqual({ big: 2n ** 70n, m: new Map([['k', 1]]) });
      await expect(left.call('fail', [])).rejects.toMatchObject({ message: 'it broke', code: 'X_BROKE' });
      await expect(left.call('nope', [])).rejects.toThrow('no handler for nope');
      expect(await left.call('askBack', [20])).toBe(41);
      const sent = new Uint8Array(8);
      await left.call('echo', [sent], [sent.buffer]);
      expect(sent.byteLength).toBe(0); // moved, not copied
      expect(await left.call<Uint8Array>('bytes', [3])).toEqual(new Uint8Array([1, 1, 1]));
    } finally {
      left.close(new Error('closed'));
      right.close(new Error('closed'));
      port1.close();
    }
  });

  it('fails the calls still waiting when closed', async () => {
    const { port1, port2 } = new MessageChannel();
    const left = new ThreadRpc(port1, {});
    const right = new ThreadRpc(port2, { never: () => new Promise(() => {}) });
    const waiting = left.call('never', []);
    left.close(new Error('the other thread is gone'));
    await expect(waiting).rejects.toThrow('the other thread is gone');
    right.close(new Error('closed'));
    port1.close();
  });
});
