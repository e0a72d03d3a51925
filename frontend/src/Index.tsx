import { useState } from "preact/hooks";

/** Landing page: links to the console and to a wall by id. */
export function Index() {
  const [wallId, setWallId] = useState("main");
  const go = (e: Event) => {
    e.preventDefault();
    const id = wallId.trim();
    if (id) window.location.assign(`/wall/${encodeURIComponent(id)}`);
  };
  return (
    <main class="index">
      <h1>Command Centre</h1>
      <ul class="index__links">
        <li>
          <a href="/console">Dispatch console</a>
        </li>
        <li>
          <a href="/wall/main">Video wall “main”</a>
        </li>
      </ul>
      <form class="index__form" onSubmit={go}>
        <label for="wall-id">Open wall</label>
        <input id="wall-id" value={wallId} onInput={(e) => setWallId(e.currentTarget.value)} />
        <button class="btn" type="submit">
          Open
        </button>
      </form>
    </main>
  );
}
