// The console's pages are plain .ts: HTML written with hono/html's `html` tagged template, which
// escapes every value put into it (text and attribute values alike) except other `html` results,
// renders arrays item by item and null, undefined and booleans as nothing. Node runs it as it is:
// no JSX, no compiler at run time.
import type { HtmlEscapedString } from 'hono/utils/html';

export { html, raw } from 'hono/html';

/** What a component returns, and what a page may put inside another. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
