import { Agent } from 'node:http';
import { pool, send } from './http.js';

/** The BFF's session limit is 30 per minute per client IP (apps/bff/src/config.ts, no knob). */
const SESSIONS_PER_SOURCE_IP = 25;

export interface BenchUser {
  code: string;
  token: string;
}

/** Source addresses are never reused within one bench run (the limit window is a minute). */
let nextSlot = 0;

/** 127.0.0.0/8 is all loopback on Linux: 127.77.<hi>.<lo> are distinct client IPs to the BFF. */
function sourceAddress(index: number): string {
  return `127.77.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

/**
 * Logs `count` distinct users in (distinct login codes → distinct openids in the simulator), spreading
 * them over loopback source addresses so the per-IP session limit is never hit.
 */
export async function createUsers(
  bffUrl: string,
  appid: string,
  prefix: string,
  count: number,
): Promise<BenchUser[]> {
  const agents = new Map<number, Agent>();
  const firstSlot = nextSlot;
  nextSlot += Math.ceil(count / SESSIONS_PER_SOURCE_IP);
  const agentFor = (i: number) => {
    const slot = firstSlot + Math.floor(i / SESSIONS_PER_SOURCE_IP);
    let agent = agents.get(slot);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: 4, localAddress: sourceAddress(slot) });
      agents.set(slot, agent);
    }
    return agent;
  };
  try {
    return await pool(count, 16, async (i) => {
      const code = `${prefix}-${i}`;
      const res = await send(`${bffUrl}/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, appid }),
        agent: agentFor(i),
      });
      if (res.status !== 200) throw new Error(`POST /v1/session → ${res.status} ${res.body}`);
      return { code, token: (JSON.parse(res.body) as { token: string }).token };
    });
  } finally {
    for (const agent of agents.values()) agent.destroy();
  }
}
