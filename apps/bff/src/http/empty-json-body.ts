import type { FastifyInstance } from 'fastify';

/**
 * wx.request / Taro.request send `Content-Type: application/json` with an empty body when `data` is
 * omitted: within the calling plugin, such a POST's body reads as `{}` instead of failing to parse.
 */
export function emptyJsonAsObject(app: FastifyInstance): void {
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, {});
    return defaultJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && request.body == null) request.body = {};
  });
}
