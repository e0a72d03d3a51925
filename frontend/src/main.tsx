import { render } from "preact";
import { ConsolePage } from "./console/ConsolePage";
import { Index } from "./Index";
import { route, type Route } from "./route";
import { WallPage } from "./wall/WallPage";
import "./styles.css";

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
render(<App r={r} />, document.getElementById("app")!);
