import type { MetaStore, SiteRecord } from '@sillage/storage';

/**
 * Sites are read on every hit; this keeps them in memory for a few seconds. Unknown ids are cached too,
 * so a flood of hits for a bogus idsite does not reach the metadata store. Changes made elsewhere (CLI,
 * another app node) are seen after `ttlMs`; changes made through this server call `invalidate`.
 */
export class SiteCache {
  private readonly entries = new Map<number, { site: SiteRecord | undefined; expires: number }>();

  constructor(
    private readonly meta: MetaStore,
    private readonly ttlMs = 10_000,
  ) {}

  async get(id: number): Promise<SiteRecord | undefined> {
    return (this.fresh(id) ?? { site: await this.load(id) }).site;
  }

  /**
   * The cached answer when it is still fresh, without a promise (the tracking path checks this first:
   * an await per lookup is measurable at tens of thousands of hits a second); undefined when get() must load.
   */
  fresh(id: number): { readonly site: SiteRecord | undefined } | undefined {
    const hit = this.entries.get(id);
    return hit !== undefined && hit.expires > Date.now() ? hit : undefined;
  }

  private async load(id: number): Promise<SiteRecord | undefined> {
    const now = Date.now();
    const site = await this.meta.sites.get(id);
    if (this.entries.size > 100_000) this.entries.clear();
    this.entries.set(id, { site, expires: now + this.ttlMs });
    return site;
  }

  invalidate(id?: number): void {
    if (id === undefined) this.entries.clear();
    else this.entries.delete(id);
  }
}
