import "./styles/index.css";
import { useEffect, useState } from "preact/hooks";
import { LocaleSwitch } from "./common/LocaleSwitch";
import { useI18n } from "./i18n/context";

/** Landing page: links to the console and to a wall by id. */
export function Index() {
  const { t } = useI18n();
  const [wallId, setWallId] = useState("main");
  const title = t("app.title");
  useEffect(() => void (document.title = title), [title]);
  const go = (e: Event) => {
    e.preventDefault();
    const id = wallId.trim();
    if (id) window.location.assign(`/wall/${encodeURIComponent(id)}`);
  };
  return (
    <main class="index">
      <LocaleSwitch />
      <h1>{title}</h1>
      <ul class="index__links">
        <li>
          <a href="/console">{t("index.console")}</a>
        </li>
        <li>
          <a href="/wall/main">{t("index.mainWall")}</a>
        </li>
      </ul>
      <form class="index__form" onSubmit={go}>
        <label for="wall-id">{t("index.openWall")}</label>
        <input id="wall-id" value={wallId} onInput={(e) => setWallId(e.currentTarget.value)} />
        <button class="btn" type="submit">
          {t("index.open")}
        </button>
      </form>
    </main>
  );
}
