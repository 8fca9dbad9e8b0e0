// fetch with a deadline, answers read in full. A gateway killed mid-request shows up here as a
// thrown network error (refused, reset, socket closed) or a timeout; callers decide whether to retry.
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export async function call(url: string, init: CallInit = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const answer = await call(url, { headers });
  if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
  return JSON.parse(answer.text) as T;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The error code a failed fetch carries (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, TimeoutError…). */
export function networkErrorCode(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.name ?? e.name ?? 'unknown';
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
