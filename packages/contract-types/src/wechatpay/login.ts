import Type, { type Static } from 'typebox';

/** GET /sns/jscode2session success body. session_key never leaves the server. */
export const Code2SessionSuccess = Type.Object({
  openid: Type.String({ minLength: 1 }),
  session_key: Type.String(),
  unionid: Type.Optional(Type.String()),
});
export type Code2SessionSuccess = Static<typeof Code2SessionSuccess>;

/** Error body: 40029 invalid code, 45011 rate limit, -1 busy, 40013/40125 bad appid/secret. */
export const Code2SessionError = Type.Object({
  errcode: Type.Integer(),
  errmsg: Type.String(),
});
export type Code2SessionError = Static<typeof Code2SessionError>;
