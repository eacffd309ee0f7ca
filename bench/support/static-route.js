/**
 * Loaded with `node -r` by bench/notice-day.ts only: serves BENCH_STATIC_DIR from the app's own
 * process, beside its routes, so the notice routes are measured against plain static serving in
 * the same process and run. Two baselines: express.static (serve-static: stat, ETag, a file stream
 * per request) at /bench-static/, and a bare handler writing bytes held in memory at /bench-bytes/.
 * Nest's Express adapter calls http.createServer(app); the listener is wrapped in front of the app.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a plain -r preload, no TypeScript on this path */
const http = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const serveStatic = require('serve-static');
/* eslint-enable @typescript-eslint/no-require-imports */

const dir = process.env.BENCH_STATIC_DIR;
if (dir) {
  const files = serveStatic(dir, { maxAge: '1y', immutable: true });
  const held = new Map();
  const createServer = http.createServer;
  http.createServer = function (...args) {
    const i = args.findIndex((a) => typeof a === 'function');
    const app = args[i];
    args[i] = (req, res) => {
      if (req.url.startsWith('/bench-static/')) {
        req.url = req.url.slice('/bench-static'.length);
        return files(req, res, () => res.writeHead(404).end());
      }
      if (req.url.startsWith('/bench-bytes/')) {
        const name = req.url.slice('/bench-bytes/'.length);
        if (!/^[\w.-]+$/.test(name)) return res.writeHead(404).end();
        if (!held.has(name)) held.set(name, readFileSync(join(dir, name)));
        const body = held.get(name);
        return res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': body.length }).end(body);
      }
      return app(req, res);
    };
    return createServer.apply(this, args);
  };
}
