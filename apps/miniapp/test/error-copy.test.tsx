import { ERROR_CODES } from '@kit/contract-types';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PageNotice } from '../src/components/page-notice';
import { errorCopy } from '../src/copy/error-copy';
import { failureMessage } from '../src/home/page-message';
import { type ApiError, CLIENT_ERROR_CODES } from '../src/services/api-error';
import { httpRequest } from '../src/services/http';
import { bff, errorReply } from './support/fake-bff';

const FALLBACK = errorCopy('SOMETHING_NEW');
const HAN = /[\u4e00-\u9fff]/;

describe('error copy', () => {
  it('has short Chinese copy of its own for every BFF error code in contract-types', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(0);
    for (const code of [...ERROR_CODES, ...CLIENT_ERROR_CODES]) {
      const copy = errorCopy(code);
      expect(copy, code).not.toBe(FALLBACK);
      expect(copy, code).toMatch(HAN);
      expect(copy.length, code).toBeLessThanOrEqual(24);
    }
  });

  it.each(ERROR_CODES)('%s from the BFF reaches the screen as its copy', async (code) => {
    bff.on('GET /v1/probe', errorReply(code === 'UNAUTHENTICATED' ? 401 : 400, code));
    const err = await httpRequest({ method: 'GET', path: '/v1/probe' }).catch((e: unknown) => e);
    render(<PageNotice message={failureMessage(err as ApiError)} onAction={() => {}} onDismiss={() => {}} />);
    expect(screen.getByText(errorCopy(code))).toBeTruthy();
    expect(screen.queryByText(code)).toBeNull();
  });

  it('an unknown code or a body without one still gets a sentence, never a raw code', async () => {
    bff.on('GET /v1/probe', { status: 500, body: 'oops' });
    const err = await httpRequest({ method: 'GET', path: '/v1/probe' }).catch((e: unknown) => e);
    expect((err as { code: string }).code).toBe('BAD_RESPONSE');
    expect(errorCopy('NEW_CODE_FROM_A_NEWER_BFF')).toMatch(HAN);
  });
});
