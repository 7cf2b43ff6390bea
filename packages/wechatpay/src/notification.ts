import type { KeyObject } from 'node:crypto';
import {
  ContractNotificationPayload,
  NotificationEnvelope,
  PartnerTransaction,
  TRANSACTION_RESOURCE_TYPE,
  TRANSACTION_SUCCESS_EVENT,
} from '@kit/contract-types';
import type { TSchema } from 'typebox';
import { type ApiV3Key, aesGcmDecrypt, loadApiV3Key } from './cipher.js';
import { MalformedNotificationError, UnsupportedResourceAlgorithmError } from './errors.js';
import type { HeaderLookup } from './headers.js';
import { describeErrors, isValid } from './validation.js';
import type { ResponseVerifier } from './verifier.js';

export const NOTIFICATION_ALGORITHM = 'AEAD_AES_256_GCM';

interface NotificationFields {
  id: string;
  eventType: string;
  createTime: string;
  summary?: string;
  resourceType: string;
}

/** A contract event (sign, terminate…): any event that is not a payment. */
export interface ContractNotification extends NotificationFields {
  kind: 'contract';
  payload: ContractNotificationPayload;
}

/** `TRANSACTION.SUCCESS`: the plaintext is the partner transaction, as the order query answers it. */
export interface TransactionNotification extends NotificationFields {
  kind: 'transaction';
  payload: PartnerTransaction;
}

/** Discriminated on `kind`. */
export type WechatPayNotification = ContractNotification | TransactionNotification;

export interface NotificationParserOptions {
  verifier: ResponseVerifier;
  /** The 32-byte APIv3 key; parsed once. */
  apiV3Key: ApiV3Key;
}

/**
 * Raw notification → typed event. Order matters: verify the signature over the raw bytes first
 * (nothing unauthenticated is parsed or decrypted), then decrypt, then validate.
 */
export class NotificationParser {
  readonly #verifier: ResponseVerifier;
  readonly #key: KeyObject;

  constructor(options: NotificationParserOptions) {
    this.#verifier = options.verifier;
    this.#key = loadApiV3Key(options.apiV3Key);
  }

  /** A contract or a payment notification, told apart by `kind`. */
  parseEvent(headers: HeaderLookup, rawBody: Buffer | string): WechatPayNotification {
    this.#verifier.verify(headers, rawBody);

    const envelope = parseJson(rawBody, 'notification body');
    if (!isValid(NotificationEnvelope, envelope)) {
      throw new MalformedNotificationError(
        'notification body does not fit the envelope',
        describeErrors(NotificationEnvelope, envelope),
      );
    }
    const { resource } = envelope;
    if (resource.algorithm !== NOTIFICATION_ALGORITHM)
      throw new UnsupportedResourceAlgorithmError(resource.algorithm);

    const kind = kindOf(envelope);
    const plaintext = aesGcmDecrypt({
      key: this.#key,
      nonce: resource.nonce,
      associatedData: resource.associated_data,
      ciphertext: resource.ciphertext,
    });
    const payload = parseJson(plaintext, 'decrypted resource');
    const fields: NotificationFields = {
      id: envelope.id,
      eventType: envelope.event_type,
      createTime: envelope.create_time,
      resourceType: envelope.resource_type,
    };
    if (envelope.summary !== undefined) fields.summary = envelope.summary;

    if (kind === 'contract') {
      return {
        ...fields,
        kind,
        payload: fitting(ContractNotificationPayload, payload, 'ContractNotificationPayload'),
      };
    }
    const transaction = fitting(PartnerTransaction, payload, 'PartnerTransaction');
    // A "success" whose own plaintext says otherwise is contradictory: nobody should act on it.
    if (transaction.trade_state !== 'SUCCESS') {
      throw new MalformedNotificationError(
        `${TRANSACTION_SUCCESS_EVENT} carries trade_state ${transaction.trade_state}`,
      );
    }
    return { ...fields, kind, payload: transaction };
  }

  /**
   * Contract events only, for receivers that handle nothing else: a payment notification is a
   * `MalformedNotificationError` here (use `parseEvent` to take both).
   */
  parse(headers: HeaderLookup, rawBody: Buffer | string): ContractNotification {
    const event = this.parseEvent(headers, rawBody);
    if (event.kind !== 'contract') {
      throw new MalformedNotificationError(`${event.eventType} is not a contract notification`);
    }
    return event;
  }
}

/**
 * A payment is recognised by what it says it is (event type or resource type), never by a guessed list
 * of contract events; both must agree, so a contract plaintext cannot arrive dressed as a payment.
 */
function kindOf(envelope: NotificationEnvelope): WechatPayNotification['kind'] {
  const byEvent = envelope.event_type === TRANSACTION_SUCCESS_EVENT;
  const originalType = envelope.resource.original_type;
  const byResource = originalType === TRANSACTION_RESOURCE_TYPE;
  if (!byEvent && !byResource) return 'contract';
  if (byEvent && (byResource || originalType === undefined)) return 'transaction';
  throw new MalformedNotificationError(
    `event_type ${envelope.event_type} does not fit resource.original_type ${originalType ?? '(none)'}`,
  );
}

function fitting<T extends TSchema>(schema: T, value: unknown, name: string) {
  if (!isValid(schema, value)) {
    throw new MalformedNotificationError(
      `decrypted resource does not fit ${name}`,
      describeErrors(schema, value),
    );
  }
  return value;
}

function parseJson(text: Buffer | string, what: string): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    throw new MalformedNotificationError(`${what} is not JSON`);
  }
}
