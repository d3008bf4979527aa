/**
 * The knowledge base as the bot uses it: one in-memory search index per
 * tenant, built from PostgreSQL and rebuilt when the tenant's kbRevision
 * moves. Imports, edits and learned phrasings bump that revision, so every
 * bot process (and a CLI import from another process) is followed within
 * `freshnessMs` without a restart or a message bus.
 */
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { loadIndexDocuments, readKbRevision } from './store.js';
import type { IndexDocument, SearchHit, SearchOptions } from './types.js';

export interface SearchIndex {
  search(query: string, options: SearchOptions): SearchHit[];
}
export type IndexFactory = (docs: IndexDocument[]) => SearchIndex;

interface TenantIndex {
  revision: number;
  index: SearchIndex;
  checkedAt: number;
  /** Answers already computed against this revision; dropped with it. */
  answers: RecentAnswers;
}

/**
 * During a rollout the same questions come again and again ("how do I reset
 * my password?"), and ranking one costs ~0.5 ms of CPU. Results are kept per
 * index revision, so an import or a learned phrasing (a new revision) can
 * never serve a stale answer. Hits are shared: callers must not change them.
 */
class RecentAnswers {
  private readonly entries = new Map<string, readonly SearchHit[]>();

  constructor(private readonly capacity: number) {}

  get(key: string): readonly SearchHit[] | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Least recently used goes first: re-insert to mark this one fresh.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, hits: readonly SearchHit[]): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, hits);
  }
}

/** Distinct recent questions remembered per tenant (a few MB at most). */
const RECENT_ANSWERS = 2_000;

export interface KnowledgeServiceOptions {
  /** How stale an index may be before the revision is checked again. */
  freshnessMs?: number;
  now?: () => number;
}

export class KnowledgeService {
  private readonly indexes = new Map<string, TenantIndex>();
  private readonly loading = new Map<string, Promise<TenantIndex>>();
  private readonly freshnessMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly createIndex: IndexFactory,
    private readonly log: Logger,
    options: KnowledgeServiceOptions = {},
  ) {
    this.freshnessMs = options.freshnessMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async search(tenantId: string, query: string, options: SearchOptions): Promise<readonly SearchHit[]> {
    const { index, answers } = await this.indexFor(tenantId);
    const key = `${options.lang ?? ''}|${options.role ?? ''}|${options.limit ?? ''}|${query.trim().replace(/\s+/g, ' ').toLowerCase()}`;
    let hits = answers.get(key);
    if (!hits) {
      hits = Object.freeze(index.search(query, options));
      answers.set(key, hits);
    }
    return hits;
  }

  /** Drop the cached index of a tenant (after a write in this process), so the next search rebuilds. */
  invalidate(tenantId: string): void {
    this.indexes.delete(tenantId);
  }

  private async indexFor(tenantId: string): Promise<TenantIndex> {
    const cached = this.indexes.get(tenantId);
    if (cached && this.now() - cached.checkedAt < this.freshnessMs) return cached;
    // One reload per tenant at a time: concurrent questions share it.
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const load = this.refresh(tenantId, cached).finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, load);
    return load;
  }

  private async refresh(tenantId: string, cached: TenantIndex | undefined): Promise<TenantIndex> {
    const revision = await readKbRevision(this.db, tenantId);
    if (cached && cached.revision === revision) {
      cached.checkedAt = this.now();
      return cached;
    }
    const started = this.now();
    const docs = await loadIndexDocuments(this.db, tenantId);
    const fresh: TenantIndex = { revision, index: this.createIndex(docs), checkedAt: this.now(), answers: new RecentAnswers(RECENT_ANSWERS) };
    this.indexes.set(tenantId, fresh);
    this.log.info(
      { tenantId, revision, versions: docs.length, ms: this.now() - started },
      'knowledge index built',
    );
    return fresh;
  }
}
