import { describe, expect, it } from 'vitest';
import setup from '../global-setup.js';
import { testDialects } from '../support/dialects.js';

describe('GATEHOUSE_TEST_DIALECTS narrows the dialects the suites run on', () => {
  it('defaults to both, reads a comma list, and refuses an unknown name', () => {
    expect(testDialects(undefined)).toEqual(['sqlite', 'postgres']);
    expect(testDialects('')).toEqual(['sqlite', 'postgres']);
    expect(testDialects('sqlite')).toEqual(['sqlite']);
    expect(testDialects(' postgres ')).toEqual(['postgres']);
    expect(testDialects('postgres,sqlite')).toEqual(['sqlite', 'postgres']);
    expect(() => testDialects('sqlite,mysql')).toThrow(
      'GATEHOUSE_TEST_DIALECTS=sqlite,mysql: unknown dialect "mysql"; use a comma list of sqlite, postgres',
    );
    expect(() => testDialects('sqlite,')).toThrow(/unknown dialect/);
  });

  it('without postgres the global setup starts no PostgreSQL cluster', async () => {
    const provided: Record<string, unknown> = {};
    const started = Date.now();
    const teardown = await setup(
      { provide: (key: string, value: unknown) => void (provided[key] = value) } as never,
      { GATEHOUSE_TEST_DIALECTS: 'sqlite' },
    );
    expect(provided).toEqual({ postgresUrl: '' });
    expect(Date.now() - started).toBeLessThan(1000);
    await teardown();
    await expect(
      setup({ provide: () => undefined } as never, { GATEHOUSE_TEST_DIALECTS: 'oracle' }),
    ).rejects.toThrow(/unknown dialect "oracle"/);
  });
});
