import "./styles/common.css";
import { render } from "preact";
import { ConsolePage } from "./console/ConsolePage";
import { I18nProvider } from "./i18n/context";
import { Index } from "./Index";
import { route, type Route } from "./route";
import { WallPage } from "./wall/WallPage";

function App({ r }: { r: Route }) {
  switch (r.page) {
    case "wall":
      return <WallPage id={r.id} />;
    case "console":
      return <ConsolePage />;
    case "index":
      return <Index />;
  }
}

const r = route(window.location.pathname);
document.body.classList.add(`page-${r.page}`);
render(
  <I18nProvider>
    <App r={r} />
  </I18nProvider>,
  document.getElementById("app")!,
);
