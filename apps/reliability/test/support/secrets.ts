import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sim } from './stack.js';

/**
 * Everything that must never appear in a log: keys, secrets, session tokens (and their MAC part),
 * openids. PEM bodies are checked line by line, so a partial key leak is found too.
 */
export function secretsOf(sim: Sim, extra: { tokens?: string[]; openids?: string[] } = {}): string[] {
  const env = sim.bffEnv;
  const pemLines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.length > 40);
  const secrets = [
    env.SESSION_SECRET as string,
    env.WECHATPAY_APIV3_KEY as string,
    ...pemLines(env.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE as string),
    ...pemLines(join(sim.dir, 'identity', 'wechatpay_private_key.pem')),
    ...sim.subMerchants.map((s) => s.sub_app_secret),
  ];
  for (const token of extra.tokens ?? []) secrets.push(token, token.split('.')[2] as string);
  secrets.push(...(extra.openids ?? []));
  return [...new Set(secrets.filter((s) => s && s.length >= 8))];
}

/** Lines of `logs` that contain any secret (with the secret masked, so the report itself leaks nothing). */
export function leaks(logs: string[], secrets: string[]): string[] {
  const found: string[] = [];
  for (const log of logs) {
    for (const line of log.split('\n')) {
      for (const secret of secrets) {
        if (line.includes(secret)) found.push(line.replaceAll(secret, '<SECRET>').slice(0, 300));
      }
    }
  }
  return found;
}

export function lineCount(logs: string[]): number {
  return logs.reduce((n, log) => n + log.split('\n').filter(Boolean).length, 0);
}
