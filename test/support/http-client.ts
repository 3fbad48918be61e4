/**
 * A cookie-keeping HTTP client for e2e tests: it talks to the server as a browser without
 * JavaScript would (forms, cookies, redirects left to the test).
 */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T;
  location: string | null;
}

export class HttpClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  async request(
    method: string,
    path: string,
    init: { body?: string | URLSearchParams | Record<string, string>; headers?: Record<string, string>; json?: unknown } = {},
  ): Promise<HttpResult> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...(init.headers ?? {}) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    } else if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : new URLSearchParams(init.body as Record<string, string>).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const url = /^https?:/.test(path) ? path : this.baseUrl + path;
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text), location: res.headers.get('location') };
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request('GET', path, { headers });
  }

  post(path: string, body: Record<string, string> | URLSearchParams | string, headers: Record<string, string> = {}) {
    return this.request('POST', path, { body, headers });
  }

  /** GET a page, then POST its form with the page's CSRF token added. */
  async submit(pagePath: string, fields: Record<string, string>, action = pagePath, headers: Record<string, string> = {}): Promise<HttpResult> {
    const page = await this.get(pagePath, headers);
    const token = csrfFrom(page.text);
    return this.post(action, { _csrf: token, ...fields }, headers);
  }

  /** The CSRF token of any page (for JSON calls: X-CSRF-Token). */
  async csrfToken(path = '/accounts/login/'): Promise<string> {
    return csrfFrom((await this.get(path)).text);
  }
}

export function csrfFrom(html: string): string {
  const m = /<meta name="csrf-token" content="([^"]+)"/.exec(html) ?? /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

/** Unescapes the few entities Handlebars writes. */
export function htmlText(html: string): string {
  return html
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`');
}

/** Status, headers, text and (when the body is JSON) the parsed body of a fetch response. */
export async function readResponse(res: Response): Promise<{ status: number; headers: Headers; text: string; json: any }> {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
