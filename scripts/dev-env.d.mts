export interface DevLayout {
  devDir: string;
  identityDir: string;
  simPort: number;
  bffPort: number;
  previewPort: number;
}

type Env = Record<string, string | undefined>;

export function devLayout(env: Env, root: string): DevLayout;
export function simEnv(layout: DevLayout): Record<string, string>;
export function bffEnv(layout: DevLayout, env: Env): Record<string, string>;
