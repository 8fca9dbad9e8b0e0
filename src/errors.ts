// The one error type of the project. Everything a client can get wrong ends up as a ProblemError,
// and the HTTP layer turns it into RFC 9457 problem+json. Codes are stable: vendors match on them.

export interface Message {
  uk: string;
  en: string;
}

/** One violation in a request: a stable code, where it is (RFC 6901 JSON pointer), and why. */
export interface Issue {
  code: string;
  pointer: string;
  message: Message;
}

export interface ProblemInit {
  status: number;
  code: string;
  message: Message;
  pointer?: string;
  issues?: Issue[];
  headers?: Record<string, string>;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: Message;
  readonly pointer: string | undefined;
  readonly issues: Issue[];
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.message.en);
    this.name = 'ProblemError';
    this.status = init.status;
    this.code = init.code;
    this.messages = init.message;
    this.pointer = init.pointer;
    this.issues = init.issues ?? [];
    this.headers = init.headers ?? {};
  }

  /** A 422 carrying every issue found; the first one names the problem. */
  static fromIssues(issues: Issue[]): ProblemError {
    const first = issues[0];
    if (!first) throw new Error('fromIssues needs at least one issue');
    return new ProblemError({
      status: 422,
      code: first.code,
      message: first.message,
      pointer: first.pointer,
      issues,
    });
  }
}

/** Escape one path segment for a JSON pointer (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}
