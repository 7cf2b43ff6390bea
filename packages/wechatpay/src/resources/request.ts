import type { TSchema } from 'typebox';
import { InvalidRequestError } from '../errors.js';
import { describeErrors, isValid } from '../validation.js';

/** Top-level fields that are undefined or null are left out: APIv3 rejects `null`. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined && field !== null) out[key] = field;
  }
  return out as T;
}

/** Arguments WeChat Pay would refuse are refused here, before any network call. */
export function checked<T>(schema: TSchema, value: T, what: string): T {
  if (!isValid(schema, value)) {
    throw new InvalidRequestError(`invalid ${what} request`, describeErrors(schema, value));
  }
  return value;
}
