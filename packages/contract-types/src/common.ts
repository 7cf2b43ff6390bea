import Type from 'typebox';

/**
 * APIv3 rejects 4-byte UTF-8 (astral code points, e.g. emoji) in display names.
 * The pattern works with and without the `u` flag: without it an astral character is a surrogate
 * pair (excluded by the lookahead); with it, it is a code point above U+FFFF (outside the class).
 */
export const NO_ASTRAL_PATTERN = '^(?:(?![\\uD800-\\uDFFF])[\\u0000-\\uFFFF])*$';

/** `out_contract_code` as WeChat Pay allows it. */
export const OUT_CONTRACT_CODE_PATTERN = '^[0-9A-Za-z]{1,32}$';

export const OutContractCode = Type.String({
  pattern: OUT_CONTRACT_CODE_PATTERN,
  minLength: 1,
  maxLength: 32,
});

/** A mini program / official account AppID as the BFF accepts it (`wx` + hex in practice). */
export const AppId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_]+$' });

export const DisplayAccount = Type.String({ minLength: 1, maxLength: 32, pattern: NO_ASTRAL_PATTERN });

/** RFC 3339 timestamp, e.g. `2026-11-28T10:00:00+08:00` or `...Z`. */
export const DateTime = Type.String({ format: 'date-time' });
