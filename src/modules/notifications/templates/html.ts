/**
 * Plain functions instead of a template engine: one email needs escaping, a layout and a few
 * loops, and TypeScript checks the data each template reads.
 */
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Every value from data goes through this before it lands in HTML (names come from customers). */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The shared frame: inline styles only, because most mail clients drop <style> blocks. */
export function layout(input: { title: string; body: string }): string {
  return [
    "<!doctype html>",
    '<html><head><meta charset="utf-8"><title>',
    escapeHtml(input.title),
    "</title></head>",
    '<body style="margin:0;padding:24px;background:#f5f6f8;font-family:Arial,Helvetica,sans-serif;color:#1f2933">',
    '<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:6px;padding:24px">',
    input.body,
    "</div></body></html>",
  ].join("");
}
