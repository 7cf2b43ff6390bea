/** Seeded randomness: a failing run is replayed with the printed seed (REL_SEED). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

export const UNICODE = [
  '\u0000',
  '\u202e',
  '\ufeff',
  '😀',
  '签约成功',
  '\ud800',
  '\u00ff',
  'Ω',
  '\r\n',
  '\\u0000',
  '"',
  '\\',
  '𝕏'.repeat(50),
];

/** A JSON value of a wrong or hostile type. */
export function hostileValue(rng: Rng): unknown {
  switch (rng.int(10)) {
    case 0:
      return null;
    case 1:
      return rng.int(2) === 0;
    case 2:
      return rng.pick([0, -1, 1e308, -0, 2 ** 53 + 1, 3.14]);
    case 3:
      return [];
    case 4:
      return { nested: { deeper: [1, '2', null] } };
    case 5:
      return rng.pick(UNICODE).repeat(1 + rng.int(40));
    case 6:
      return 'x'.repeat(rng.pick([0, 1, 33, 257, 5000]));
    case 7:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    case 8:
      return ['a', 1, { b: [] }];
    default:
      return '';
  }
}

export function flipBits(buf: Buffer, rng: Rng, flips = 1 + rng.int(8)): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i < flips && out.length > 0; i++) {
    const at = rng.int(out.length);
    out[at] = (out[at] as number) ^ (1 << rng.int(8));
  }
  return out;
}

export function insertAt(buf: Buffer, rng: Rng, text: string): Buffer {
  const at = rng.int(buf.length + 1);
  return Buffer.concat([buf.subarray(0, at), Buffer.from(text, 'utf8'), buf.subarray(at)]);
}

/** Sets a random (possibly nested, possibly new) key of a JSON object to `value`. */
export function setRandomField(obj: Record<string, unknown>, rng: Rng, value: unknown): void {
  const keys = Object.keys(obj);
  const key =
    rng.int(5) === 0 || keys.length === 0 ? rng.pick(['extra', '', '__proto__', 'ID']) : rng.pick(keys);
  const inner = Object.hasOwn(obj, key) ? obj[key] : undefined;
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && rng.int(2) === 0) {
    setRandomField(inner as Record<string, unknown>, rng, value);
  } else {
    // An own property even for "__proto__", as JSON.parse would make it.
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** `{"a":1}` → `{"a":1,"a":<dup>}` textually (JSON.parse keeps the last one). */
export function duplicateKey(json: string, key: string, dup: string, first = false): string {
  const body = json.trimEnd();
  return first ? `{"${key}":${dup},${body.slice(1)}` : `${body.slice(0, -1)},"${key}":${dup}}`;
}

/** Bytes as a header value (UTF-8 on the wire; Node sends header strings as latin1). */
export function headerBytes(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[\r\n\0]/g, ' ');
}

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included, as U+FFFD). */
export function percentBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** What HTTP can carry in a header value: control characters become "?" (latin1 bytes stay). */
export function wireHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
  return out;
}
