import type { MessagePort, Transferable, Worker } from 'node:worker_threads';

/**
 * Request/reply calls between two threads over one port, both ways: each side registers handlers and
 * calls the other's. Values go by structured clone (bigints and typed arrays included); what a call lists
 * in `transfer` moves instead of being copied.
 */
type Endpoint = Pick<MessagePort, 'postMessage' | 'on' | 'off'> | Pick<Worker, 'postMessage' | 'on' | 'off'>;

type Handler = (...args: never[]) => unknown;

interface CallMessage {
  readonly rpc: 'call';
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

interface ReplyMessage {
  readonly rpc: 'reply';
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: { readonly message: string; readonly code?: string };
}

/** What a handler returns when part of its answer should be transferred, not copied. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly list: readonly Transferable[],
  ) {}
}

export class ThreadRpc {
  #next = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #onMessage = (msg: CallMessage | ReplyMessage) => void this.#receive(msg);

  constructor(
    private readonly port: Endpoint,
    private readonly handlers: Readonly<Record<string, Handler>>,
  ) {
    port.on('message', this.#onMessage);
  }

  call<T>(method: string, args: readonly unknown[], transfer: readonly Transferable[] = []): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ rpc: 'call', id, method, args } satisfies CallMessage, transfer as Transferable[]);
    });
  }

  /** Fails every call still waiting (the other thread is gone) and stops listening. */
  close(reason: Error): void {
    this.port.off('message', this.#onMessage);
    for (const { reject } of this.#pending.values()) reject(reason);
    this.#pending.clear();
  }

  async #receive(msg: CallMessage | ReplyMessage): Promise<void> {
    if (msg === null || typeof msg !== 'object') return;
    if (msg.rpc === 'reply') {
      const waiting = this.#pending.get(msg.id);
      if (waiting === undefined) return;
      this.#pending.delete(msg.id);
      if (msg.ok) waiting.resolve(msg.value);
      else waiting.reject(Object.assign(new Error(msg.error?.message ?? 'call failed'), { code: msg.error?.code }));
      return;
    }
    if (msg.rpc !== 'call') return;
    const handler = this.handlers[msg.method];
    try {
      if (handler === undefined) throw new Error(`no handler for ${msg.method}`);
      const result = await (handler as (...a: unknown[]) => unknown)(...msg.args);
      const [value, transfer] = result instanceof Transfer ? [result.value, result.list] : [result, []];
      this.port.postMessage({ rpc: 'reply', id: msg.id, ok: true, value } satisfies ReplyMessage, transfer as Transferable[]);
    } catch (err) {
      const e = err as { message?: string; code?: unknown };
      const error = { message: String(e?.message ?? err), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
      this.port.postMessage({ rpc: 'reply', id: msg.id, ok: false, error } satisfies ReplyMessage);
    }
  }
}
