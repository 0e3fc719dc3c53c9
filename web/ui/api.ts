/** One invalid field of a request, as listed in a problem document's `errors`. */
export type FieldIssue = { path: string; code: string; message: string };

/** An RFC 9457 problem document, the shape of every error the server returns. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldIssue[];
};

/** HTTP failures are expected outcomes, so they come back as values rather than exceptions. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: Problem; retryAfterSeconds: number | null };

export type ApiClientOptions = {
  /** Read at each request so a language switch applies at once. */
  getLocale: () => string;
  /** Name of the readable cookie holding the CSRF token. Default `comptoir_csrf`. */
  csrfCookie?: string;
  /** Header the CSRF token is echoed in. Default `X-CSRF-Token`. */
  csrfHeader?: string;
};

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Seconds from a Retry-After header, which may hold either a delay or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function fallbackProblem(status: number, code: string, title: string): Problem {
  return { type: 'about:blank', title, status, code };
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (typeof body.code === 'string') {
        return { ...fallbackProblem(response.status, body.code, ''), ...body } as Problem;
      }
    } catch {
      // A malformed body is reported as an unexpected response below.
    }
  }
  return fallbackProblem(response.status, 'unexpected_response', response.statusText);
}

export function createApiClient(options: ApiClientOptions) {
  const csrfCookie = options.csrfCookie ?? 'comptoir_csrf';
  const csrfHeader = options.csrfHeader ?? 'X-CSRF-Token';

  async function request<T>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers = new Headers({ Accept: 'application/json', 'Accept-Language': options.getLocale() });
    if (method !== 'GET') {
      const token = readCookie(csrfCookie);
      if (token) headers.set(csrfHeader, token);
    }
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (body instanceof Blob) {
      // A file goes as its raw bytes with its own type (image uploads); the server checks both.
      headers.set('Content-Type', body.type || 'application/octet-stream');
      init.body = body;
    } else if (body !== undefined) {
      headers.set('Content-Type', 'application/json');
      init.body = JSON.stringify(body);
    }

    let response: Response;
    try {
      response = await fetch(path, init);
    } catch {
      return { ok: false, status: 0, problem: fallbackProblem(0, 'network_error', 'Network error'), retryAfterSeconds: null };
    }

    if (!response.ok) {
      const problem = await readProblem(response);
      return { ok: false, status: response.status, problem, retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')) };
    }
    const text = await response.text();
    try {
      const data = (text ? JSON.parse(text) : undefined) as T;
      return { ok: true, status: response.status, data };
    } catch {
      // A success status with a body that is not JSON means something else answered (a proxy page).
      const problem = fallbackProblem(response.status, 'unexpected_response', response.statusText);
      return { ok: false, status: response.status, problem, retryAfterSeconds: null };
    }
  }

  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T = void>(path: string, body?: unknown) => request<T>('POST', path, body),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    delete: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
