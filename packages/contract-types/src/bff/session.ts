import Type, { type Static } from 'typebox';
import { AppId, DateTime } from '../common.js';

/** POST /v1/session — `code` from Taro.login(), `appid` of the calling mini program. */
export const SessionRequest = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 128 }),
    appid: AppId,
  },
  { additionalProperties: false },
);
export type SessionRequest = Static<typeof SessionRequest>;

export const SessionResponse = Type.Object({
  token: Type.String(),
  expires_at: DateTime,
});
export type SessionResponse = Static<typeof SessionResponse>;
