import type { TSchema } from 'typebox';
import Compile from 'typebox/compile';
import { type ErrorDetail, paramError } from './errors.js';

type Location = ErrorDetail['location'];

interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * Validates with a contract-types schema and answers like WeChat Pay: 400 PARAM_ERROR whose
 * `detail` names the field, the offending value and the issue.
 */
export function validator<T>(schema: TSchema, location: Location): (value: unknown) => T {
  const compiled = Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return value as T;
    throw toParamError(compiled.Errors(value) as unknown as SchemaError[], value, location);
  };
}

function toParamError(errors: SchemaError[], value: unknown, location: Location) {
  const isChoice = (e: SchemaError) => e.keyword === 'anyOf' || e.schemaPath.startsWith('#/anyOf');
  const openidChoice = errors.filter(isChoice);
  const specific = errors.filter((e) => e.keyword !== 'boolean' && !isChoice(e));
  const first = specific[0];
  if (!first && openidChoice.length > 0) {
    return paramError('sp_openid 与 sub_openid 至少填写一个', {
      field: 'sp_openid',
      issue: 'one of sp_openid or sub_openid is required',
      location,
    });
  }
  if (!first) return paramError('参数错误', { issue: 'invalid value', location });
  const field = fieldOf(first);
  const detail: ErrorDetail = { field, issue: issueOf(first, field), location };
  const current = valueAt(value, field);
  if (current !== undefined) detail.value = current;
  return paramError(`输入源“/${location}/${field}”映射到值字段“${field}”${describe(first)}`, detail);
}

function fieldOf(error: SchemaError): string {
  const path = error.instancePath.replace(/^\//, '');
  if (error.keyword === 'required') {
    const missing = (error.params.requiredProperties as string[] | undefined)?.[0];
    return [path, missing].filter(Boolean).join('/');
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params.additionalProperties as string[] | undefined)?.[0];
    return [path, extra].filter(Boolean).join('/');
  }
  return path;
}

function issueOf(error: SchemaError, field: string): string {
  switch (error.keyword) {
    case 'required':
      return `${field} is required`;
    case 'additionalProperties':
      return `${field} is not a known field`;
    case 'type':
      return `${field} must be of type ${String(error.params.type)}`;
    case 'pattern':
      return `${field} does not match ${String(error.params.pattern)}`;
    case 'maxLength':
      return `${field} must be at most ${String(error.params.limit ?? error.params.maxLength)} characters`;
    case 'minLength':
      return `${field} must not be empty`;
    default:
      return `${field} ${error.message}`;
  }
}

function describe(error: SchemaError): string {
  switch (error.keyword) {
    case 'required':
      return '缺失';
    case 'additionalProperties':
      return '不是合法字段';
    case 'type':
      return '类型错误';
    case 'pattern':
      return '格式错误';
    case 'maxLength':
      return '长度超限';
    default:
      return '校验失败';
  }
}

function valueAt(value: unknown, field: string): unknown {
  let current: unknown = value;
  for (const key of field.split('/').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current === value ? undefined : current;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * notify_url: HTTPS, no query string, ≤256. Plain http is accepted for loopback hosts only, so a
 * BFF on the developer's machine can receive notifications (real WeChat Pay would refuse it).
 */
export function checkNotifyUrl(raw: string): void {
  const reject = (issue: string) =>
    paramError('notify_url 格式错误', { field: 'notify_url', value: raw, issue, location: 'body' });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw reject('notify_url must be an absolute URL');
  }
  if (url.search || raw.includes('?')) throw reject('notify_url must not carry a query string');
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.')))
    return;
  throw reject('notify_url must use https');
}

/** Parses a request body as WeChat Pay does: anything but a JSON object is a PARAM_ERROR. */
export function parseJsonBody(raw: string): unknown {
  try {
    const value: unknown = JSON.parse(raw);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  throw paramError('请求体不是合法的 JSON 对象', { issue: 'body must be a JSON object', location: 'body' });
}
