import {
  API_FAULT_KINDS,
  FAULT_APIS,
  NOTIFICATION_FAULT_KINDS,
  PASSWORD_FREE_FAULT_KINDS,
  TRANSACTION_NOTIFICATION_FAULT_KINDS,
} from '@kit/wechatpay/testing';
import type { TSchema } from 'typebox';
import Type from 'typebox';
import Compile from 'typebox/compile';
import { BEHAVIOUR_TARGETS } from '../faults/faults.js';
import { ControlError } from '../protocol/errors.js';

const TARGETS = [...FAULT_APIS, ...BEHAVIOUR_TARGETS];
const KINDS = [
  ...new Set([
    ...API_FAULT_KINDS,
    ...NOTIFICATION_FAULT_KINDS,
    ...TRANSACTION_NOTIFICATION_FAULT_KINDS,
    ...PASSWORD_FREE_FAULT_KINDS,
  ]),
];

/** The simulator's own control API shapes (not part of any product API, so not in contract-types). */
export const FaultBody = Type.Object(
  {
    target: Type.Union(TARGETS.map((name) => Type.Literal(name))),
    kind: Type.Union(KINDS.map((kind) => Type.Literal(kind))),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  },
  { additionalProperties: false },
);

export const ClockBody = Type.Object(
  {
    advance_seconds: Type.Optional(Type.Number({ minimum: 0 })),
    time_scale: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);

export function controlValidator<T>(schema: TSchema): (value: unknown) => T {
  const compiled = Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return value as T;
    const first = compiled.Errors(value)[0] as { instancePath?: string; message?: string } | undefined;
    const where = first?.instancePath ? `${first.instancePath}: ` : '';
    throw new ControlError(400, 'INVALID_REQUEST', `${where}${first?.message ?? 'invalid body'}`);
  };
}
