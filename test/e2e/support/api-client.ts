import { expect, type Page } from '@playwright/test';
import type { RunningHost } from './web-host';

type Answer = { ok: boolean; value?: unknown; error?: { code: string; zh?: string } };

/**
 * The web host's HTTP API as one client: its own x-archive-client id, so its own session.
 * Specs set up test data through it rather than through screens other specs already cover.
 */
export class ApiClient {
  constructor(
    private readonly host: RunningHost,
    readonly client: string,
  ) {}

  /** The browser page's own client id: calls share the session the UI signed in with. */
  static async forPage(page: Page, host: RunningHost): Promise<ApiClient> {
    // A string expression: this file is type-checked without the DOM library.
    const client = await page.evaluate<string | null>("sessionStorage.getItem('archive-client')");
    expect(client).toBeTruthy();
    return new ApiClient(host, client!);
  }

  /** Signs a user created with a temporary password in and sets the final password. */
  static async newUser(host: RunningHost, username: string, temp: string, password: string, client = `e2e-${username}`): Promise<ApiClient> {
    const c = new ApiClient(host, client);
    await c.call('auth.signIn', { username, password: temp });
    await c.call('auth.changePassword', { currentPassword: temp, newPassword: password });
    return c;
  }

  async call<T = unknown>(channel: string, req: unknown = {}): Promise<T> {
    const r = await this.raw(channel, req);
    if (!r.ok) throw new Error(`${channel} (${this.client}) failed: ${r.error?.code} ${r.error?.zh ?? ''}`);
    return r.value as T;
  }

  async raw(channel: string, req: unknown = {}): Promise<Answer> {
    const res = await fetch(`${this.host.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-archive-token': this.host.token, 'x-archive-client': this.client },
      body: JSON.stringify(req),
    });
    return (await res.json()) as Answer;
  }

  signIn(username: string, password: string) {
    return this.call('auth.signIn', { username, password });
  }
}
