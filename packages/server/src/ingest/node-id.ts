import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SillageError } from '@sillage/core';
import type { MetaStore } from '@sillage/storage';

/**
 * Every app node numbers the hits of its own spool 1, 2, 3…; in the event store a hit's `seq` is that
 * number inside the node's own range, `nodeId × 2^44 + local`, so that several nodes can share one
 * ClickHouse without their sequence numbers (and the visit ids made from them) colliding, and so that each
 * node finds its own shipping high-water mark after a crash. 2^44 hits per node and 2^16 − 1 nodes fit
 * in a UInt64; rows written by other tools (the benchmark generator) use seq < 2^44, i.e. node 0.
 *
 * Node ids come from a counter in the metadata store (shared by all nodes), and are remembered in
 * `<dataDir>/node-id`. When the store already holds more of this node's hits than its spool ever had (the
 * spool directory was reset, or copied to another node), the shipper renews the id: a fresh range cannot
 * collide with rows shipped before.
 */
export const NODE_SEQ_BITS = 44n;
const MAX_NODE_ID = 0xffff;

export function globalSeq(nodeId: number, localSeq: number): bigint {
  return (BigInt(nodeId) << NODE_SEQ_BITS) | BigInt(localSeq);
}

/** [from, to) of a node's sequence numbers in the event store. */
export function nodeSeqRange(nodeId: number): { from: bigint; to: bigint } {
  const from = BigInt(nodeId) << NODE_SEQ_BITS;
  return { from, to: from + (1n << NODE_SEQ_BITS) };
}

async function allocate(meta: MetaStore): Promise<number> {
  const rows = await meta.sql.query<{ id: number | string }>(
    `INSERT INTO settings (key, value) VALUES ('ingest.last_node_id', '1'::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb((settings.value #>> '{}')::int + 1)
     RETURNING (value #>> '{}')::int AS id`,
  );
  const id = Number(rows[0]?.id);
  if (!Number.isInteger(id) || id < 1 || id > MAX_NODE_ID) {
    throw new SillageError('CONFIG_INVALID', [
      'ingest node id',
      `the metadata store handed out ${rows[0]?.id}; at most ${MAX_NODE_ID} nodes`,
    ]);
  }
  return id;
}

async function writeDurably(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

/** This node's remembered id, or a newly allocated one. */
export async function ingestNodeId(dataDir: string, meta: MetaStore): Promise<number> {
  const text = await readFile(join(dataDir, 'node-id'), 'utf8').catch(() => undefined);
  const id = Number(text?.trim());
  if (Number.isInteger(id) && id >= 1 && id <= MAX_NODE_ID) return id;
  return renewIngestNodeId(dataDir, meta);
}

/** Allocates a fresh node id and remembers it. */
export async function renewIngestNodeId(dataDir: string, meta: MetaStore): Promise<number> {
  const id = await allocate(meta);
  await writeDurably(join(dataDir, 'node-id'), `${id}\n`);
  return id;
}
