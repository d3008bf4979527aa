/**
 * What createApp() gets in tests and benchmarks unless they say otherwise: a
 * silent logger, the test secret, the local channel on, no confidence
 * threshold of its own. Free of vitest, so the benchmarks can import it.
 */
import type { AppConfig, AppDeps } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { silentLogger } from '../../src/log.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export type AppDepsOverrides = Partial<Omit<AppDeps, 'config' | 'db'>> & { config?: Partial<AppConfig> };

export function testAppDeps(db: Db, overrides: AppDepsOverrides = {}): AppDeps {
  const { config = {}, ...deps } = overrides;
  return {
    config: { publicUrl: 'http://hypercare.test', maxMessageChars: 4000, answerConfidenceThreshold: undefined, localChannel: { enabled: true }, ...definedOnly(config) },
    log: silentLogger,
    secret: TEST_SECRET,
    ...definedOnly(deps),
    db,
  };
}

/** An override left undefined keeps the default, so callers can pass their own optional options straight through. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
