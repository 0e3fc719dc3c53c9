import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the defaults API.md lists', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      databaseUrl: null,
      dataDir: './data',
      smtpUrl: null,
      mailFrom: 'Comptoir <no-reply@localhost>',
      session: { idleSeconds: 30 * 86_400, absoluteSeconds: 90 * 86_400 },
    });
  });

  it('derives PUBLIC_URL from PORT and drops a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://compte.boutique.fr/' }).publicUrl).toBe('https://compte.boutique.fr');
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', SESSION_IDLE_DAYS: '-1' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'SESSION_IDLE_DAYS']) expect(problems).toContain(name);
    }
  });

  it('requires SMTP in production, where the development mailbox is not served', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SMTP_URL/);
    expect(loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' }).smtpUrl).toBe('smtp://mail:25');
  });

  it('keeps billing addresses independent unless ADDRESSES_SHARED_BILLING is on', () => {
    expect(loadConfig({}).addresses).toEqual({ sharedBilling: false });
    expect(loadConfig({ ADDRESSES_SHARED_BILLING: 'true' }).addresses).toEqual({ sharedBilling: true });
    expect(() => loadConfig({ ADDRESSES_SHARED_BILLING: 'sometimes' })).toThrow(/ADDRESSES_SHARED_BILLING/);
  });

  it('reads SHOP_COUNTRY as an ISO 3166-1 alpha-2 code, FR by default', () => {
    expect(loadConfig({}).shopCountry).toBe('FR');
    expect(loadConfig({ SHOP_COUNTRY: 'be' }).shopCountry).toBe('BE');
    expect(() => loadConfig({ SHOP_COUNTRY: 'France' })).toThrow(/SHOP_COUNTRY/);
    expect(() => loadConfig({ SHOP_COUNTRY: 'ZZ' })).toThrow(/SHOP_COUNTRY/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeNull();
  });
});
