export type TBrowserAnswer = { status: number; location: string | null; text: string; json: Record<string, unknown> | null };

let clientNumber = 0;

/**
 * A new client address for each sign-in (10.0.0.0/8, sent as X-Forwarded-For to a server with
 * TRUST_PROXY=true): limits counted per IP (passkey options, codes) apply to one person's few
 * attempts, not to the whole bench, as they would with customers coming from their own homes.
 */
export function nextClientIp(): string {
  clientNumber = (clientNumber + 1) % 0xfffffe;
  const n = clientNumber + 1;
  return `10.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

/**
 * What a browser does for a sign-in, and no more: one cookie jar, no automatic redirects, one
 * client address. The server's public address (its issuer, where the provider's absolute
 * redirects point) is reached at `baseUrl`, where the bench server actually listens.
 */
export class BenchBrowser {
  readonly ip = nextClientIp();
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  constructor(private readonly site: { baseUrl: string; publicOrigin: string }) {}

  async request(url: string, init: { method?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<TBrowserAnswer> {
    const target = new URL(url, this.site.baseUrl);
    if (target.origin === this.site.publicOrigin) {
      const base = new URL(this.site.baseUrl);
      target.protocol = base.protocol;
      target.host = base.host;
    }
    const own = target.origin === new URL(this.site.baseUrl).origin;
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip, 'accept-language': 'fr', ...init.headers };
    const sent = own ? [...this.cookies.values()].filter((cookie) => target.pathname.startsWith(cookie.path)) : [];
    if (sent.length > 0) headers.cookie = sent.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
    if (own) for (const line of response.headers.getSetCookie()) this.store(line);
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, location: response.headers.get('location'), text, json: isJson && text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  /** The answer, or an error naming the step and what came back instead. */
  async expect(status: number, url: string, init: Parameters<BenchBrowser['request']>[1] = {}): Promise<TBrowserAnswer> {
    const answer = await this.request(url, init);
    if (answer.status !== status) {
      throw new Error(`${init.method ?? (init.json || init.form ? 'POST' : 'GET')} ${new URL(url, this.site.baseUrl).pathname} answered ${answer.status} (expected ${status}): ${answer.text.slice(0, 200)}`);
    }
    return answer;
  }

  private store(line: string): void {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const index = pair!.indexOf('=');
    const name = pair!.slice(0, index);
    const value = pair!.slice(index + 1);
    const pathAttribute = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='));
    const path = pathAttribute ? pathAttribute.slice(5) : '/';
    const expired = attributes.some((attribute) => /^expires=/i.test(attribute) && new Date(attribute.slice(8)).getTime() < Date.now());
    const key = `${name}|${path}`;
    if (expired || value === '') this.cookies.delete(key);
    else this.cookies.set(key, { name, value, path });
  }
}
