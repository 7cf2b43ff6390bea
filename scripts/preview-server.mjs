// Serves the mini program's H5 build and forwards /v1/* to the BFF, so the browser preview talks to
// the BFF on its own origin (no CORS configuration on the BFF needed).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export function startPreviewServer({ root, bffUrl, host = '127.0.0.1', port = 10086 }) {
  const base = resolve(root);
  const bff = new URL(bffUrl);
  const server = createServer((req, res) => {
    if (req.url.startsWith('/v1/')) return forward(req, res, bff);
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let file = join(base, path);
    if (!file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory())
      file = join(base, 'index.html');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}` }));
  });
}

function forward(req, res, target) {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'UPSTREAM_UNAVAILABLE', message: 'BFF not reachable', request_id: '-' }));
  });
  req.pipe(upstream);
}
