import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('runs with no configuration at all (embedded defaults)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, redisUrl: undefined, localChannel: { enabled: true } });
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('lists every problem at once, by name', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', KB_DEMO_ON_EMPTY: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'KB_DEMO_ON_EMPTY']) expect(problems).toContain(`${key}:`);
    }
  });

  it('suggests the closest known name for a typo, without flagging unrelated variables', () => {
    expect(() => loadConfig({ DATABSE_URL: 'postgresql://x' })).toThrow(/DATABSE_URL: unknown variable; did you mean DATABASE_URL\?/);
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin', HOSTNAME: 'box' })).not.toThrow();
  });

  it('treats empty values as unset, as .env files write them', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('refuses an open local channel in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', LOCAL_CHANNEL_ENABLED: 'true' })).toThrow(/LOCAL_CHANNEL_TOKEN/);
    expect(loadConfig({ NODE_ENV: 'production' }).localChannel.enabled).toBe(false);
  });
});
