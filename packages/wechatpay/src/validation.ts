import type { Static, TSchema } from 'typebox';
import Compile, { type Validator } from 'typebox/compile';

// Compiling is the expensive part; every schema is compiled once per process.
const cache = new WeakMap<TSchema, Validator>();

export function validatorFor(schema: TSchema): Validator {
  let validator = cache.get(schema);
  if (validator === undefined) {
    validator = Compile(schema) as Validator;
    cache.set(schema, validator);
  }
  return validator;
}

export function isValid<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return validatorFor(schema).Check(value);
}

/** Up to `max` readable reasons, for error messages (never values). */
export function describeErrors(schema: TSchema, value: unknown, max = 5): string[] {
  const out: string[] = [];
  for (const error of validatorFor(schema).Errors(value)) {
    out.push(`${error.instancePath || '/'} ${error.message}`);
    if (out.length >= max) break;
  }
  return out;
}
