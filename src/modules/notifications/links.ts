/**
 * Links in emails. PUBLIC_URL (config, no trailing slash) is where users reach this installation;
 * the server cannot guess it from a request because emails are rendered by use cases and jobs.
 */

/** PUBLIC_URL + path, e.g. an order's status page for R-ORD-10. */
export function publicUrl(config: { PUBLIC_URL: string }, path: string): string {
  return `${config.PUBLIC_URL}/${path.replace(/^\/+/, "")}`;
}

/** A link from template data: absolute http(s) as given, or a path resolved against PUBLIC_URL. */
export function absoluteLink(base: string, link: string): string {
  return link.startsWith("/") ? publicUrl({ PUBLIC_URL: base }, link) : link;
}
