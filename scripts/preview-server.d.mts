import type { Server } from 'node:http';

export function startPreviewServer(options: {
  root: string;
  bffUrl: string;
  host?: string;
  port?: number;
}): Promise<{ server: Server; url: string }>;
