import type { KeyObject } from 'node:crypto';
import { ContractNotificationPayload, NotificationEnvelope } from '@kit/contract-types';
import { type ApiV3Key, aesGcmDecrypt, loadApiV3Key } from './cipher.js';
import { MalformedNotificationError, UnsupportedAlgorithmError } from './errors.js';
import type { HeaderLookup } from './headers.js';
import { describeErrors, isValid } from './validation.js';
import type { ResponseVerifier } from './verifier.js';

export const NOTIFICATION_ALGORITHM = 'AEAD_AES_256_GCM';

export interface ContractNotification {
  id: string;
  eventType: string;
  createTime: string;
  summary?: string;
  resourceType: string;
  payload: ContractNotificationPayload;
}

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

  parse(headers: HeaderLookup, rawBody: Buffer | string): ContractNotification {
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
      throw new UnsupportedAlgorithmError(resource.algorithm);

    const plaintext = aesGcmDecrypt({
      key: this.#key,
      nonce: resource.nonce,
      associatedData: resource.associated_data,
      ciphertext: resource.ciphertext,
    });
    const payload = parseJson(plaintext, 'decrypted resource');
    if (!isValid(ContractNotificationPayload, payload)) {
      throw new MalformedNotificationError(
        'decrypted resource does not fit ContractNotificationPayload',
        describeErrors(ContractNotificationPayload, payload),
      );
    }

    const notification: ContractNotification = {
      id: envelope.id,
      eventType: envelope.event_type,
      createTime: envelope.create_time,
      resourceType: envelope.resource_type,
      payload,
    };
    if (envelope.summary !== undefined) notification.summary = envelope.summary;
    return notification;
  }
}

function parseJson(text: Buffer | string, what: string): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    throw new MalformedNotificationError(`${what} is not JSON`);
  }
}
