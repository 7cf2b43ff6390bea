import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BFF_NOTIFY_URL, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3100, scale 1, <repo>/.dev/sim-identity', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3100,
      timeScale: 1,
      bffNotifyUrl: DEFAULT_BFF_NOTIFY_URL,
    });
    expect(config.identityDir).toMatch(/\/\.dev\/sim-identity$/);
  });

  it('reads SIM_* variables', () => {
    const config = loadConfig({
      SIM_HOST: '0.0.0.0',
      SIM_PORT: '0',
      SIM_IDENTITY_DIR: '/tmp/x',
      SIM_TIME_SCALE: '0.01',
      SIM_BFF_NOTIFY_URL: 'http://127.0.0.1:4000/n',
    });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 0, identityDir: '/tmp/x', timeScale: 0.01 });
    expect(config.bffNotifyUrl).toBe('http://127.0.0.1:4000/n');
  });

  it("points the notify URL at the BFF's port when SIM_BFF_PORT is set; SIM_BFF_NOTIFY_URL wins", () => {
    expect(loadConfig({ SIM_BFF_PORT: '3001' }).bffNotifyUrl).toBe(
      'http://127.0.0.1:3001/v1/notifications/wechatpay',
    );
    const both = { SIM_BFF_PORT: '3001', SIM_BFF_NOTIFY_URL: 'http://127.0.0.1:4000/n' };
    expect(loadConfig(both).bffNotifyUrl).toBe('http://127.0.0.1:4000/n');
  });

  it.each([
    ['SIM_PORT', '70000'],
    ['SIM_BFF_PORT', '0'],
    ['SIM_BFF_PORT', 'x'],
    ['SIM_PORT', 'abc'],
    ['SIM_TIME_SCALE', '0'],
    ['SIM_TIME_SCALE', '-1'],
    ['SIM_BFF_NOTIFY_URL', 'ftp://x'],
    ['SIM_LOG_LEVEL', 'loud'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
