export type Route = { page: "wall"; id: string } | { page: "console" } | { page: "index" };

/** `/wall/<id>` -> the wall, `/console` -> the console, anything else -> the index. */
export function route(pathname: string): Route {
  const wall = /^\/wall\/([^/]+)\/?$/.exec(pathname);
  if (wall?.[1]) {
    try {
      return { page: "wall", id: decodeURIComponent(wall[1]) };
    } catch {
      return { page: "index" }; // malformed percent-encoding
    }
  }
  if (/^\/console\/?$/.test(pathname)) return { page: "console" };
  return { page: "index" };
}
